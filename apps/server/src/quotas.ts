import { statfsSync } from 'node:fs';
import { DEFAULT_LIMITS, type StorageLimits } from './config.js';
import type { SqlDatabase } from './db.js';
import { HttpProblem } from './problems.js';

/** What each quota is called in a problem document, and the variable that sets it. */
const QUOTAS = {
  maxModelBytes: {
    variable: 'MESHPLAN_MAX_MODEL_BYTES',
    what: 'bytes of one model (revisions and comments)',
  },
  maxRevisionsPerModel: { variable: 'MESHPLAN_MAX_REVISIONS_PER_MODEL', what: 'revisions of one model' },
  maxCommentsPerModel: { variable: 'MESHPLAN_MAX_COMMENTS_PER_MODEL', what: 'comments on one model' },
  maxLinksPerModel: { variable: 'MESHPLAN_MAX_LINKS_PER_MODEL', what: 'share links of one model' },
  maxModels: { variable: 'MESHPLAN_MAX_MODELS', what: 'models on this server' },
  maxTotalBytes: { variable: 'MESHPLAN_MAX_TOTAL_BYTES', what: 'bytes of the database' },
  minFreeBytes: { variable: 'MESHPLAN_MIN_FREE_BYTES', what: 'free bytes kept on the data folder’s disk' },
} as const satisfies Record<keyof StorageLimits, { variable: string; what: string }>;

type Quota = keyof StorageLimits;

/**
 * A write refused by a quota. A model's own quotas are the request's doing (413: this model may not
 * grow further; delete or thin it); the server's quotas and its disk are not (507: nothing can be
 * stored until an operator makes room).
 */
export function quotaExceeded(quota: Quota, limit: number, used: number, detail: string): HttpProblem {
  const perModel = quota.endsWith('PerModel') || quota === 'maxModelBytes';
  const { variable } = QUOTAS[quota];
  return new HttpProblem({
    type: 'https://meshplan.dev/problems/quota-exceeded',
    title: perModel ? 'Model quota reached' : 'Server storage is full',
    status: perModel ? 413 : 507,
    detail: `${detail} (${QUOTAS[quota].what}: at most ${limit}, set by ${variable}).`,
    quota,
    variable,
    limit,
    used,
  });
}

/** The 507 of a write that SQLite refused for want of space (SQLITE_FULL): nothing was stored. */
export function storageFull(): HttpProblem {
  return new HttpProblem({
    type: 'https://meshplan.dev/problems/storage-full',
    title: 'Server storage is full',
    status: 507,
    detail:
      'The database could not grow, so nothing was stored; what was stored before is intact. Try again later.',
  });
}

/** True for the error sqlite3 gives when the disk or `max_page_count` is full, and PostgreSQL's disk_full (53100). */
export function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === '53100';
}

interface ModelUsage {
  bytes: number;
  revisions: number;
}

/**
 * The storage quotas of one server and their accounting. Revision bytes and counts per model are
 * kept in `model_usage` by triggers (migration 6), so they are right whoever writes; comments and
 * links are counted when asked (each count is bounded by its own quota). Checks run before a
 * write: two writes in flight at once may both pass, so a quota can be passed by at most the writes
 * in flight.
 */
export class Quotas {
  readonly limits: StorageLimits;

  constructor(
    private readonly db: SqlDatabase,
    private readonly dataDir: string,
    limits: Partial<StorageLimits> = {},
    /** Called when a model holds too many revisions, to thin them (retention) before refusing. */
    private readonly compact: (modelId: string) => Promise<unknown> = async () => undefined,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Free bytes for an unprivileged writer on the data folder's file system. */
  freeBytes(): number {
    const stats = statfsSync(this.dataDir);
    return stats.bavail * stats.bsize;
  }

  /** The free-space floor, for `/readyz`. */
  storage(): { freeBytes: number; minFreeBytes: number; ok: boolean } {
    const freeBytes = this.freeBytes();
    return { freeBytes, minFreeBytes: this.limits.minFreeBytes, ok: freeBytes >= this.limits.minFreeBytes };
  }

  /** Any write: refused (507) while the disk holds less than the floor, before it can fail halfway. */
  assertFreeSpace(incomingBytes = 0): void {
    const free = this.freeBytes();
    // A write needs about its own size again in the WAL before a checkpoint.
    if (free - 2 * incomingBytes < this.limits.minFreeBytes) {
      throw quotaExceeded(
        'minFreeBytes',
        this.limits.minFreeBytes,
        free,
        `The server's disk has ${free} bytes free, too little to store this safely`,
      );
    }
  }

  /** Before a new model whose first revision is `bodyBytes` long. */
  async beforeNewModel(bodyBytes: number): Promise<void> {
    this.assertFreeSpace(bodyBytes);
    const { models } = (await this.db.get<{ models: number }>('SELECT count(*) AS models FROM models')) ?? {
      models: 0,
    };
    if (models >= this.limits.maxModels)
      throw quotaExceeded('maxModels', this.limits.maxModels, models, `The server holds ${models} models`);
    await this.assertTotal(bodyBytes);
    if (bodyBytes > this.limits.maxModelBytes)
      throw quotaExceeded(
        'maxModelBytes',
        this.limits.maxModelBytes,
        bodyBytes,
        `The model is ${bodyBytes} bytes`,
      );
  }

  /** Before a new revision of `modelId`, `bodyBytes` long (PUT, restore). */
  async beforeRevision(modelId: string, bodyBytes: number): Promise<void> {
    this.assertFreeSpace(bodyBytes);
    await this.assertTotal(bodyBytes);
    let usage = await this.usage(modelId);
    if (usage.revisions >= this.limits.maxRevisionsPerModel) {
      await this.compact(modelId);
      usage = await this.usage(modelId);
      if (usage.revisions >= this.limits.maxRevisionsPerModel)
        throw quotaExceeded(
          'maxRevisionsPerModel',
          this.limits.maxRevisionsPerModel,
          usage.revisions,
          `The model holds ${usage.revisions} revisions that its retention policy keeps`,
        );
    }
    await this.assertModelBytes(modelId, usage, bodyBytes);
  }

  /** Before a comment (a new thread or a reply) of `textBytes` on `modelId`. */
  async beforeComment(modelId: string, textBytes: number): Promise<void> {
    this.assertFreeSpace(textBytes);
    await this.assertTotal(textBytes);
    const { comments } = await this.comments(modelId);
    if (comments >= this.limits.maxCommentsPerModel)
      throw quotaExceeded(
        'maxCommentsPerModel',
        this.limits.maxCommentsPerModel,
        comments,
        `The model has ${comments} comments`,
      );
    await this.assertModelBytes(modelId, await this.usage(modelId), textBytes);
  }

  /** Before a new share link of `modelId`. */
  async beforeLink(modelId: string): Promise<void> {
    this.assertFreeSpace();
    const row = await this.db.get<{ links: number }>(
      'SELECT count(*) AS links FROM share_links WHERE model_id = ?',
      [modelId],
    );
    const links = row?.links ?? 0;
    if (links >= this.limits.maxLinksPerModel)
      throw quotaExceeded(
        'maxLinksPerModel',
        this.limits.maxLinksPerModel,
        links,
        `The model has ${links} share links, revoked ones included`,
      );
  }

  /** Bytes of `modelId`: its revisions' bodies and its comments' text. */
  async modelBytes(modelId: string): Promise<number> {
    return (await this.usage(modelId)).bytes + (await this.comments(modelId)).bytes;
  }

  /**
   * Bytes of the database's pages in use (free pages, which a vacuum gives back, not counted); on
   * PostgreSQL the database's size on disk as the server reports it.
   */
  async totalBytes(): Promise<number> {
    if (this.db.dialect === 'postgres') {
      const size = await this.db.get<{ bytes: number }>(
        'SELECT pg_database_size(current_database()) AS bytes',
      );
      return size?.bytes ?? 0;
    }
    const pages = await this.db.get<{ used: number }>(
      'SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()) AS used',
    );
    const size = await this.db.get<{ page_size: number }>('SELECT page_size FROM pragma_page_size()');
    return (pages?.used ?? 0) * (size?.page_size ?? 4096);
  }

  private async assertTotal(incomingBytes: number): Promise<void> {
    const total = await this.totalBytes();
    if (total + incomingBytes > this.limits.maxTotalBytes)
      throw quotaExceeded(
        'maxTotalBytes',
        this.limits.maxTotalBytes,
        total,
        `The database holds ${total} bytes; ${incomingBytes} more would pass its quota`,
      );
  }

  private async assertModelBytes(modelId: string, usage: ModelUsage, incomingBytes: number): Promise<void> {
    const bytes = usage.bytes + (await this.comments(modelId)).bytes;
    if (bytes + incomingBytes > this.limits.maxModelBytes)
      throw quotaExceeded(
        'maxModelBytes',
        this.limits.maxModelBytes,
        bytes,
        `The model holds ${bytes} bytes; ${incomingBytes} more would pass its quota`,
      );
  }

  private async usage(modelId: string): Promise<ModelUsage> {
    const row = await this.db.get<ModelUsage>('SELECT bytes, revisions FROM model_usage WHERE model_id = ?', [
      modelId,
    ]);
    return row ?? { bytes: 0, revisions: 0 };
  }

  private async comments(modelId: string): Promise<{ comments: number; bytes: number }> {
    const row = await this.db.get<{ comments: number; bytes: number }>(
      `SELECT count(*) AS comments, coalesce(sum(${this.db.dialect === 'postgres' ? 'octet_length(c.text)' : 'length(CAST(c.text AS BLOB))'}), 0) AS bytes
       FROM comments c JOIN comment_threads t ON t.id = c.thread_id WHERE t.model_id = ?`,
      [modelId],
    );
    return row ?? { comments: 0, bytes: 0 };
  }
}
