import { type ModelReviewStatus, reviewRequest } from '@meshplan/api';
import { diffContracts } from '@meshplan/diff';
import { Router } from 'express';
import { HttpProblem, notFound } from '../problems.js';
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
      const { status, summary, acknowledgeBreaking } = readBody();
      store.quotas.assertFreeSpace();
      // A review of the newest revision is a review of the model as everyone sees it: live changes
      // not yet in a revision are folded first, and the review names the revision that holds them.
      const folded = asked === stored.revision ? await foldLive(stored.id) : undefined;
      const revision = Math.max(asked, folded ?? asked);
      const breaking = status === 'approved' ? await breakingChanges(store, stored.id, revision) : 0;
      if (breaking > 0 && acknowledgeBreaking !== true)
        throw new HttpProblem({
          title: 'The approval must acknowledge what the revision breaks',
          status: 409,
          detail: `Revision ${revision} has ${breaking} breaking contract ${breaking === 1 ? 'change' : 'changes'} against revision ${revision - 1} (GET /models/${stored.id}/revisions/${revision - 1}/diff/${revision} lists them); approve with "acknowledgeBreaking": true.`,
          breaking,
        });
      const acknowledged = breaking > 0 ? breaking : null;
      if (!(await store.reviews.put(stored.id, revision, actor, status, summary ?? '', acknowledged)))
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

/** How many breaking contract changes `revision` makes against the one before it (diff.md). */
async function breakingChanges(store: ModelStore, modelId: string, revision: number): Promise<number> {
  if (revision <= 1) return 0;
  const [before, after] = await Promise.all([
    store.revision(modelId, revision - 1),
    store.revision(modelId, revision),
  ]);
  if (before === undefined || after === undefined) return 0;
  return diffContracts(before.model, after.model).summary.breaking;
}
