import { stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  coverageLines,
  formatLocation,
  type ImportCoverage,
  ImportError,
  type ImportFormat,
  type ImportReport,
  importModel,
} from '@meshplan/importers';
import { importTracesFile, isTraceFile, readImportFiles } from '@meshplan/importers/node';
import { count, type Model } from '@meshplan/model';
import { EXIT, type Io, UsageError } from '../io.js';

/** `24,000 spans`: trace files hold many. */
const counted = (n: number, noun: string) => count(n, noun).replace(/^\d+/, n.toLocaleString('en-US'));

const FORMAT_NAMES = { otlp: 'OTLP JSON', jaeger: 'Jaeger JSON', zipkin: 'Zipkin v2 JSON' } as const;

export interface ImportCommandOptions {
  /** The format of the input; guessed from its content when not given. */
  from?: ImportFormat;
  /** Where to write the model; standard output when not given. */
  out?: string;
}

/**
 * `meshplan import <file|dir>...`: reads docker-compose, Kubernetes, OpenAPI, AsyncAPI or Meshplan
 * documents, or a trace export (OTLP, Jaeger or Zipkin JSON, streamed), into a model. The model
 * goes to `--out` (or standard output, so it pipes into other tools); the report of guesses and of
 * what could not be mapped goes to standard error. Several paths are read in the order given and
 * compose files among them merge like `docker compose -f`.
 */
export async function importCommand(
  pathOrPaths: string | readonly string[],
  options: ImportCommandOptions,
  io: Io,
): Promise<number> {
  const paths = typeof pathOrPaths === 'string' ? [pathOrPaths] : pathOrPaths;
  const path = paths.join(' ');
  const single = paths.length === 1 ? paths[0] : undefined;
  if (
    single !== undefined &&
    (options.from === 'traces' ||
      (options.from === undefined && (await isTraceFile(single).catch(() => false))))
  ) {
    return importTracesCommand(single, options, io);
  }
  let files: Awaited<ReturnType<typeof readImportFiles>>;
  try {
    files = paths.length === 1 ? await readImportFiles(paths[0] ?? '') : await readSeveral(paths);
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (files.length === 0) throw new UsageError(`${path}: no YAML or JSON files to import`);
  let result: ReturnType<typeof importModel>;
  try {
    result = importModel(
      { files },
      { ...(options.from === undefined ? {} : { from: options.from }), filesAsGiven: paths.length > 1 },
    );
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(error.message);
    throw error;
  }
  return written(result, options, io);
}

/** Trace exports are streamed from disk: files of 100 MB and more are read in bounded memory. */
async function importTracesCommand(path: string, options: ImportCommandOptions, io: Io): Promise<number> {
  return written(await readTraces(path), options, io);
}

/**
 * A trace export streamed from disk (files of 100 MB and more in bounded memory); a bad file or
 * one that cannot be read is a usage error naming it. `meshplan drift` reads observations so too.
 */
export async function readTraces(path: string): Promise<Awaited<ReturnType<typeof importTracesFile>>> {
  try {
    return await importTracesFile(path);
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UsageError(`cannot read ${path}: ${code}`);
    throw error;
  }
}

/** The model to `--out` (or standard output, so it pipes), the report to standard error. */
async function written(
  result: { model: Model; report: ImportReport },
  options: ImportCommandOptions,
  io: Io,
): Promise<number> {
  const text = `${JSON.stringify(result.model, null, 2)}\n`;
  if (options.out === undefined) io.stdout(text);
  else await writeFile(options.out, text);
  io.stderr(formatReport(result.model, result.report, options.out));
  return EXIT.ok;
}

/** Several paths: each file named by its path from here, so `extends` and `include` between them resolve. */
async function readSeveral(paths: readonly string[]): Promise<Awaited<ReturnType<typeof readImportFiles>>> {
  const files = [];
  for (const given of paths) {
    const relativePath = relative(process.cwd(), given) || '.';
    const read = await readImportFiles(given);
    const isFolder = (await stat(given)).isDirectory();
    for (const file of read) {
      files.push({ ...file, path: isFolder ? join(relativePath, file.path) : relativePath });
    }
  }
  return files;
}

function formatReport(
  model: { nodes: { kind: string }[]; edges: unknown[] },
  report: ImportReport,
  out: string | undefined,
): string {
  const of = (kind: string) => count(model.nodes.filter((node) => node.kind === kind).length, kind);
  const lines = [
    `Imported ${of('service')}, ${of('datastore')}, ${of('topic')}, ` +
      `${of('gateway')} and ${count(model.edges.length, 'edge')}${out === undefined ? '' : ` into ${out}`}.`,
  ];
  if (report.traces !== undefined) {
    const { format, traces, spans, dropped } = report.traces;
    lines.push(
      `Read ${counted(traces, 'trace')} and ${counted(spans, 'span')} (${FORMAT_NAMES[format]})${dropped > 0 ? `; ${counted(dropped, 'span')} dropped` : ''}.`,
    );
  }
  if (report.guesses.length > 0) {
    lines.push(`Guesses (${report.guesses.length}):`);
    for (const item of report.guesses) lines.push(`  ${formatLocation(item.source)}  ${item.message}`);
  }
  if (report.unmapped.length > 0) {
    lines.push(`Not mapped (${report.unmapped.length}):`);
    for (const item of report.unmapped) lines.push(`  ${formatLocation(item.source)}  ${item.message}`);
  }
  if (report.coverage !== undefined) lines.push(...formatCoverage(report.coverage));
  return `${lines.join('\n')}\n`;
}

/** The end of every import report: what the import does not know, and what would tell it. */
function formatCoverage(coverage: ImportCoverage): string[] {
  const [headline = '', ...rest] = coverageLines(coverage);
  return [headline, ...rest.map((line) => `  ${line}`)];
}
