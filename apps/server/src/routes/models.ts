import {
  type ContractDiffBody,
  createModelRequest,
  type LintResult,
  type ModelFindings,
  type Revision,
  type Saved,
  templateRequest,
} from '@meshplan/api';
import { parseTargetList, TARGET_IDS, type TargetId } from '@meshplan/exporters';
import { formatError, type Model, type ModelError, modelSchema } from '@meshplan/model';
import { type Request, type Response, Router } from 'express';
import { HttpProblem, invalidModel, notFound } from '../problems.js';
import type { ModelStore, StoredModel } from '../store.js';
import { TEMPLATE_IDS, template } from '../templates.js';
import type { ExportOutcome, Validator } from '../validation.js';
import { withRemovalsOutOfViews } from '../view-removals.js';
import { access, authorName, bodyIs, parseValue, revisionNumber } from './request.js';

const etag = (revision: number) => `"r${revision}"`;

/** `"r7"`, `W/"r7"` or `*` → 7 or '*'; anything else is a 412 (it cannot match). */
function parseIfMatch(header: string | undefined): number | '*' | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"r(\d+)"$/.exec(value);
  return match === null ? -1 : Number(match[1]);
}

export function modelRoutes(store: ModelStore, validator: Validator): Router {
  const router = Router();

  /** The request body's text, validated (on a worker thread) as a model; a problem otherwise. */
  async function validBody(req: Request, withLint = false) {
    const text = typeof req.body === 'string' ? req.body : '';
    const result = await validator.validate(text, withLint);
    if (result.ok) return { text, findings: result.findings ?? [] };
    if (result.syntax) {
      throw new HttpProblem({
        title: 'Body is not valid JSON',
        status: 400,
        detail: result.errors[0]?.message,
        errors: result.errors,
      });
    }
    throw invalidModel(result.errors);
  }

  /**
   * Like `validBody`, but what the write removed leaves every view (see `withRemovalsOutOfViews`):
   * the body stored is then the pruned one, checked again.
   */
  async function validBodyLessRemovals(req: Request, previous: string): Promise<string> {
    try {
      return (await validBody(req)).text;
    } catch (error) {
      const errors =
        error instanceof HttpProblem ? (error.problem.errors as ModelError[] | undefined) : undefined;
      const text = typeof req.body === 'string' ? req.body : '';
      const pruned = errors === undefined ? undefined : withRemovalsOutOfViews(text, errors, previous);
      if (pruned === undefined || !(await validator.validate(pruned)).ok) throw error;
      return pruned;
    }
  }

  function sendModel(res: Response, stored: StoredModel): void {
    res.set('ETag', etag(stored.revision)).set('Last-Modified', new Date(stored.updatedAt).toUTCString());
    res.type('application/json').send(stored.body);
  }

  router.get('/templates', (_req, res) => {
    res.json({
      templates: TEMPLATE_IDS.map((id) => ({
        id,
        name: template(id).name,
        description: template(id).description ?? '',
      })),
    });
  });

  // Model bodies are checked by `validBody` (parseModel, on a worker thread), so these routes only
  // declare their schema (`bodyIs`); a template request is parsed here.
  router.post('/models', bodyIs(createModelRequest), async (req, res) => {
    const asked = templateAsked(req.body);
    let text: string;
    if (asked === undefined) text = (await validBody(req)).text;
    else text = JSON.stringify(template(parseValue(templateRequest, asked, unknownTemplate).template));
    await store.quotas.beforeNewModel(Buffer.byteLength(text));
    const model = JSON.parse(text) as Model;
    // Whoever creates a model holds its owner token from then on.
    const created = await store.create(
      model,
      { name: authorName(req), credential: 'owner', role: 'owner' },
      text,
    );
    // The model goes back as the text stored, not serialised again: nothing may fail after the
    // insert (a re-serialisation once threw on deep nesting, a 500 for a model that was stored).
    res
      .status(201)
      .set('Location', `/api/v1/models/${created.id}`)
      .set('ETag', etag(created.revision))
      .type('application/json')
      .send(
        `{"id":${JSON.stringify(created.id)},"token":${JSON.stringify(created.token)},"revision":${created.revision},"model":${text}}`,
      );
  });

  router.get('/models/:id', async (req, res) => {
    const { stored } = await access(store, req, 'read');
    if (req.get('if-none-match') === etag(stored.revision)) {
      res.status(304).set('ETag', etag(stored.revision)).end();
      return;
    }
    sendModel(res, stored);
  });

  router.put('/models/:id', bodyIs(modelSchema), async (req, res) => {
    const { stored, actor } = await access(store, req, 'edit');
    const expected = parseIfMatch(req.get('if-match'));
    if (expected === undefined) {
      throw new HttpProblem({
        title: 'If-Match required',
        status: 428,
        detail: `Send the ETag of the revision you changed as If-Match (the current one is ${etag(stored.revision)}).`,
        currentRevision: stored.revision,
      });
    }
    const text = await validBodyLessRemovals(req, stored.body);
    await store.quotas.beforeRevision(stored.id, Buffer.byteLength(text));
    const result = await store.put(stored.id, text, expected, actor);
    if (!result.ok) {
      if ('missing' in result) throw notFound();
      throw new HttpProblem({
        title: 'Someone saved first',
        status: 412,
        detail: `The model is at revision ${result.currentRevision}; load it, merge, and send If-Match: ${etag(result.currentRevision)}.`,
        currentRevision: result.currentRevision,
      });
    }
    res.set('ETag', etag(result.revision)).json({ id: stored.id, revision: result.revision } satisfies Saved);
  });

  router.delete('/models/:id', async (req, res) => {
    const { stored } = await access(store, req, 'share', 'delete');
    await store.delete(stored.id);
    res.status(204).end();
  });

  router.get('/models/:id/revisions', async (req, res) => {
    const { stored, credential } = await access(store, req, 'read');
    const [revisions, reviews] = await Promise.all([
      store.revisions(stored.id),
      store.reviews.list(stored.id, credential),
    ]);
    res.json({
      revisions: revisions.map((revision) => ({ ...revision, reviews: reviews.get(revision.number) ?? [] })),
    });
  });

  router.get('/models/:id/revisions/:n', async (req, res) => {
    const { stored } = await access(store, req, 'read');
    const revision = await store.revision(stored.id, revisionNumber(req.params.n));
    if (revision === undefined) throw notFound('revision');
    res.set('ETag', etag(revision.number)).json(revision satisfies Revision);
  });

  // Contract changes from revision a to revision b (diff.md's JSON, as `meshplan diff` prints it).
  router.get('/models/:id/revisions/:a/diff/:b', async (req, res) => {
    const { stored } = await access(store, req, 'read');
    const [before, after] = await Promise.all([
      store.revision(stored.id, revisionNumber(req.params.a)),
      store.revision(stored.id, revisionNumber(req.params.b)),
    ]);
    if (before === undefined || after === undefined) throw notFound('revision');
    const all = req.query.all === 'true' || req.query.all === '1';
    // On the worker threads: two large revisions must not stall other requests.
    res.json((await validator.contractDiff(before.model, after.model, all)) satisfies ContractDiffBody);
  });

  router.post('/models/:id/revisions/:n/restore', async (req, res) => {
    const { stored, actor } = await access(store, req, 'edit', 'restore a revision of');
    const number = revisionNumber(req.params.n);
    const revision = await store.revision(stored.id, number);
    if (revision === undefined) throw notFound('revision');
    const body = JSON.stringify(revision.model);
    await store.quotas.beforeRevision(stored.id, Buffer.byteLength(body));
    const result = await store.put(stored.id, body, '*', actor, `restored revision ${number}`);
    if (!result.ok) throw notFound();
    res.set('ETag', etag(result.revision)).json({ id: stored.id, revision: result.revision } satisfies Saved);
  });

  router.get('/models/:id/findings', async (req, res) => {
    const { stored } = await access(store, req, 'read');
    const result = await validator.findings(stored.body);
    res.set('ETag', etag(stored.revision)).json({
      revision: stored.revision,
      findings: result.ok ? (result.findings ?? []) : [],
    } satisfies ModelFindings);
  });

  router.get('/models/:id/export.zip', async (req, res) => {
    const { stored } = await access(store, req, 'read');
    const outcome = await validator.exportZip(stored.body, exportTargets(req.query.targets));
    sendZip(res.set('ETag', etag(stored.revision)), outcome);
  });

  // The editor's Export: the model as the person sees it (unsent live edits, an earlier revision),
  // exported here because the PNGs need resvg, a native module the browser does not have.
  router.post('/export.zip', bodyIs(modelSchema), async (req, res) => {
    const targets = exportTargets(req.query.targets);
    const { text } = await validBody(req);
    sendZip(res, await validator.exportZip(text, targets));
  });

  router.post('/lint', bodyIs(modelSchema), async (req, res) => {
    res.json({ findings: (await validBody(req, true)).findings } satisfies LintResult);
  });

  return router;
}

function sendZip(res: Response, outcome: ExportOutcome): void {
  if (!outcome.ok) {
    throw new HttpProblem({
      title: 'Cannot export',
      status: 422,
      detail: outcome.message,
      errors: outcome.elements.map((id) => ({ path: id, message: outcome.message })),
    });
  }
  res
    .status(200)
    .type('application/zip')
    .set('Content-Disposition', `attachment; filename="${outcome.filename}"`)
    .set('X-Export-Files', String(outcome.files))
    .end(Buffer.from(outcome.zip.buffer, outcome.zip.byteOffset, outcome.zip.byteLength));
}

/** The body of a POST /models that asks for a template (`template` and no `format`), if it is one. */
function templateAsked(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'string' || body.length > 1000 || !body.includes('"template"')) return undefined;
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null && 'template' in value && !('format' in value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const unknownTemplate = (errors: ModelError[]): HttpProblem =>
  new HttpProblem({
    title: 'Unknown template',
    status: 422,
    detail: errors.map(formatError).join('; '),
    errors,
  });

/** `?targets=openapi,compose` → those ids (every target when absent); unknown ones are a 400. */
function exportTargets(value: unknown): TargetId[] | undefined {
  if (value === undefined) return undefined;
  const parsed = parseTargetList(String(value));
  if (parsed.ok) return parsed.targets;
  throw new HttpProblem({
    title: 'Unknown export target',
    status: 400,
    detail: `targets: expected a comma-separated list of ${TARGET_IDS.join(', ')}`,
    errors: [{ path: 'targets', message: `unknown: ${parsed.unknown.join(', ') || '(empty)'}` }],
  });
}
