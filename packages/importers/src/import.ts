import { parseModel } from '@meshplan/model';
import { importAsyncApi } from './asyncapi.js';
import { importCompose } from './compose.js';
import { isDotEnv } from './compose-project.js';
import { coverageOf } from './coverage.js';
import { detectFormat, fileFormat } from './detect.js';
import { ImportError } from './errors.js';
import { isNginxConfig } from './gateway-config.js';
import { checkInput } from './input.js';
import { importKubernetes } from './kubernetes.js';
import { IMPORT_LIMITS, ImportLimitError } from './limits.js';
import { importMeshplan } from './meshplan.js';
import { importOpenApi } from './openapi.js';
import { importTracesText } from './traces/index.js';
import type { ImportFile, ImportFormat, ImportInput, ImportOptions, ImportResult } from './types.js';

const FORMAT_NAMES: Record<ImportFormat, string> = {
  compose: 'a docker-compose file',
  k8s: 'a Kubernetes manifest',
  openapi: 'an OpenAPI document',
  asyncapi: 'an AsyncAPI document',
  meshplan: 'a Meshplan model',
  traces: 'a trace export (OTLP, Jaeger or Zipkin JSON)',
};

const IMPORTERS: Record<ImportFormat, (files: readonly ImportFile[]) => ImportResult> = {
  compose: importCompose,
  k8s: importKubernetes,
  openapi: importOpenApi,
  asyncapi: importAsyncApi,
  meshplan: importMeshplan,
  traces: importTraceFiles,
};

/**
 * Turns files written for another tool into a Meshplan model, with a report of every guess and of
 * everything that was read but not mapped. Bad input throws an `ImportError` naming its place.
 */
export function importModel(input: ImportInput, options: ImportOptions = {}): ImportResult {
  checkInput(input.files);
  const nonEmpty = input.files.filter((file) => file.text.trim() !== '');
  // `.env` files feed compose interpolation; they are no format of their own.
  const envFiles = nonEmpty.filter((file) => isDotEnv(file.path));
  // nginx configurations are read only as a compose gateway's mounted configuration.
  const confFiles = nonEmpty.filter((file) => isNginxConfig(file.path));
  const files = nonEmpty.filter((file) => !isDotEnv(file.path) && !isNginxConfig(file.path));
  if (files.length === 0) {
    throw new ImportError('only .env and nginx .conf files: nothing to import', {
      path: nonEmpty[0]?.path ?? '(input)',
    });
  }
  const from = options.from ?? detectFormat(files);
  const importer = IMPORTERS[from];
  if (importer === undefined)
    throw new ImportError(`unknown import format "${String(from)}"`, { path: '(options)' });
  // With several files, those of another format are left out and reported; a single file is
  // read as asked, so that a wrong one is an error naming its place.
  const skipped = files.length > 1 ? files.filter((file) => fileFormat(file) !== from) : [];
  const chosen = skipped.length === 0 ? files : files.filter((file) => !skipped.includes(file));
  if (chosen.length === 0) {
    throw new ImportError(`none of these ${files.length} files is ${FORMAT_NAMES[from]}`, {
      path: files[0]?.path ?? '(input)',
    });
  }
  let result: ImportResult;
  // Files of another format that the compose import read after all (a gateway's envoy.yaml).
  let usedFiles: ReadonlySet<string> = new Set();
  try {
    if (from === 'compose') {
      const composed = importCompose([...chosen, ...envFiles], {
        filesAsGiven: options.filesAsGiven === true,
        sideFiles: [...skipped, ...confFiles],
      });
      usedFiles = composed.usedFiles;
      result = composed;
    } else result = importer(chosen);
  } catch (error) {
    // Deeply nested input can exhaust the stack in a parser: refuse it like any other bad input.
    if (error instanceof RangeError) {
      throw new ImportError(`cannot be read: ${error.message}`, { path: files[0]?.path ?? '(input)' });
    }
    throw error;
  }
  checkCounts(result, files[0]?.path ?? '(input)');
  // The importers build models that parse; this keeps a mistake from reaching the editor unseen.
  // It also refuses nesting deeper than MAX_DEPTH (a schema copied from an OpenAPI document).
  const checked = parseModel(result.model);
  if (!checked.ok) {
    const first = checked.errors[0];
    throw new ImportError(`the imported model is not valid: ${first?.path}: ${first?.message}`, {
      path: files[0]?.path ?? '(input)',
    });
  }
  checkSize(result, files[0]?.path ?? '(input)');
  const report = result.report;
  report.coverage = coverageOf(checked.model, from, result.guessedEdges ?? new Set());
  if (from !== 'compose') {
    for (const file of envFiles) {
      report.unmapped.push({
        message: 'skipped: a .env file is read only with docker-compose files',
        source: { path: file.path },
      });
    }
  }
  for (const file of confFiles) {
    if (usedFiles.has(file.path)) continue;
    report.unmapped.push({
      message:
        'skipped: an nginx configuration is read only when a compose service mounts it or builds with it',
      source: { path: file.path },
    });
  }
  for (const file of skipped) {
    if (usedFiles.has(file.path)) continue;
    const format = fileFormat(file);
    report.unmapped.push({
      message:
        format === undefined
          ? `skipped: not ${FORMAT_NAMES[from]}`
          : `skipped: ${FORMAT_NAMES[format]}, not ${FORMAT_NAMES[from]} (import with --from ${format} to read these instead)`,
      source: { path: file.path },
    });
  }
  // Coverage last: after the skipped files, so that it closes the report.
  const { coverage, ...lists } = report;
  return { model: checked.model, report: { ...lists, ...(coverage === undefined ? {} : { coverage }) } };
}

/** The caps on what any importer (OpenAPI and AsyncAPI too) may hand back: nodes, edges. */
function checkCounts(result: ImportResult, path: string): void {
  const { nodes, edges } = result.model;
  const over = (what: string, count: number, limit: number) =>
    new ImportLimitError(
      `the model would have ${count.toLocaleString('en-US')} ${what}; at most ${limit.toLocaleString('en-US')} are imported`,
      { path },
    );
  if (nodes.length > IMPORT_LIMITS.nodes) throw over('nodes', nodes.length, IMPORT_LIMITS.nodes);
  if (edges.length > IMPORT_LIMITS.edges) throw over('edges', edges.length, IMPORT_LIMITS.edges);
}

/** The model's JSON must fit what the server stores and the editor opens. */
function checkSize(result: ImportResult, path: string): void {
  const chars = JSON.stringify(result.model).length;
  if (chars > IMPORT_LIMITS.modelChars) {
    throw new ImportLimitError(
      `the model would take ${(chars / 1024 / 1024).toFixed(1)} MB of JSON; at most ${IMPORT_LIMITS.modelChars / 1024 / 1024} MB are imported`,
      { path },
    );
  }
}

/** Small trace files given as text (`--from traces`); large ones stream through `importTraces`. */
function importTraceFiles(files: readonly ImportFile[]): ImportResult {
  const [file, ...more] = files;
  if (file === undefined || more.length > 0) {
    throw new ImportError(`read one trace export at a time (${files.length} given)`, {
      path: file?.path ?? '(input)',
    });
  }
  return importTracesText(file.text, { path: file.path });
}
