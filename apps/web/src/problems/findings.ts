import type { Model } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';
import { useEffect } from 'react';
import type { ReplicaMessage } from '../replica/replica.js';
import { createModelSender } from '../replica/sender.js';
import { useEditorStore } from '../store/editor.js';

/**
 * Lints the opened model in a web worker of its own on every change, debounced; the findings go
 * to its store. The worker ends with the editor. It listens to the store rather than rendering
 * with it: the component that calls it does not re-render on every change. The worker keeps its
 * own copy of the model and is sent what changed (see `replica.ts`).
 */
export function useLintOnChange(delay = 150): void {
  const store = useEditorStore();
  useEffect(() => {
    let lint: { worker: Worker; seq: number; send: (model: Model) => ReplicaMessage } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const send = (model: Model) => {
      lint ??= {
        worker: new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module' }),
        seq: 0,
        send: createModelSender(),
      };
      const current = lint;
      const mine = ++current.seq;
      current.worker.onmessage = (
        event: MessageEvent<
          { seq: number; findings: Finding[]; error?: string } | { seq: number; unchanged: true }
        >,
      ) => {
        // The worker forgot the model: the next message carries it whole.
        if ('error' in event.data) current.send = createModelSender();
        // Only the answer for the last model sent: an older one would show findings already fixed.
        if (event.data.seq === mine && 'findings' in event.data)
          store.getState().findingsArrived(event.data.findings);
      };
      current.worker.postMessage({ seq: mine, model: current.send(model) } satisfies {
        seq: number;
        model: ReplicaMessage;
      });
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
