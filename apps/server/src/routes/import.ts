import {
  IMPORT_FORMATS,
  type Imported,
  type ImportFormat,
  type ImportRequest,
  importRequest,
  LIMITS,
} from '@meshplan/api';
import { ImportError, type ImportFile, ImportLimitError, importTraces } from '@meshplan/importers';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
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
    await storeImported(store, req, res, outcome.result);
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

/**
 * Trace exports are far larger than other documents (100 MB and more): `POST /import?from=traces`
 * (or a body sent as `application/x-ndjson`) is read as a stream, span by span, in bounded memory,
 * up to this many bytes, instead of being buffered whole under the 5 MB body limit.
 */
export const TRACE_BODY_LIMIT = 256 * 1024 * 1024;
/** Trace imports read at once: each may hold a couple of hundred MB while it runs. */
const TRACE_IMPORTS_AT_ONCE = 2;
/** Spans one upload may hold (a 256 MB export of real spans holds about 300,000): bounds its memory to a few hundred MB. */
export const TRACE_MAX_SPANS = 1_000_000;
const TRACE_TYPES = ['application/json', 'application/x-ndjson', 'application/jsonl', 'text/plain'];
let traceImportsRunning = 0;

/**
 * POST /import of a trace export, streamed: mounted before the API's body parser, it passes every
 * other request on. The import runs chunk by chunk on the main thread, each chunk a few
 * milliseconds of work between reads, so other requests are served while a large file arrives.
 */
export function traceImportRoute(store: ModelStore): RequestHandler {
  return async (req, res, next) => {
    const isTraces =
      req.method === 'POST' &&
      req.path === '/import' &&
      (req.query.from === 'traces' || req.is('application/x-ndjson') === 'application/x-ndjson');
    if (!isTraces) return next();
    try {
      if (!req.is(TRACE_TYPES)) {
        throw new HttpProblem({
          title: 'Unsupported body',
          status: 415,
          detail: `Send the trace export itself (OTLP, Jaeger or Zipkin JSON) as ${TRACE_TYPES.join(', ')}.`,
        });
      }
      const announced = Number(req.get('content-length') ?? 0);
      if (announced > TRACE_BODY_LIMIT) throw traceTooLarge();
      if (traceImportsRunning >= TRACE_IMPORTS_AT_ONCE) {
        res.set('Retry-After', '10');
        throw new HttpProblem({
          title: 'Busy, try again',
          status: 503,
          detail: `At most ${TRACE_IMPORTS_AT_ONCE} trace imports run at once.`,
        });
      }
      traceImportsRunning++;
      let result: Awaited<ReturnType<typeof importTraces>>;
      try {
        const filename =
          typeof req.query.filename === 'string' && req.query.filename !== ''
            ? req.query.filename
            : 'traces.json';
        result = await importTraces(limited(req), {
          path: filename.slice(0, LIMITS.importPath),
          maxSpans: TRACE_MAX_SPANS,
        });
      } catch (error) {
        if (error instanceof ImportError) {
          const tooLarge = error instanceof ImportLimitError;
          throw new HttpProblem({
            title: tooLarge ? 'The import would be too large' : 'Cannot import',
            status: tooLarge ? 413 : 422,
            detail: error.message,
            errors: [{ path: '', message: error.message }],
          });
        }
        throw error;
      } finally {
        traceImportsRunning--;
      }
      await storeImported(store, req, res, result);
    } catch (error) {
      // The rest of a refused body is not read: the connection closes after the answer.
      if (!req.complete) res.set('Connection', 'close');
      next(error);
    }
  };
}

function traceTooLarge(): HttpProblem {
  return new HttpProblem({
    title: 'The import would be too large',
    status: 413,
    detail: `A trace export may be at most ${TRACE_BODY_LIMIT / 1024 / 1024} MB.`,
  });
}

/** The request body's chunks, refused once past `TRACE_BODY_LIMIT` (a chunked body announces no length). */
async function* limited(req: Request): AsyncGenerator<Uint8Array> {
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.byteLength;
    if (received > TRACE_BODY_LIMIT) throw traceTooLarge();
    yield chunk;
  }
}

/** What an import made, stored as a new model like POST /models: 201, the owner token, the report. */
async function storeImported(
  store: ModelStore,
  req: Request,
  res: Response,
  { model, report }: { model: Imported['model']; report: Imported['report'] },
): Promise<void> {
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
}
