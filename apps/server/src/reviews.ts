import { type ModelReviewStatus, REVIEW_STATUSES, type ReviewStatus } from '@meshplan/api';
import { type Actor, type Credential, credentialKey, type ShownActor, shownActor } from './actor.js';
import type { SqlDatabase } from './db.js';
import type { ModelEvents } from './events.js';

export { REVIEW_STATUSES, type ReviewStatus };

export interface Review extends ShownActor {
  author: string;
  status: ReviewStatus;
  summary: string;
  createdAt: string;
  /** Made with the credential of the request that reads it. */
  mine: boolean;
  /** An approval: how many breaking contract changes it acknowledged (absent: none to). */
  acknowledgedBreaking?: number;
}

interface ReviewRow {
  revision: number;
  author: string;
  actor: string | null;
  actor_role: string | null;
  status: ReviewStatus;
  summary: string;
  created_at: string;
  acknowledged_breaking: number | null;
}

/**
 * Reviews of revisions, one per revision and credential (the owner token, or one share link): a
 * link that sends the owner's name writes its own review, never the owner's. Emits `reviews`.
 */
export class ReviewRepository {
  constructor(
    private readonly db: SqlDatabase,
    private readonly events: ModelEvents,
  ) {}

  /** Every review of a model by revision number, oldest first. */
  async list(modelId: string, viewer: Credential | null, revision?: number): Promise<Map<number, Review[]>> {
    const rows = await this.db.all<ReviewRow>(
      `SELECT revision, author, actor, actor_role, status, summary, created_at, acknowledged_breaking FROM reviews
       WHERE model_id = ? AND (CAST(? AS INTEGER) IS NULL OR revision = ?) ORDER BY created_at, rowid`,
      [modelId, revision ?? null, revision ?? null],
    );
    const mine = viewer === null ? null : credentialKey(viewer);
    const byRevision = new Map<number, Review[]>();
    for (const row of rows) {
      const list = byRevision.get(row.revision) ?? [];
      list.push({
        ...shownActor(row.author, row.actor, row.actor_role),
        author: row.author,
        status: row.status,
        summary: row.summary,
        createdAt: row.created_at,
        mine: mine !== null && row.actor === mine,
        ...(row.acknowledged_breaking === null ? {} : { acknowledgedBreaking: row.acknowledged_breaking }),
      });
      byRevision.set(row.revision, list);
    }
    return byRevision;
  }

  /**
   * The model's latest review, on whichever revision: a verdict stands until a later review (by
   * anyone, on any revision) replaces it, so "changes requested" is cleared by a later approval.
   */
  async latest(modelId: string): Promise<ModelReviewStatus> {
    const row = await this.db.get<ReviewRow>(
      `SELECT revision, author, actor, actor_role, status, summary, created_at, acknowledged_breaking FROM reviews
       WHERE model_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      [modelId],
    );
    if (row === undefined)
      return { status: null, revision: null, author: null, role: null, byOwner: false, createdAt: null };
    return {
      status: row.status,
      revision: row.revision,
      ...shownActor(row.author, row.actor, row.actor_role),
      createdAt: row.created_at,
    };
  }

  /**
   * Records the review of a revision by `actor`'s credential, replacing that credential's earlier
   * one (and only that); false when the revision does not exist.
   */
  async put(
    modelId: string,
    revision: number,
    actor: Actor,
    status: ReviewStatus,
    summary: string,
    acknowledgedBreaking: number | null = null,
  ): Promise<boolean> {
    const { changes } = await this.db.serial(() =>
      this.db.run(
        `INSERT INTO reviews (model_id, revision, actor, actor_role, author, status, summary, created_at, acknowledged_breaking)
         SELECT model_id, number, ?, ?, ?, ?, ?, ?, CAST(? AS INTEGER) FROM revisions WHERE model_id = ? AND number = ?
         ON CONFLICT (model_id, revision, actor)
         DO UPDATE SET author = excluded.author, actor_role = excluded.actor_role, status = excluded.status,
                       summary = excluded.summary, created_at = excluded.created_at,
                       acknowledged_breaking = excluded.acknowledged_breaking`,
        [
          credentialKey(actor.credential),
          actor.role,
          actor.name ?? 'Anonymous',
          status,
          summary,
          new Date().toISOString(),
          acknowledgedBreaking,
          modelId,
          revision,
        ],
      ),
    );
    if (changes > 0) this.events.emit('reviews', modelId);
    return changes > 0;
  }
}
