import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from '@meshplan/model';
import { type Actor, credentialKey, type ShownActor, shownActor } from './actor.js';
import { CommentRepository } from './comments.js';
import { DEFAULT_RETENTION, type RetentionPolicy, type StorageLimits } from './config.js';
import { Database, type SqlDatabase } from './db.js';
import { ModelEvents, type RevisionOrigin } from './events.js';
import { LinkRepository } from './links.js';
import { LiveRepository } from './live/repository.js';
import { migrate } from './migrations.js';
import {
  DEFAULT_POSTGRES_SETTINGS,
  isPostgresUrl,
  PostgresDatabase,
  type PostgresSettings,
} from './postgres.js';
import { Quotas } from './quotas.js';
import { compactRevisions, ensureIncrementalVacuum } from './retention.js';
import { ReviewRepository } from './reviews.js';
import { prints, summarizeChange } from './summary.js';

/** A revision: `author` is the display name, `role` and `byOwner` the credential that wrote it (null: before migration 5). */
export interface Revision extends ShownActor {
  number: number;
  createdAt: string;
  summary: string;
}

export interface StoredModel {
  id: string;
  revision: number;
  updatedAt: string;
  /** The model's JSON exactly as stored: answered as is, never re-serialised. */
  body: string;
}

interface Cached extends StoredModel {
  tokenHash: Buffer;
}

/** Stored in place of a summary until the history is read. */
const PENDING_SUMMARY = '';

export type PutResult =
  | { ok: true; revision: number }
  | { ok: false; currentRevision: number }
  | { ok: false; missing: true };

/** 128 bits or more from the CSPRNG, base64url. */
export function secret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export const hash = (token: string): Buffer => createHash('sha256').update(token).digest();
const CACHE_LIMIT = 200;

/**
 * Models and their revisions in SQLite, or in PostgreSQL when `databaseUrl` names one. Every write
 * is one transaction, and a revision once acknowledged is committed (SQLite: WAL with
 * synchronous=FULL; PostgreSQL: synchronous_commit as the server has it, on by default), so a crash
 * loses none.
 */
export class ModelStore {
  /**
   * The current revision and token hash of recently used models, so that a GET is answered from
   * memory. On SQLite every write goes through this store in this process and updates it after
   * COMMIT; on PostgreSQL other instances write too, so a hit is checked against the model's
   * current revision (one small row) before it is answered.
   */
  private readonly cache = new Map<string, Cached>();
  /** Counts writes, so that a read that raced with one does not cache what it read. */
  private writes = 0;

  readonly comments: CommentRepository;
  readonly links: LinkRepository;
  readonly reviews: ReviewRepository;
  /** The live rooms' saved document states and acknowledged updates. */
  readonly live: LiveRepository;
  /** Storage quotas and the free-space floor, checked by the routes before each write. */
  readonly quotas: Quotas;
  /** What `auto_vacuum` needed at open (`vacuumed` once, on a database made before it). */
  autoVacuum = '';

  private constructor(
    private readonly db: SqlDatabase,
    /** Where committed changes are announced (`revision`, `deleted`; the repositories add theirs). */
    readonly events: ModelEvents,
    dataDir: string,
    limits: Partial<StorageLimits>,
    private readonly retention: RetentionPolicy,
  ) {
    this.comments = new CommentRepository(db, events);
    this.links = new LinkRepository(db, events);
    this.reviews = new ReviewRepository(db, events);
    this.live = new LiveRepository(db);
    this.quotas = new Quotas(db, dataDir, limits, (modelId) => this.compact(modelId));
  }

  static async open(
    dataDir: string,
    options: {
      limits?: Partial<StorageLimits>;
      retention?: RetentionPolicy;
      events?: ModelEvents;
      /** `postgres://…`: the models go to that PostgreSQL database; otherwise SQLite in `dataDir`. */
      databaseUrl?: string;
      postgres?: PostgresSettings;
      /** PostgreSQL's `application_name` of the pool's connections (`meshplan/<instance id>`). */
      applicationName?: string;
    } = {},
  ): Promise<ModelStore> {
    mkdirSync(dataDir, { recursive: true });
    if (isPostgresUrl(options.databaseUrl)) {
      const db = await PostgresDatabase.open(
        options.databaseUrl,
        options.postgres ?? DEFAULT_POSTGRES_SETTINGS,
        options.applicationName,
      );
      const store = new ModelStore(
        db,
        options.events ?? new ModelEvents(),
        dataDir,
        options.limits ?? {},
        options.retention ?? DEFAULT_RETENTION,
      );
      store.autoVacuum = 'postgres: autovacuum';
      try {
        await migrate(db);
      } catch (error) {
        await db.close();
        throw error;
      }
      return store;
    }
    const file = join(dataDir, 'meshplan.db');
    const db = await Database.open(file);
    const store = new ModelStore(
      db,
      options.events ?? new ModelEvents(),
      dataDir,
      options.limits ?? {},
      options.retention ?? DEFAULT_RETENTION,
    );
    // Before WAL and the first table: a new database is made with it, an old one vacuumed once.
    store.autoVacuum = await ensureIncrementalVacuum(db, file, () => store.quotas.freeBytes());
    await db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
    );
    // The WAL file shrinks back to this after a checkpoint instead of keeping its largest size.
    await db.exec('PRAGMA journal_size_limit = 67108864');
    await migrate(db);
    return store;
  }

  /**
   * Thins the revisions of `modelId` by the retention policy (never the current one nor a reviewed
   * one) and gives the space back; returns how many went. Summaries still to be written are written
   * first, as each is a diff with the revision before it.
   */
  async compact(modelId: string): Promise<number> {
    await this.revisions(modelId);
    return compactRevisions(this.db, modelId, this.retention);
  }

  /** Compacts every model that holds more revisions than the policy keeps in any case. */
  async compactAll(): Promise<number> {
    const models = await this.db.all<{ model_id: string }>(
      'SELECT model_id FROM model_usage WHERE revisions > ?',
      [this.retention.keepLast],
    );
    let dropped = 0;
    for (const { model_id: modelId } of models) dropped += await this.compact(modelId);
    return dropped;
  }

  /** Stores a new model; `body` is its JSON as received (stored as sent), when there is one. */
  async create(
    model: Model,
    actor: Actor,
    body = JSON.stringify(model),
  ): Promise<{ id: string; token: string; revision: number }> {
    const id = secret(16);
    const token = secret(32);
    const now = new Date().toISOString();
    await this.db.transaction(async () => {
      await this.db.run(
        'INSERT INTO models (id, token_hash, name, current_revision, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
        [id, hash(token).toString('hex'), model.name, now, now],
      );
      await this.db.run(
        'INSERT INTO revisions (model_id, number, created_at, author, actor, actor_role, summary, body) VALUES (?, 1, ?, ?, ?, ?, ?, ?)',
        [id, now, actor.name, credentialKey(actor.credential), actor.role, 'created', body],
      );
    });
    this.remember({ id, revision: 1, updatedAt: now, body, tokenHash: hash(token) });
    return { id, token, revision: 1 };
  }

  /**
   * The current revision of model `id` when `token` opens it; undefined for a wrong token and an
   * unknown model alike (they must look the same), compared in constant time.
   */
  async open(id: string, token: string): Promise<StoredModel | undefined> {
    const entry = await this.load(id);
    const ok = timingSafeEqual(entry?.tokenHash ?? hash('\u0000no such model'), hash(token));
    if (!ok || entry === undefined) return undefined;
    return { id: entry.id, revision: entry.revision, updatedAt: entry.updatedAt, body: entry.body };
  }

  /** The current revision of model `id`, with no token check: for callers that checked access. */
  async current(id: string): Promise<StoredModel | undefined> {
    const entry = await this.load(id);
    if (entry === undefined) return undefined;
    return { id: entry.id, revision: entry.revision, updatedAt: entry.updatedAt, body: entry.body };
  }

  /**
   * Stores `body`, a valid model's JSON as received, as the next revision when `expected` is
   * still the current one (or `*`). It is stored as sent, never serialised again. `origin` goes
   * with the `revision` event, so that a live room does not adopt the revision it wrote itself.
   */
  async put(
    id: string,
    body: string,
    expected: number | '*',
    /** Null when no credential is known (live changes recovered after a crash). */
    actor: Actor | null,
    summary?: string,
    origin: RevisionOrigin = 'rest',
  ): Promise<PutResult> {
    const now = new Date().toISOString();
    this.writes++;
    // One INSERT … SELECT writes the revision only if `expected` is current; the trigger of
    // migration 2 advances the model in the same statement, so the write is atomic by itself.
    const result = await this.db.serial(async (): Promise<PutResult> => {
      const match = expected === '*' ? null : expected;
      if (this.db.dialect === 'postgres') return this.putPostgres(id, body, match, actor, summary, now);
      const { changes } = await this.db.run(
        `INSERT INTO revisions (model_id, number, created_at, author, actor, actor_role, summary, body)
         SELECT id, current_revision + 1, ?, ?, ?, ?, ?, ? FROM models WHERE id = ? AND (? IS NULL OR current_revision = ?)`,
        [
          now,
          actor?.name ?? null,
          actor === null ? null : credentialKey(actor.credential),
          actor?.role ?? null,
          summary ?? PENDING_SUMMARY,
          body,
          id,
          match,
          match,
        ],
      );
      if (changes === 1 && match !== null) return { ok: true, revision: match + 1 };
      const row = await this.db.get<{ current_revision: number }>(
        'SELECT current_revision FROM models WHERE id = ?',
        [id],
      );
      if (row === undefined) return { ok: false, missing: true };
      // The summary of what changed is written when the history is first read (see `revisions`):
      // a save must not pay for diffing two large models.
      return changes === 1
        ? { ok: true, revision: row.current_revision }
        : { ok: false, currentRevision: row.current_revision };
    });
    const cached = this.cache.get(id);
    if (result.ok && cached !== undefined)
      this.remember({ ...cached, revision: result.revision, updatedAt: now, body });
    if (result.ok) this.events.emit('revision', id, result.revision, origin);
    return result;
  }

  /**
   * PostgreSQL's `put`: the same INSERT … SELECT, with the model's row locked (`FOR UPDATE`). Under
   * READ COMMITTED a second writer with the same `expected` waits for the first to commit, then
   * reads the row again and finds `expected` no longer current: one winner, in any process.
   */
  private async putPostgres(
    id: string,
    body: string,
    match: number | null,
    actor: Actor | null,
    summary: string | undefined,
    now: string,
  ): Promise<PutResult> {
    const written = await this.db.get<{ number: number }>(
      `INSERT INTO revisions (model_id, number, created_at, author, actor, actor_role, summary, body)
       SELECT id, current_revision + 1, ?, ?, ?, ?, ?, ? FROM models
        WHERE id = ? AND (CAST(? AS INTEGER) IS NULL OR current_revision = ?) FOR UPDATE
       RETURNING number`,
      [
        now,
        actor?.name ?? null,
        actor === null ? null : credentialKey(actor.credential),
        actor?.role ?? null,
        summary ?? PENDING_SUMMARY,
        body,
        id,
        match,
        match,
      ],
    );
    if (written !== undefined) return { ok: true, revision: written.number };
    const row = await this.db.get<{ current_revision: number }>(
      'SELECT current_revision FROM models WHERE id = ?',
      [id],
    );
    return row === undefined
      ? { ok: false, missing: true }
      : { ok: false, currentRevision: row.current_revision };
  }

  async delete(id: string): Promise<boolean> {
    this.writes++;
    const deleted = await this.db.transaction(
      async () => (await this.db.run('DELETE FROM models WHERE id = ?', [id])).changes > 0,
    );
    this.cache.delete(id);
    // auto_vacuum = INCREMENTAL: the model's pages go back to the file system (PostgreSQL's autovacuum does it there).
    if (deleted && this.db.dialect === 'sqlite')
      await this.db.serial(() => this.db.exec('PRAGMA incremental_vacuum'));
    if (deleted) this.events.emit('deleted', id);
    return deleted;
  }

  /**
   * The name the owner token last wrote with on this model (a revision, a comment or a review),
   * for the owner's writes that send none: the owner's edits are credited to the owner's name,
   * not to nobody. Undefined when the owner never gave one ("Anonymous" is no name).
   */
  async ownerName(id: string): Promise<string | undefined> {
    const row = await this.db.get<{ author: string }>(
      `SELECT author FROM (
         SELECT author, created_at FROM revisions WHERE model_id = ? AND actor = 'owner' AND author IS NOT NULL
         UNION ALL
         SELECT c.author, c.created_at FROM comments c JOIN comment_threads t ON t.id = c.thread_id
           WHERE t.model_id = ? AND c.actor = 'owner'
         UNION ALL
         SELECT author, created_at FROM reviews WHERE model_id = ? AND actor = 'owner'
       ) AS owner_writes WHERE author <> 'Anonymous' ORDER BY created_at DESC LIMIT 1`,
      [id, id, id],
    );
    return row?.author;
  }

  async revisions(id: string): Promise<Revision[]> {
    const rows = await this.db.all<{
      number: number;
      created_at: string;
      author: string | null;
      actor: string | null;
      actor_role: string | null;
      summary: string;
    }>(
      'SELECT number, created_at, author, actor, actor_role, summary FROM revisions WHERE model_id = ? ORDER BY number DESC',
      [id],
    );
    const pending = rows.filter((row) => row.summary === PENDING_SUMMARY);
    if (pending.length > 0) {
      const summaries = await this.summarize(
        id,
        pending.map((row) => row.number),
      );
      for (const row of pending) row.summary = summaries.get(row.number) ?? row.summary;
    }
    return rows.map((row) => ({
      number: row.number,
      createdAt: row.created_at,
      ...shownActor(row.author, row.actor, row.actor_role),
      summary: row.summary,
    }));
  }

  /** Diffs each pending revision with the one before it, and stores the summaries. */
  private async summarize(id: string, numbers: number[]): Promise<Map<number, string>> {
    const summaries = new Map<number, string>();
    const seen = new Map<number, ReturnType<typeof prints>>();
    const printsOf = async (number: number) => {
      let found = seen.get(number);
      if (found === undefined) {
        const row = await this.db.get<{ body: string }>(
          'SELECT body FROM revisions WHERE model_id = ? AND number = ?',
          [id, number],
        );
        if (row === undefined) return undefined;
        found = prints(JSON.parse(row.body) as Model);
        seen.set(number, found);
      }
      return found;
    };
    for (const number of [...numbers].sort((x, y) => x - y)) {
      const after = await printsOf(number);
      if (after === undefined) continue;
      summaries.set(number, summarizeChange(number === 1 ? undefined : await printsOf(number - 1), after));
      seen.delete(number - 1);
    }
    await this.db.transaction(async () => {
      for (const [number, summary] of summaries) {
        await this.db.run(
          'UPDATE revisions SET summary = ? WHERE model_id = ? AND number = ? AND summary = ?',
          [summary, id, number, PENDING_SUMMARY],
        );
      }
    });
    return summaries;
  }

  async revision(id: string, number: number): Promise<(Revision & { model: Model }) | undefined> {
    const row = await this.db.get<{
      number: number;
      created_at: string;
      author: string | null;
      actor: string | null;
      actor_role: string | null;
      summary: string;
      body: string;
    }>(
      'SELECT number, created_at, author, actor, actor_role, summary, body FROM revisions WHERE model_id = ? AND number = ?',
      [id, number],
    );
    if (row === undefined) return undefined;
    return {
      number: row.number,
      createdAt: row.created_at,
      ...shownActor(row.author, row.actor, row.actor_role),
      summary: row.summary,
      model: JSON.parse(row.body) as Model,
    };
  }

  /** The PostgreSQL URL the store connected with; undefined on SQLite. */
  get postgresUrl(): string | undefined {
    return this.db instanceof PostgresDatabase ? this.db.url : undefined;
  }

  /** The PostgreSQL pool's connections (open, idle, callers waiting for one); undefined on SQLite. */
  poolFigures(): { total: number; idle: number; waiting: number } | undefined {
    return this.db instanceof PostgresDatabase ? this.db.poolFigures() : undefined;
  }

  async ping(): Promise<boolean> {
    return (await this.db.get<{ ok: number }>('SELECT 1 AS ok'))?.ok === 1;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private async load(id: string): Promise<Cached | undefined> {
    const hit = this.cache.get(id);
    const writes = this.writes;
    if (hit !== undefined && this.db.dialect === 'sqlite') return hit;
    if (hit !== undefined) {
      // Another instance may have written or deleted it since.
      const now = await this.db.get<{ current_revision: number }>(
        'SELECT current_revision FROM models WHERE id = ?',
        [id],
      );
      if (now?.current_revision === hit.revision) return hit;
      if (this.writes === writes) this.cache.delete(id);
      if (now === undefined) return undefined;
    }
    const row = await this.db.get<{
      token_hash: string;
      current_revision: number;
      updated_at: string;
      body: string;
    }>(
      `SELECT m.token_hash, m.current_revision, m.updated_at, r.body FROM models m
       JOIN revisions r ON r.model_id = m.id AND r.number = m.current_revision WHERE m.id = ?`,
      [id],
    );
    if (row === undefined) return undefined;
    const entry = {
      id,
      revision: row.current_revision,
      updatedAt: row.updated_at,
      body: row.body,
      tokenHash: Buffer.from(row.token_hash, 'hex'),
    };
    if (this.writes === writes) this.remember(entry);
    return entry;
  }

  private remember(entry: Cached): void {
    this.cache.delete(entry.id);
    this.cache.set(entry.id, entry);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
  }
}

/**
 * The database behind a store, for tests and operations scripts only: the server itself goes
 * through the store and its repositories (comments, links, reviews, live, quotas).
 */
export function databaseOf(store: ModelStore): SqlDatabase {
  // biome-ignore lint/complexity/useLiteralKeys: the one reach past `private`, on purpose
  return store['db'];
}
