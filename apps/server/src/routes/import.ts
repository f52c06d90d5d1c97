import type { ImportFile, ImportFormat } from '@meshplan/importers';
import { formatError, type ModelError } from '@meshplan/model';
import express, { type Request, Router } from 'express';
import { HttpProblem } from '../problems.js';
import type { ModelStore } from '../store.js';
import type { Validator } from '../validation.js';

const FORMATS: readonly ImportFormat[] = ['compose', 'k8s', 'openapi', 'asyncapi', 'meshplan'];
/** Content types read as one document's text (YAML or JSON), the file named by `?filename=`. */
const DOCUMENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

/**
 * POST /import: documents in (compose, Kubernetes, OpenAPI, AsyncAPI, Meshplan), a new model out,
 * stored like POST /models (201, owner token), with the importer's report of guesses and of what
 * it could not map. The editor opens it and lays it out.
 */
export function importRoutes(store: ModelStore, validator: Validator, bodyLimit: number): Router {
  const router = Router();
  router.post('/import', express.text({ limit: bodyLimit, type: DOCUMENT_TYPES }), async (req, res) => {
    const { files, from } = importRequest(req);
    const outcome = await validator.importFiles(files, from);
    if (!outcome.ok) {
      throw new HttpProblem({
        title: outcome.tooLarge ? 'The import would be too large' : 'Cannot import',
        status: outcome.tooLarge ? 413 : 422,
        detail: outcome.message,
        errors: [{ path: '', message: outcome.message }],
      });
    }
    const { model, report } = outcome.result;
    const text = JSON.stringify(model);
    const created = await store.create(model, null, text);
    res
      .status(201)
      .set('Location', `/api/v1/models/${created.id}`)
      .json({ id: created.id, token: created.token, revision: created.revision, model, report });
  });
  return router;
}

function importRequest(req: Request): { files: ImportFile[]; from: ImportFormat | undefined } {
  const from = checkFormat(req.query.from, 'from');
  if (typeof req.body !== 'string') {
    throw new HttpProblem({
      title: 'Unsupported body',
      status: 415,
      detail: `Send {"files": [{"path", "text"}]} as application/json, or one document as ${DOCUMENT_TYPES.join(', ')}.`,
    });
  }
  if (!req.is('application/json')) {
    const filename =
      typeof req.query.filename === 'string' && req.query.filename !== '' ? req.query.filename : 'upload';
    return { files: [{ path: filename.slice(0, 200), text: req.body }], from };
  }
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch (error) {
    throw new HttpProblem({ title: 'Body is not valid JSON', status: 400, detail: (error as Error).message });
  }
  const errors: ModelError[] = [];
  const record =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  if (record === undefined) errors.push({ path: '', message: 'expected an object {"files": [...]}' });
  const list = record?.files;
  if (record !== undefined && (!Array.isArray(list) || list.length === 0)) {
    errors.push({ path: 'files', message: 'expected a non-empty array of {"path", "text"}' });
  }
  const files: ImportFile[] = [];
  if (Array.isArray(list)) {
    list.forEach((file: unknown, i) => {
      const f = typeof file === 'object' && file !== null ? (file as Record<string, unknown>) : {};
      if (typeof f.path !== 'string' || f.path === '')
        errors.push({ path: `files[${i}].path`, message: 'expected a file name' });
      if (typeof f.text !== 'string')
        errors.push({ path: `files[${i}].text`, message: 'expected the file text' });
      if (typeof f.path === 'string' && typeof f.text === 'string')
        files.push({ path: f.path.slice(0, 200), text: f.text });
    });
  }
  const bodyFrom = record?.from === undefined ? undefined : checkFormat(record.from, 'from');
  if (errors.length > 0) {
    throw new HttpProblem({
      title: 'Invalid import request',
      status: 400,
      detail: errors.map(formatError).join('; '),
      errors,
    });
  }
  return { files, from: bodyFrom ?? from };
}

function checkFormat(value: unknown, path: string): ImportFormat | undefined {
  if (value === undefined) return undefined;
  if (FORMATS.includes(value as ImportFormat)) return value as ImportFormat;
  throw new HttpProblem({
    title: 'Unknown import format',
    status: 400,
    detail: `${path}: expected one of ${FORMATS.join(', ')}`,
    errors: [{ path, message: `expected one of ${FORMATS.join(', ')}` }],
  });
}
