import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import {
  analyzeDrift,
  DriftInputError,
  driftSarif,
  driftText,
  type FailOn,
  hasDrift,
  VISIBLE_KINDS,
} from '@meshplan/drift';
import {
  detectFormat,
  ImportError,
  type ImportFormat,
  type ImportResult,
  importModel,
} from '@meshplan/importers';
import { isTraceFile, readImportFiles } from '@meshplan/importers/node';
import { formatError } from '@meshplan/model';
import { EXIT, type Io, UsageError } from '../io.js';
import { readModelFile } from '../read-model.js';
import { readTraces } from './import.js';

export type DriftFormat = 'text' | 'json' | 'sarif';

export interface DriftCommandOptions {
  /** The observation: a file or a folder that an import reads. */
  observed: string;
  from?: ImportFormat;
  format: DriftFormat;
  failOn?: FailOn;
  /** A JSON file `{ "observed name": "node id" }`. */
  map?: string;
}

/** A name map is a small hand-written file: anything larger is not one. */
const MAX_MAP_BYTES = 1024 * 1024;

/**
 * `meshplan drift MODEL --observed PATH`: the design against what runs (drift.md). JSON, text or
 * SARIF on standard output; the import's guesses on standard error. Exit 1 when there is drift of
 * the `--fail-on` kind (never without it), 2 for a bad command line or input, as `lint` does.
 */
export async function driftCommand(file: string, options: DriftCommandOptions, io: Io): Promise<number> {
  const { model: design, text } = await readModelFile(file);
  const map = options.map === undefined ? undefined : await readMap(options.map);
  const { result: observation, from } = await readObservation(options.observed, options.from);
  let analysis: ReturnType<typeof analyzeDrift>;
  try {
    const visibleKinds = VISIBLE_KINDS[from];
    analysis = analyzeDrift(design, observation.model, {
      ...(map === undefined ? {} : { map }),
      ...(visibleKinds === undefined ? {} : { visibleKinds }),
    });
  } catch (error) {
    if (error instanceof DriftInputError)
      throw new UsageError(
        `${options.map ?? 'the map'} cannot be used:`,
        error.errors.map((e) => `${options.map}: ${formatError(e)}`),
      );
    throw error;
  }
  switch (options.format) {
    case 'json':
      io.stdout(`${JSON.stringify(analysis.result, null, 2)}\n`);
      break;
    case 'sarif':
      io.stdout(`${JSON.stringify(driftSarif(analysis, { artifactUri: toUri(file), text }), null, 2)}\n`);
      break;
    case 'text':
      io.stdout(
        driftText(analysis, { design: design.name, observation: `${basename(options.observed)} (${from})` }),
      );
      break;
  }
  const { guesses, unmapped } = observation.report;
  if (guesses.length + unmapped.length > 0)
    io.stderr(
      `The observation was read with ${guesses.length} ${guesses.length === 1 ? 'guess' : 'guesses'} ` +
        `and ${unmapped.length} unmapped ${unmapped.length === 1 ? 'item' : 'items'} (meshplan import ${options.observed} lists them).\n`,
    );
  return options.failOn !== undefined && hasDrift(analysis, options.failOn) ? EXIT.findings : EXIT.ok;
}

/**
 * Reads the observation through the import path, so that every format `meshplan import` reads
 * (traces included) is an observation too.
 */
async function readObservation(
  path: string,
  from: ImportFormat | undefined,
): Promise<{ result: ImportResult; from: ImportFormat }> {
  // Trace exports are streamed from disk: files of 100 MB and more in bounded memory.
  if (from === 'traces' || (from === undefined && (await isTraceFile(path).catch(() => false)))) {
    return { result: await readTraces(path), from: 'traces' };
  }
  let files: Awaited<ReturnType<typeof readImportFiles>>;
  try {
    files = await readImportFiles(path);
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (files.length === 0) throw new UsageError(`${path}: no YAML or JSON files to read`);
  try {
    const format = from ?? detectFormat(files);
    return { result: importModel({ files }, { from: format }), from: format };
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

async function readMap(path: string): Promise<unknown> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_MAP_BYTES)
      throw new UsageError(`${path}: ${bytes.length} bytes; a name map may have at most ${MAX_MAP_BYTES}`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

/** A relative, forward-slash path: what SARIF consumers expect for a file in the repository. */
function toUri(file: string): string {
  const path = relative(process.cwd(), file) || file;
  return path.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
