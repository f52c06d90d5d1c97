import { createThreadRequest, editCommentRequest, replyRequest, resolveThreadRequest } from '@meshplan/api';
import { Router } from 'express';
import { credentialKey } from '../actor.js';
import type { Anchor, StoredThread } from '../comments.js';
import { HttpProblem, notFound } from '../problems.js';
import type { ModelStore } from '../store.js';
import { access, type Granted, withBody } from './request.js';

/**
 * Comment threads anchored to an element or a point: read by every role, written from `comment`
 * up. What a credential wrote, only that credential may edit; the owner moderates (resolves,
 * reopens and deletes anything, edits only their own words). See apps/server/README.md.
 */
export function commentRoutes(store: ModelStore): Router {
  const router = Router();

  async function thread(modelId: string, threadId: string, granted: Granted) {
    const found = await store.comments.get(modelId, threadId, granted.credential);
    if (found === undefined) throw notFound('comment thread');
    return found;
  }

  async function stored(modelId: string, threadId: string): Promise<StoredThread> {
    const found = await store.comments.stored(modelId, threadId);
    if (found === undefined) throw notFound('comment thread');
    return found;
  }

  router.get('/models/:id/comments', async (req, res) => {
    const granted = await access(store, req, 'read');
    res.json({ threads: await store.comments.list(granted.stored.id, granted.credential) });
  });

  router.post(
    '/models/:id/comments',
    withBody(createThreadRequest, async (req, res, readBody) => {
      const granted = await access(store, req, 'comment');
      const { anchor, text } = readBody();
      await store.quotas.beforeComment(granted.stored.id, Buffer.byteLength(text));
      const id = await store.comments.create(granted.stored.id, anchor as Anchor, granted.actor, text);
      res
        .status(201)
        .set('Location', `/api/v1/models/${granted.stored.id}/comments/${id}`)
        .json(await thread(granted.stored.id, id, granted));
    }),
  );

  router.post(
    '/models/:id/comments/:threadId/replies',
    withBody(replyRequest, async (req, res, readBody) => {
      const granted = await access(store, req, 'comment');
      const { text } = readBody();
      await store.quotas.beforeComment(granted.stored.id, Buffer.byteLength(text));
      const threadId = String(req.params.threadId);
      if (!(await store.comments.reply(granted.stored.id, threadId, granted.actor, text)))
        throw notFound('comment thread');
      res.status(201).json(await thread(granted.stored.id, threadId, granted));
    }),
  );

  router.patch(
    '/models/:id/comments/:threadId',
    withBody(resolveThreadRequest, async (req, res, readBody) => {
      const granted = await access(store, req, 'comment');
      const { resolved } = readBody();
      const threadId = String(req.params.threadId);
      const found = await stored(granted.stored.id, threadId);
      const mine = ownedBy(found.actor, granted);
      if (resolved && !mine && granted.role !== 'owner')
        throw notYours(
          granted,
          'Only the owner, or the credential that started this thread, may resolve it.',
        );
      // A link may reopen its own thread unless the owner resolved it: the owner's decision stands.
      if (!resolved && granted.role !== 'owner' && (!mine || found.resolvedActor === 'owner'))
        throw notYours(
          granted,
          'Only the owner, or the credential that started this thread (unless the owner resolved it), may reopen it.',
        );
      store.quotas.assertFreeSpace();
      if (!(await store.comments.setResolved(granted.stored.id, threadId, resolved, granted.actor)))
        throw notFound('comment thread');
      res.json(await thread(granted.stored.id, threadId, granted));
    }),
  );

  router.delete('/models/:id/comments/:threadId', async (req, res) => {
    const granted = await access(store, req, 'comment');
    const threadId = String(req.params.threadId);
    const found = await stored(granted.stored.id, threadId);
    // Deleting a thread deletes its replies: a link may do it only when they are all its own.
    const allMine = found.comments.every((comment) => ownedBy(comment.actor, granted));
    if (granted.role !== 'owner' && !(ownedBy(found.actor, granted) && allMine))
      throw notYours(
        granted,
        'Only the owner, or the credential that wrote every comment in it, may delete a thread.',
      );
    if (!(await store.comments.deleteThread(granted.stored.id, threadId))) throw notFound('comment thread');
    res.status(204).end();
  });

  router.patch(
    '/models/:id/comments/:threadId/comments/:commentId',
    withBody(editCommentRequest, async (req, res, readBody) => {
      const granted = await access(store, req, 'comment');
      const { text } = readBody();
      const threadId = String(req.params.threadId);
      const comment = commentOf(await stored(granted.stored.id, threadId), String(req.params.commentId));
      // Nobody puts words in another's mouth, not even the owner (who may delete instead).
      if (!ownedBy(comment.actor, granted))
        throw notYours(granted, 'Only the credential that wrote a comment may edit it.');
      store.quotas.assertFreeSpace(Buffer.byteLength(text));
      if (!(await store.comments.edit(granted.stored.id, threadId, comment.id, text)))
        throw notFound('comment');
      res.json(await thread(granted.stored.id, threadId, granted));
    }),
  );

  router.delete('/models/:id/comments/:threadId/comments/:commentId', async (req, res) => {
    const granted = await access(store, req, 'comment');
    const threadId = String(req.params.threadId);
    const comment = commentOf(await stored(granted.stored.id, threadId), String(req.params.commentId));
    if (granted.role !== 'owner' && !ownedBy(comment.actor, granted))
      throw notYours(granted, 'Only the owner, or the credential that wrote a comment, may delete it.');
    if (!(await store.comments.deleteComment(granted.stored.id, threadId, comment.id)))
      throw notFound('comment');
    res.status(204).end();
  });

  return router;
}

/** Whether a row written with credential key `actor` came from the request's credential (unknown: never). */
function ownedBy(actor: string | null, granted: Granted): boolean {
  return actor !== null && actor === credentialKey(granted.credential);
}

function commentOf(found: StoredThread, commentId: string) {
  const comment = found.comments.find((c) => c.id === commentId);
  if (comment === undefined) throw notFound('comment');
  return comment;
}

/** A 403 for touching what another credential wrote; the detail says who may. */
function notYours(granted: Granted, detail: string): HttpProblem {
  return new HttpProblem({
    type: 'https://meshplan.dev/problems/not-allowed',
    title: 'Not allowed',
    status: 403,
    detail: `${detail} This request's credential has role "${granted.role}".`,
    role: granted.role,
  });
}
