import type { Model } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';
import { useEffect, useRef } from 'react';
import { useEditor, useEditorStore } from '../store/editor.js';

/**
 * Lints the opened model in a web worker of its own on every change, debounced; the findings go
 * to its store. The worker ends with the editor.
 */
export function useLintOnChange(delay = 150): void {
  const store = useEditorStore();
  // Findings do not depend on positions: a drag does not re-lint.
  const model = useEditor((s) => s.content);
  const worker = useRef<{ worker: Worker; seq: number } | undefined>(undefined);
  useEffect(
    () => () => {
      worker.current?.worker.terminate();
      worker.current = undefined;
    },
    [],
  );
  useEffect(() => {
    const timer = setTimeout(() => {
      const lint = worker.current ?? {
        worker: new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module' }),
        seq: 0,
      };
      worker.current = lint;
      const mine = ++lint.seq;
      lint.worker.onmessage = (event: MessageEvent<{ seq: number; findings: Finding[] }>) => {
        // Only the answer for the last model sent: an older one would show findings already fixed.
        if (event.data.seq === mine) store.getState().findingsArrived(event.data.findings);
      };
      lint.worker.postMessage({ seq: mine, model } satisfies { seq: number; model: Model });
    }, delay);
    return () => clearTimeout(timer);
  }, [model, delay, store]);
}

/** Finding count and worst severity per element id, for the badges. */
export function countsByElement(
  findings: Finding[],
): Map<string, { count: number; worst: 'error' | 'warning' | 'info' }> {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const counts = new Map<string, { count: number; worst: 'error' | 'warning' | 'info' }>();
  for (const finding of findings) {
    for (const id of new Set(finding.elements)) {
      const entry = counts.get(id);
      if (entry === undefined) counts.set(id, { count: 1, worst: finding.severity });
      else {
        entry.count++;
        if (rank[finding.severity] < rank[entry.worst]) entry.worst = finding.severity;
      }
    }
  }
  return counts;
}
