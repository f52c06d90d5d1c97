import { REVIEW_STATUSES, type ReviewStatus } from '@meshplan/api';
import type { Database } from './db.js';

export { REVIEW_STATUSES, type ReviewStatus };

export interface Review {
  author: string;
  status: ReviewStatus;
  summary: string;
  createdAt: string;
}

interface ReviewRow {
  revision: number;
  author: string;
  status: ReviewStatus;
  summary: string;
  created_at: string;
}

const toReview = (row: ReviewRow): Review => ({
  author: row.author,
  status: row.status,
  summary: row.summary,
  createdAt: row.created_at,
});

/** Every review of a model by revision number, oldest first. */
export async function listReviews(
  db: Database,
  modelId: string,
  revision?: number,
): Promise<Map<number, Review[]>> {
  const rows = await db.all<ReviewRow>(
    `SELECT revision, author, status, summary, created_at FROM reviews
     WHERE model_id = ? AND (? IS NULL OR revision = ?) ORDER BY created_at, rowid`,
    [modelId, revision ?? null, revision ?? null],
  );
  const byRevision = new Map<number, Review[]>();
  for (const row of rows) {
    const list = byRevision.get(row.revision) ?? [];
    list.push(toReview(row));
    byRevision.set(row.revision, list);
  }
  return byRevision;
}

/**
 * Records `author`'s review of a revision, replacing theirs if they reviewed it before; false when
 * the revision does not exist.
 */
export async function putReview(
  db: Database,
  modelId: string,
  revision: number,
  author: string,
  status: ReviewStatus,
  summary: string,
): Promise<boolean> {
  const { changes } = await db.serial(() =>
    db.run(
      `INSERT INTO reviews (model_id, revision, author, status, summary, created_at)
       SELECT model_id, number, ?, ?, ?, ? FROM revisions WHERE model_id = ? AND number = ?
       ON CONFLICT (model_id, revision, author)
       DO UPDATE SET status = excluded.status, summary = excluded.summary, created_at = excluded.created_at`,
      [author, status, summary, new Date().toISOString(), modelId, revision],
    ),
  );
  return changes > 0;
}
