import { reviewRequest } from '@meshplan/api';
import { Router } from 'express';
import { notFound } from '../problems.js';
import type { ModelStore } from '../store.js';
import { access, revisionNumber, withBody } from './request.js';

/**
 * Reviews of a revision, one per credential (the owner token, each share link): written from role
 * `comment` up; a second review by the same credential replaces its first, never another's.
 */
export function reviewRoutes(store: ModelStore): Router {
  const router = Router();

  router.put(
    '/models/:id/revisions/:n/review',
    withBody(reviewRequest, async (req, res, readBody) => {
      const { stored, actor, credential } = await access(store, req, 'review');
      const revision = revisionNumber(req.params.n);
      const { status, summary } = readBody();
      store.quotas.assertFreeSpace();
      if (!(await store.reviews.put(stored.id, revision, actor, status, summary ?? '')))
        throw notFound('revision');
      res.json({
        revision,
        reviews: (await store.reviews.list(stored.id, credential, revision)).get(revision) ?? [],
      });
    }),
  );

  return router;
}
