import type { ModelError } from '@meshplan/model';
import { Router } from 'express';
import { type Anchor, addReply, createThread, getThread, listThreads, setResolved } from '../comments.js';
import type { Database } from '../db.js';
import { modelEvents } from '../events.js';
import { notFound } from '../problems.js';
import type { ModelStore } from '../store.js';
import { access, authorName, invalidBody, jsonObject, length } from './request.js';

const MAX_TEXT = 5000;
const MAX_ELEMENT = 200;

/** Comment threads anchored to an element or a point: read by every role, written from `comment` up. */
export function commentRoutes(store: ModelStore): Router {
  const router = Router();

  async function thread(db: Database, modelId: string, threadId: string) {
    const found = await getThread(db, modelId, threadId);
    if (found === undefined) throw notFound('comment thread');
    return found;
  }

  router.get('/models/:id/comments', async (req, res) => {
    const { stored } = await access(store, req, 'read');
    res.json({ threads: await listThreads(store.db, stored.id) });
  });

  router.post('/models/:id/comments', async (req, res) => {
    const { stored } = await access(store, req, 'comment');
    const body = jsonObject(req);
    const errors: ModelError[] = [];
    const anchor = anchorOf(body.anchor, errors);
    const text = textOf(body.text, errors);
    if (errors.length > 0) throw invalidBody(errors);
    await store.quotas.beforeComment(stored.id, Buffer.byteLength(text));
    const id = await createThread(store.db, stored.id, anchor, authorName(req) ?? 'Anonymous', text);
    modelEvents.emit('comments', stored.id);
    res
      .status(201)
      .set('Location', `/api/v1/models/${stored.id}/comments/${id}`)
      .json(await thread(store.db, stored.id, id));
  });

  router.post('/models/:id/comments/:threadId/replies', async (req, res) => {
    const { stored } = await access(store, req, 'comment');
    const errors: ModelError[] = [];
    const text = textOf(jsonObject(req).text, errors);
    if (errors.length > 0) throw invalidBody(errors);
    await store.quotas.beforeComment(stored.id, Buffer.byteLength(text));
    const threadId = String(req.params.threadId);
    if (!(await addReply(store.db, stored.id, threadId, authorName(req) ?? 'Anonymous', text)))
      throw notFound('comment thread');
    modelEvents.emit('comments', stored.id);
    res.status(201).json(await thread(store.db, stored.id, threadId));
  });

  router.patch('/models/:id/comments/:threadId', async (req, res) => {
    const { stored } = await access(store, req, 'comment');
    const { resolved } = jsonObject(req);
    if (typeof resolved !== 'boolean')
      throw invalidBody([{ path: 'resolved', message: 'expected true or false' }]);
    store.quotas.assertFreeSpace();
    const threadId = String(req.params.threadId);
    if (!(await setResolved(store.db, stored.id, threadId, resolved))) throw notFound('comment thread');
    modelEvents.emit('comments', stored.id);
    res.json(await thread(store.db, stored.id, threadId));
  });

  return router;
}

function textOf(value: unknown, errors: ModelError[]): string {
  if (typeof value !== 'string') errors.push({ path: 'text', message: 'expected a string' });
  else if (value.length === 0) errors.push({ path: 'text', message: 'must not be empty' });
  else if (length(value) > MAX_TEXT) errors.push({ path: 'text', message: `at most ${MAX_TEXT} characters` });
  return typeof value === 'string' ? value : '';
}

/** `{ element?: string }` or `{ point: { x, y } }` (both together pin a point near an element). */
function anchorOf(value: unknown, errors: ModelError[]): Anchor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push({ path: 'anchor', message: 'expected an object: { element } or { point: { x, y } }' });
    return {};
  }
  const { element, point } = value as Record<string, unknown>;
  const anchor: Anchor = {};
  if (element !== undefined) {
    if (typeof element !== 'string' || element === '' || element.length > MAX_ELEMENT)
      errors.push({
        path: 'anchor.element',
        message: `expected an element id (1 to ${MAX_ELEMENT} characters)`,
      });
    else anchor.element = element;
  }
  if (point !== undefined) {
    const { x, y } = (typeof point === 'object' && point !== null ? point : {}) as Record<string, unknown>;
    for (const [key, coordinate] of [
      ['x', x],
      ['y', y],
    ] as const) {
      if (typeof coordinate !== 'number' || !Number.isFinite(coordinate))
        errors.push({ path: `anchor.point.${key}`, message: 'expected a finite number' });
    }
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y))
      anchor.point = { x, y };
  }
  return anchor;
}
