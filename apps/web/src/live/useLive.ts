import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { create } from 'zustand';
import type { LiveRole, LiveStatus } from './connection.js';

export interface Peer {
  clientId: number;
  name: string;
  /** The role the server stamped on this person's presence: their credential's, not a claim. */
  role: string | undefined;
  color: string;
  selection: string[];
}

interface LiveState {
  status: LiveStatus | 'off';
  detail: string | undefined;
  /** What this person's credential may do, as the server said when the session began. */
  role: LiveRole | undefined;
  /** Changes sent and not yet on the server's disk. */
  unacknowledged: number;
  peers: Peer[];
}

/** What the toolbar and the canvas show of the live session. */
export const useLiveState = create<LiveState>(() => ({
  status: 'off',
  detail: undefined,
  role: undefined,
  unacknowledged: 0,
  peers: [],
}));

/**
 * Edits the model live while `enabled` (see `startLiveSession`). Yjs and the protocol load only
 * then: a model nobody shares never downloads them.
 */
export function useLive(modelId: string, credential: string, name: string, enabled: boolean): void {
  const queries = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    useLiveState.setState({ status: 'connecting' });
    void import('./session.js').then(({ startLiveSession }) => {
      if (!cancelled) stop = startLiveSession(modelId, credential, name, queries);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [modelId, credential, name, enabled, queries]);
}
