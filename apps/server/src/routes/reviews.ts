import { type ModelReviewStatus, reviewRequest } from '@meshplan/api';
import { Router } from 'express';
import { notFound } from '../problems.js';
import type { ModelStore } from '../store.js';
import { access, revisionNumber, withBody } from './request.js';

/** Folds a model's live changes into a revision; the revision holding them (none: no live room). */
export type FoldLive = (modelId: string) => Promise<number | undefined>;

/**
 * Reviews of a revision, one per credential (the owner token, each share link): written from role
 * `comment` up; a second review by the same credential replaces its first, never another's.
 */
export function reviewRoutes(store: ModelStore, foldLive: FoldLive = async () => undefined): Router {
  const router = Router();

  router.put(
    '/models/:id/revisions/:n/review',
    withBody(reviewRequest, async (req, res, readBody) => {
      const { stored, actor, credential } = await access(store, req, 'review');
      const asked = revisionNumber(req.params.n);
      const { status, summary } = readBody();
      store.quotas.assertFreeSpace();
      // A review of the newest revision is a review of the model as everyone sees it: live changes
      // not yet in a revision are folded first, and the review names the revision that holds them.
      const folded = asked === stored.revision ? await foldLive(stored.id) : undefined;
      const revision = Math.max(asked, folded ?? asked);
      if (!(await store.reviews.put(stored.id, revision, actor, status, summary ?? '')))
        throw notFound('revision');
      res.json({
        revision,
        reviews: (await store.reviews.list(stored.id, credential, revision)).get(revision) ?? [],
      });
    }),
  );

  router.get('/models/:id/review-status', async (req, res) => {
    const { stored } = await access(store, req, 'read');
    res.json((await store.reviews.latest(stored.id)) satisfies ModelReviewStatus);
  });

  return router;
}
