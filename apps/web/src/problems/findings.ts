import type { Model } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';
import { useEffect } from 'react';
import { useEditorStore } from '../store/editor.js';

/**
 * Lints the opened model in a web worker of its own on every change, debounced; the findings go
 * to its store. The worker ends with the editor. It listens to the store rather than rendering
 * with it: the component that calls it does not re-render on every change.
 */
export function useLintOnChange(delay = 150): void {
  const store = useEditorStore();
  useEffect(() => {
    let lint: { worker: Worker; seq: number } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const send = (model: Model) => {
      lint ??= {
        worker: new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module' }),
        seq: 0,
      };
      const current = lint;
      const mine = ++current.seq;
      current.worker.onmessage = (
        event: MessageEvent<{ seq: number; findings: Finding[] } | { seq: number; unchanged: true }>,
      ) => {
        // Only the answer for the last model sent: an older one would show findings already fixed.
        if (event.data.seq === mine && 'findings' in event.data)
          store.getState().findingsArrived(event.data.findings);
      };
      current.worker.postMessage({ seq: mine, model } satisfies { seq: number; model: Model });
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => send(store.getState().content), delay);
    };
    schedule();
    // Findings do not depend on positions: a drag (which leaves `content` alone) does not re-lint.
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.content !== previous.content) schedule();
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      lint?.worker.terminate();
    };
  }, [delay, store]);
}
