import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api/client.js';
import { useEditorStore } from '../store/editor.js';

/** Keeps the canvas's pins in step with the model's open comments (the query the panel reads). */
export function useCommentPins(id: string, token: string): void {
  const store = useEditorStore();
  const threads = useQuery({ queryKey: ['comments', id], queryFn: () => api.comments(id, token) });
  useEffect(() => {
    store.getState().threadsChanged((threads.data ?? []).filter((thread) => !thread.resolved));
  }, [threads.data, store]);
}
