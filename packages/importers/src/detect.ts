import { ImportError } from './errors.js';
import { isRecord, readDocuments } from './input.js';
import { looksLikeTraces } from './traces/index.js';
import { IMPORT_FORMATS, type ImportFile, type ImportFormat } from './types.js';

/**
 * Guesses the format of the files from their content: a `format: meshplan/…` field, an
 * `openapi`/`swagger` field, an `asyncapi` field, a compose `services` mapping, or Kubernetes
 * objects (`apiVersion` and `kind`). Throws an `ImportError` when nothing fits.
 */
export function detectFormat(files: readonly ImportFile[]): ImportFormat {
  // Several formats in one folder (a repository with compose files and manifests): the one most
  // files are in, compose first on a tie; `importModel` reports the files it leaves out.
  const counts = new Map<ImportFormat, number>();
  for (const file of files) {
    const format = fileFormat(file);
    if (format !== undefined) counts.set(format, (counts.get(format) ?? 0) + 1);
  }
  let best: ImportFormat | undefined;
  for (const format of IMPORT_FORMATS) {
    if ((counts.get(format) ?? 0) > (best === undefined ? 0 : (counts.get(best) ?? 0))) best = format;
  }
  if (best !== undefined) return best;
  throw new ImportError(
    'cannot tell the format: not docker-compose, Kubernetes, OpenAPI, AsyncAPI or a Meshplan model',
    { path: files[0]?.path ?? '(input)' },
  );
}

/** The format of one file, from its first document that says; undefined when none does. */
export function fileFormat(file: ImportFile): ImportFormat | undefined {
  // Before YAML parsing: trace exports are large, and what they are shows in their first keys.
  if (looksLikeTraces(file.text)) return 'traces';
  for (const document of readDocuments(file)) {
    const root = document.value;
    if (!isRecord(root)) continue;
    if (typeof root.format === 'string' && root.format.startsWith('meshplan/')) return 'meshplan';
    if (root.openapi !== undefined || root.swagger !== undefined) return 'openapi';
    if (root.asyncapi !== undefined) return 'asyncapi';
    if (isRecord(root.services)) return 'compose';
    if (typeof root.apiVersion === 'string' && typeof root.kind === 'string') return 'k8s';
  }
  return undefined;
}
