import type { Model } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';
import { useEffect } from 'react';
import { applyListPatch, type CollectionPatch, type ReplicaMessage } from '../replica/replica.js';
import { createModelSender } from '../replica/sender.js';
import { useEditorStore } from '../store/editor.js';

/**
 * The lint worker's answer: every finding (the first answer, or after an error), none changed, or
 * what changed since its last answer (`listPatchByKey`). Every answer is applied, in order.
 */
export type LintAnswer =
  | { seq: number; findings: Finding[]; error?: string }
  | { seq: number; unchanged: true }
  | { seq: number; patch: CollectionPatch };

/**
 * Lints the opened model in a web worker of its own on every change, debounced; the findings go
 * to its store. The worker ends with the editor. It listens to the store rather than rendering
 * with it: the component that calls it does not re-render on every change. The worker keeps its
 * own copy of the model and is sent what changed (see `replica.ts`).
 */
export function useLintOnChange(delay = 150): void {
  const store = useEditorStore();
  useEffect(() => {
    let lint:
      | {
          worker: Worker;
          seq: number;
          send: (model: Model) => ReplicaMessage;
          /** The findings of the worker's last answer, which the next one may patch. */
          told: Finding[];
        }
      | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const send = (model: Model) => {
      lint ??= {
        worker: new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module' }),
        seq: 0,
        send: createModelSender(),
        told: [],
      };
      const current = lint;
      const mine = ++current.seq;
      current.worker.onmessage = (event: MessageEvent<LintAnswer>) => {
        const answer = event.data;
        // The worker forgot the model: the next message carries it whole.
        if ('error' in answer) current.send = createModelSender();
        if ('patch' in answer) current.told = applyListPatch(current.told, answer.patch, 'findings');
        else if ('findings' in answer) current.told = answer.findings;
        // Only the answer for the last model sent is shown: an older one would show findings
        // already fixed. Each is applied all the same, for the next to patch; and an answer that
        // found nothing new shows what an older one brought, if that was not shown.
        if (answer.seq === mine && store.getState().findings !== current.told)
          store.getState().findingsArrived(current.told);
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
