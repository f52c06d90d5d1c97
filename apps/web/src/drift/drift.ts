import type { DriftAnalysis } from '@meshplan/drift';
import type { ImportFile, ImportFormat } from '@meshplan/importers';
import type { Model } from '@meshplan/model';

/** What the drift worker is asked: the design and the observation, read or to read. */
export type DriftJob =
  | { design: Model; files: ImportFile[] }
  | { design: Model; traces: File }
  | { design: Model; observed: Model; from: ImportFormat };

export type DriftOutcome =
  | { ok: true; observed: Model; from: ImportFormat; analysis: DriftAnalysis; model: Model }
  | { ok: false; message: string };

/** Runs one comparison in a worker of its own, ended once it answers. */
export function compareInWorker(job: DriftJob): Promise<Extract<DriftOutcome, { ok: true }>> {
  const worker = new Worker(new URL('./drift.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<DriftOutcome>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the comparison stopped'));
    };
    worker.postMessage(job);
  });
}
