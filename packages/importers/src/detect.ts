import { ImportError } from './errors.js';
import { isRecord, readDocuments } from './input.js';
import type { ImportFile, ImportFormat } from './types.js';

/**
 * Guesses the format of the files from their content: a `format: meshplan/…` field, an
 * `openapi`/`swagger` field, an `asyncapi` field, a compose `services` mapping, or Kubernetes
 * objects (`apiVersion` and `kind`). Throws an `ImportError` when nothing fits.
 */
export function detectFormat(files: readonly ImportFile[]): ImportFormat {
  for (const file of files) {
    for (const document of readDocuments(file)) {
      const root = document.value;
      if (!isRecord(root)) continue;
      if (typeof root.format === 'string' && root.format.startsWith('meshplan/')) return 'meshplan';
      if (root.openapi !== undefined || root.swagger !== undefined) return 'openapi';
      if (root.asyncapi !== undefined) return 'asyncapi';
      if (isRecord(root.services)) return 'compose';
      if (typeof root.apiVersion === 'string' && typeof root.kind === 'string') return 'k8s';
    }
  }
  throw new ImportError(
    'cannot tell the format: not docker-compose, Kubernetes, OpenAPI, AsyncAPI or a Meshplan model',
    { path: files[0]?.path ?? '(input)' },
  );
}
