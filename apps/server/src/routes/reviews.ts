import type { ModelError } from '@meshplan/model';
import { Router } from 'express';
import { modelEvents } from '../events.js';
import { notFound } from '../problems.js';
import { listReviews, putReview, REVIEW_STATUSES, type ReviewStatus } from '../reviews.js';
import type { ModelStore } from '../store.js';
import { access, authorName, invalidBody, jsonObject, length, revisionNumber } from './request.js';

const MAX_SUMMARY = 2000;

/** Reviews of a revision, one per author name: written from role `comment` up. */
export function reviewRoutes(store: ModelStore): Router {
  const router = Router();

  router.put('/models/:id/revisions/:n/review', async (req, res) => {
    const { stored } = await access(store, req, 'review');
    const revision = revisionNumber(req.params.n);
    const body = jsonObject(req);
    const errors: ModelError[] = [];
    const status = body.status as ReviewStatus;
    if (!REVIEW_STATUSES.includes(status))
      errors.push({
        path: 'status',
        message: `expected one of ${REVIEW_STATUSES.map((s) => `"${s}"`).join(', ')}`,
      });
    const summary = body.summary ?? '';
    if (typeof summary !== 'string') errors.push({ path: 'summary', message: 'expected a string' });
    else if (length(summary) > MAX_SUMMARY)
      errors.push({ path: 'summary', message: `at most ${MAX_SUMMARY} characters` });
    if (errors.length > 0) throw invalidBody(errors);
    const author = authorName(req) ?? 'Anonymous';
    store.quotas.assertFreeSpace();
    if (!(await putReview(store.db, stored.id, revision, author, status, summary as string)))
      throw notFound('revision');
    modelEvents.emit('reviews', stored.id);
    res.json({ revision, reviews: (await listReviews(store.db, stored.id, revision)).get(revision) ?? [] });
  });

  return router;
}
