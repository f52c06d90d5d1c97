import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ContractDiff, diffContracts } from '@meshplan/diff';
import { DriftInputError, type DriftResult, driftFromFiles } from '@meshplan/drift';
import { ExportError, exportModel, type TargetId, zipFiles } from '@meshplan/exporters';
import { pngsWithin } from '@meshplan/exporters/png';
import {
  ImportError,
  type ImportFile,
  type ImportFormat,
  ImportLimitError,
  type ImportResult,
  importModel,
} from '@meshplan/importers';
import { dnsName, type Model, type ModelError, parseModel } from '@meshplan/model';
import { checkSettings, type Finding, lint } from '@meshplan/rules';
import { DEFAULT_POOL_SETTINGS, type PoolSettings, type PoolStats, WorkerPool } from './worker-pool.js';

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

export type ImportOutcome =
  | { ok: true; result: ImportResult }
  /** `tooLarge`: the import would produce more than its limits allow (an alias bomb, say). */
  | { ok: false; message: string; tooLarge: boolean };

/** Reads documents into a model (see @meshplan/importers); a bad document is an outcome, not a throw. */
export function importFiles(files: readonly ImportFile[], from?: ImportFormat): ImportOutcome {
  try {
    return { ok: true, result: importModel({ files }, from === undefined ? {} : { from }) };
  } catch (error) {
    if (error instanceof ImportError) {
      return { ok: false, message: error.message, tooLarge: error instanceof ImportLimitError };
    }
    throw error;
  }
}

export type DriftOutcome =
  | { ok: true; result: DriftResult }
  /** The observation could not be read (as an import), or the map names what the model lacks. */
  | { ok: false; message: string; tooLarge: boolean; errors: ModelError[] };

/**
 * A stored (valid) model against an observation read like an import (see @meshplan/drift): the
 * import and the comparison both run here, on a worker thread.
 */
export function driftFiles(
  text: string,
  files: readonly ImportFile[],
  from: ImportFormat | undefined,
  map: Readonly<Record<string, string>> | undefined,
): DriftOutcome {
  const design = JSON.parse(text) as Model;
  try {
    const options = { ...(from === undefined ? {} : { from }), ...(map === undefined ? {} : { map }) };
    return { ok: true, result: driftFromFiles(design, { files }, options).result };
  } catch (error) {
    if (error instanceof DriftInputError)
      return { ok: false, message: error.message, tooLarge: false, errors: error.errors };
    if (error instanceof ImportError) {
      const tooLarge = error instanceof ImportLimitError;
      return { ok: false, message: error.message, tooLarge, errors: [{ path: '', message: error.message }] };
    }
    throw error;
  }
}

export type ExportOutcome =
  | { ok: true; zip: Uint8Array; filename: string; files: number }
  | { ok: false; message: string; elements: readonly string[] };

/** A stored (valid) model's export targets as one zip, named after the model; diagrams with their PNGs. */
export async function exportZip(text: string, targets?: readonly TargetId[]): Promise<ExportOutcome> {
  const model = JSON.parse(text) as Model;
  try {
    const { files } = await exportModel(model, {
      ...(targets === undefined ? {} : { targets }),
      rasterize: pngsWithin(),
    });
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
  /** A stored model against an observation, on the same threads as imports. */
  drift(
    text: string,
    files: readonly ImportFile[],
    from: ImportFormat | undefined,
    map: Readonly<Record<string, string>> | undefined,
  ): Promise<DriftOutcome>;
  /** Contract changes between two stored revisions (diff.md), on the same threads as reads. */
  contractDiff(before: Model, after: Model, all: boolean): Promise<ContractDiff>;
  /** Exports on the same threads: every target of a large model takes a while. */
  exportZip(text: string, targets?: readonly TargetId[]): Promise<ExportOutcome>;
  /** Findings of a stored model: a read, queued apart from the validation of writes. */
  findings(text: string): Promise<Validation>;
  stats(): PoolStats | undefined;
  close(): Promise<void>;
}

export interface ValidatorOptions {
  /** Lets the workers run the `test-crash` and `test-hang` jobs: for the pool's own tests only. */
  testJobs?: boolean;
  /** Told when a worker dies or runs over its timeout (the server logs it). */
  onWorkerLost?: (reason: string) => void;
}

/**
 * Validation, lint, import and export on worker threads, so that a large model does not stall the
 * event loop for every other request (see worker-pool.ts: writes are queued apart from reads,
 * every job has a timeout, a dead worker is replaced). Falls back to this thread where the
 * compiled worker is not available (tests running the TypeScript sources).
 */
export function createValidator(
  settings: PoolSettings = DEFAULT_POOL_SETTINGS,
  options: ValidatorOptions = {},
): Validator & { pool?: WorkerPool } {
  const script = fileURLToPath(new URL('./validation-worker.js', import.meta.url));
  if (!import.meta.url.endsWith('.js') || !existsSync(script)) {
    return {
      validate: async (text, withLint) => validateText(text, withLint),
      importFiles: async (files, from) => importFiles(files, from),
      drift: async (text, files, from, map) => driftFiles(text, files, from, map),
      contractDiff: async (before, after, all) => diffContracts(before, after, { all }),
      exportZip: (text, targets) => exportZip(text, targets),
      findings: async (text) => validateText(text, true),
      stats: () => undefined,
      close: async () => undefined,
    };
  }
  const pool = new WorkerPool(
    script,
    settings,
    { testJobs: options.testJobs === true },
    options.onWorkerLost,
  );
  return {
    pool,
    validate: (text, withLint = false) => pool.run('write', { job: 'validate', text, withLint }),
    importFiles: (files, from) => pool.run('read', { job: 'import', files, from }),
    drift: (text, files, from, map) => pool.run('read', { job: 'drift', text, files, from, map }),
    contractDiff: (before, after, all) => pool.run('read', { job: 'diff', before, after, all }),
    exportZip: (text, targets) => pool.run('read', { job: 'export', text, targets }),
    findings: (text) => pool.run('read', { job: 'validate', text, withLint: true }),
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}

/** What the main thread asks of a worker. */
export type WorkerJob =
  | { job: 'validate'; text: string; withLint: boolean }
  | { job: 'import'; files: readonly ImportFile[]; from: ImportFormat | undefined }
  | {
      job: 'drift';
      text: string;
      files: readonly ImportFile[];
      from: ImportFormat | undefined;
      map: Readonly<Record<string, string>> | undefined;
    }
  | { job: 'diff'; before: Model; after: Model; all: boolean }
  | { job: 'export'; text: string; targets: readonly TargetId[] | undefined }
  /** Only where the pool was made with `testJobs`: a worker that dies, and one that never answers. */
  | { job: 'test-crash' }
  | { job: 'test-hang' };
