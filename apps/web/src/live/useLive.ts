import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { EditorStore } from '../store/editor.js';

/**
 * Keeps the opened model's document in step with the server's room for as long as the editor
 * shows it (see `startSession`). Yjs's protocol code loads with the first model opened.
 */
export function useLive(store: EditorStore, credential: string, name: string): void {
  const queries = useQueryClient();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void import('./session.js').then(({ startSession }) => {
      if (!cancelled) stop = startSession(store, credential, name, queries);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [store, credential, name, queries]);
}
