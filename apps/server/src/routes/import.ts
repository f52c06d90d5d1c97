import {
  IMPORT_FORMATS,
  type Imported,
  type ImportFormat,
  type ImportRequest,
  importRequest,
  LIMITS,
} from '@meshplan/api';
import type { ImportFile } from '@meshplan/importers';
import express, { type Request, Router } from 'express';
import { HttpProblem } from '../problems.js';
import type { ModelStore } from '../store.js';
import type { Validator } from '../validation.js';
import { authorName, withBody } from './request.js';

/** Content types read as one document's text (YAML or JSON), the file named by `?filename=`. */
const DOCUMENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

/** POST /models/:id/drift reads its observation the same way. */
export { DOCUMENT_TYPES };

/**
 * POST /import: documents in (compose, Kubernetes, OpenAPI, AsyncAPI, Meshplan), a new model out,
 * stored like POST /models (201, owner token), with the importer's report of guesses and of what
 * it could not map. The editor opens it and lays it out.
 */
export function importRoutes(store: ModelStore, validator: Validator, bodyLimit: number): Router {
  const router = Router();
  const route = withBody(importRequest, async (req, res, readBody) => {
    const { files, from } = importInput(req, readBody);
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
    await store.quotas.beforeNewModel(Buffer.byteLength(text));
    const created = await store.create(
      model,
      { name: authorName(req), credential: 'owner', role: 'owner' },
      text,
    );
    res
      .status(201)
      .set('Location', `/api/v1/models/${created.id}`)
      .json({
        id: created.id,
        token: created.token,
        revision: created.revision,
        model,
        report,
      } satisfies Imported);
  });
  router.post('/import', express.text({ limit: bodyLimit, type: DOCUMENT_TYPES }), route);
  return router;
}

/** The files and format of an import: a JSON `importRequest`, or one document with `?filename=`. */
export function importInput<Body extends ImportRequest>(
  req: Request,
  readBody: () => Body,
): { files: ImportFile[]; from: ImportFormat | undefined; body?: Body } {
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
    return { files: [{ path: filename.slice(0, LIMITS.importPath), text: req.body }], from };
  }
  const body = readBody();
  const files = body.files.map((file) => ({ path: file.path.slice(0, LIMITS.importPath), text: file.text }));
  return { files, from: body.from ?? from, body };
}

function checkFormat(value: unknown, path: string): ImportFormat | undefined {
  if (value === undefined) return undefined;
  if (IMPORT_FORMATS.includes(value as ImportFormat)) return value as ImportFormat;
  throw new HttpProblem({
    title: 'Unknown import format',
    status: 400,
    detail: `${path}: expected one of ${IMPORT_FORMATS.join(', ')}`,
    errors: [{ path, message: `expected one of ${IMPORT_FORMATS.join(', ')}` }],
  });
}
