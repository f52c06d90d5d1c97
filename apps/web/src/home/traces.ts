import type { ImportReport } from '@meshplan/importers';
import type { Model } from '@meshplan/model';

/** The one picked file when it is a trace export (told from its first 4 KB), else undefined. */
export async function traceFileOf(files: readonly File[]): Promise<File | undefined> {
  const [file, ...more] = files;
  if (file === undefined || more.length > 0 || !/\.(json|jsonl|ndjson)$/i.test(file.name)) return undefined;
  // Loaded on demand: the importers stay out of the home page's own bundle.
  const { looksLikeTraces } = await import('@meshplan/importers');
  return looksLikeTraces(await file.slice(0, 4096).text()) ? file : undefined;
}

/** Reads a trace export into a model in a worker of its own, ended once it answers. */
export function importTracesInWorker(file: File): Promise<{ model: Model; report: ImportReport }> {
  const worker = new Worker(new URL('./traces.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (
      event: MessageEvent<{ ok: true; model: Model; report: ImportReport } | { ok: false; message: string }>,
    ) => {
      worker.terminate();
      if (event.data.ok) resolve({ model: event.data.model, report: event.data.report });
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the trace reader stopped'));
    };
    worker.postMessage({ file });
  });
}
