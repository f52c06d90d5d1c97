import type { Model } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';
import { useEffect } from 'react';
import { create } from 'zustand';
import { useEditor } from '../store/editor.js';

interface FindingsState {
  findings: Finding[];
  /** The model version the findings belong to. */
  version: number;
}

export const useFindings = create<FindingsState>(() => ({ findings: [], version: -1 }));

let worker: Worker | undefined;
let seq = 0;

/** Lints the model in a web worker on every change, debounced. */
export function useLintOnChange(delay = 150): void {
  // Findings do not depend on positions: a drag does not re-lint.
  const model = useEditor((s) => s.content);
  useEffect(() => {
    if (model === undefined) return;
    const timer = setTimeout(() => lintInWorker(model, useEditor.getState().version), delay);
    return () => clearTimeout(timer);
  }, [model, delay]);
}

function lintInWorker(model: Model, version: number): void {
  worker ??= new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module' });
  const mine = ++seq;
  worker.onmessage = (event: MessageEvent<{ seq: number; findings: Finding[] }>) => {
    if (event.data.seq === seq) useFindings.setState({ findings: event.data.findings, version });
  };
  worker.postMessage({ seq: mine, model });
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
