import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ExportError, exportModel, type TargetId, zipFiles } from '@meshplan/exporters';
import {
  ImportError,
  type ImportFile,
  type ImportFormat,
  type ImportResult,
  importModel,
} from '@meshplan/importers';
import { dnsName, type Model, type ModelError, parseModel } from '@meshplan/model';
import { checkSettings, type Finding, lint } from '@meshplan/rules';

export type Validation =
  | { ok: true; findings?: Finding[] }
  | { ok: false; errors: ModelError[]; syntax: boolean };

/** Parses and validates a model's JSON text (and lints it when asked): the work of one request. */
export function validateText(text: string, withLint = false): Validation {
  const result = parseModel(text);
  if (!result.ok) {
    const first = result.errors[0];
    return {
      ok: false,
      errors: result.errors,
      syntax: first?.path === '' && first.message.startsWith('not valid JSON'),
    };
  }
  const errors = checkSettings(result.model.settings?.rules);
  if (errors.length > 0) return { ok: false, errors, syntax: false };
  return withLint ? { ok: true, findings: lint(result.model as Model) } : { ok: true };
}

export type ImportOutcome = { ok: true; result: ImportResult } | { ok: false; message: string };

/** Reads documents into a model (see @meshplan/importers); a bad document is an outcome, not a throw. */
export function importFiles(files: readonly ImportFile[], from?: ImportFormat): ImportOutcome {
  try {
    return { ok: true, result: importModel({ files }, from === undefined ? {} : { from }) };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, message: error.message };
    throw error;
  }
}

export type ExportOutcome =
  | { ok: true; zip: Uint8Array; filename: string; files: number }
  | { ok: false; message: string; elements: readonly string[] };

/** A stored (valid) model's export targets as one zip, named after the model. */
export function exportZip(text: string, targets?: readonly TargetId[]): ExportOutcome {
  const model = JSON.parse(text) as Model;
  try {
    const { files } = exportModel(model, targets === undefined ? {} : { targets });
    return {
      ok: true,
      zip: zipFiles(files),
      filename: `${dnsName(model.name) || 'model'}.zip`,
      files: files.length,
    };
  } catch (error) {
    if (error instanceof ExportError) return { ok: false, message: error.message, elements: error.elements };
    throw error;
  }
}

export interface Validator {
  validate(text: string, withLint?: boolean): Promise<Validation>;
  /** Imports on the same threads: a 5 MB YAML file must not stall other requests either. */
  importFiles(files: readonly ImportFile[], from?: ImportFormat): Promise<ImportOutcome>;
  /** Exports on the same threads: every target of a large model takes a while. */
  exportZip(text: string, targets?: readonly TargetId[]): Promise<ExportOutcome>;
  close(): Promise<void>;
}

/**
 * Validation (and lint) of request bodies on worker threads, so that checking a large model does
 * not stall the event loop for every other request. Falls back to this thread where the compiled
 * worker is not available (tests running the TypeScript sources).
 */
export function createValidator(size = Math.max(1, Math.min(2, availableParallelism() - 1))): Validator {
  const script = fileURLToPath(new URL('./validation-worker.js', import.meta.url));
  if (!import.meta.url.endsWith('.js') || !existsSync(script)) {
    return {
      validate: async (text, withLint) => validateText(text, withLint),
      importFiles: async (files, from) => importFiles(files, from),
      exportZip: async (text, targets) => exportZip(text, targets),
      close: async () => undefined,
    };
  }
  const workers = Array.from({ length: size }, () => new Worker(script));
  // biome-ignore lint/suspicious/noExplicitAny: each job resolves with its own kind of result
  const waiting = new Map<number, { resolve: (result: any) => void; reject: (error: Error) => void }>();
  const load = workers.map(() => 0);
  let next = 0;
  workers.forEach((worker, i) => {
    worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      load[i] = (load[i] ?? 1) - 1;
      const job = waiting.get(id);
      waiting.delete(id);
      if (result !== undefined) job?.resolve(result);
      else job?.reject(new Error(`worker job failed: ${error}`));
    });
    worker.unref();
  });
  function run<T>(job: WorkerJob): Promise<T> {
    const id = next++;
    // The least busy worker takes the job.
    const i = load.indexOf(Math.min(...load));
    load[i] = (load[i] ?? 0) + 1;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      workers[i]?.postMessage({ id, ...job });
    });
  }
  return {
    validate: (text, withLint = false) => run({ job: 'validate', text, withLint }),
    importFiles: (files, from) => run({ job: 'import', files, from }),
    exportZip: (text, targets) => run({ job: 'export', text, targets }),
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** What the main thread asks of a worker. */
export type WorkerJob =
  | { job: 'validate'; text: string; withLint: boolean }
  | { job: 'import'; files: readonly ImportFile[]; from: ImportFormat | undefined }
  | { job: 'export'; text: string; targets: readonly TargetId[] | undefined };
