import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { create } from 'zustand';
import { api, type Thread } from '../api/client.js';

interface PinsState {
  /** Open threads, for the pins on the canvas. */
  threads: Thread[];
  /** A pin the user chose: the side panel opens on comments. */
  chosen: string | undefined;
}

/** The canvas draws pins from here; it never fetches (the editor fills it). */
export const usePins = create<PinsState>(() => ({ threads: [], chosen: undefined }));

/** Keeps the pins in step with the model's comments (the same query the panel reads). */
export function useCommentPins(id: string, token: string): void {
  const threads = useQuery({ queryKey: ['comments', id], queryFn: () => api.comments(id, token) });
  useEffect(() => {
    usePins.setState({ threads: (threads.data ?? []).filter((thread) => !thread.resolved) });
  }, [threads.data]);
}
