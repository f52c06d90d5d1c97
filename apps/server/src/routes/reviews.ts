import type { ModelError } from '@meshplan/model';
import { Router } from 'express';
import { notFound } from '../problems.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../reviews.js';
import type { ModelStore } from '../store.js';
import { access, invalidBody, jsonObject, length, revisionNumber } from './request.js';

const MAX_SUMMARY = 2000;

/**
 * Reviews of a revision, one per credential (the owner token, each share link): written from role
 * `comment` up; a second review by the same credential replaces its first, never another's.
 */
export function reviewRoutes(store: ModelStore): Router {
  const router = Router();

  router.put('/models/:id/revisions/:n/review', async (req, res) => {
    const { stored, actor, credential } = await access(store, req, 'review');
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
    if (!(await store.reviews.put(stored.id, revision, actor, status, summary as string)))
      throw notFound('revision');
    res.json({
      revision,
      reviews: (await store.reviews.list(stored.id, credential, revision)).get(revision) ?? [],
    });
  });

  return router;
}
