import { type Actor, credentialKey } from '../actor.js';
import type { SqlDatabase } from '../db.js';
import { decodeText, encodeText } from '../postgres.js';

/** One update to append, and the peer whose change it was (none for the server's own). */
export interface LiveUpdate {
  update: Uint8Array;
  actor?: Actor;
}

/** Who sent an update, as stored in `live_updates.actor`. */
interface StoredActor {
  name: string | null;
  credential: string;
  role: Actor['role'];
}

export interface SavedState {
  state: Uint8Array;
  baseRevision: number;
  uptoSeq: number;
}

export interface SetAside {
  modelId: string;
  reason: string;
  at: string;
}

/**
 * Where live rooms keep their work (migrations 4 and 7): each model's saved document state (the
 * revision it was taken after, and the last update it holds) and the updates acknowledged since,
 * in order. What a room could not fold into a revision is moved to `live_set_aside`, never
 * deleted, so that the model opens again from its last revision and an operator can look.
 */
export class LiveRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** The id a row was given: SQLite reports its rowid, PostgreSQL returns it (`lastID` is the first column). */
  private returning(column: 'seq' | 'id'): string {
    return this.db.dialect === 'postgres' ? ` RETURNING ${column}` : '';
  }

  async savedState(modelId: string): Promise<SavedState | undefined> {
    const row = await this.db.get<{ state: Buffer; base_revision: number; upto_seq: number }>(
      'SELECT state, base_revision, upto_seq FROM live_state WHERE model_id = ?',
      [modelId],
    );
    return row === undefined
      ? undefined
      : { state: new Uint8Array(row.state), baseRevision: row.base_revision, uptoSeq: row.upto_seq };
  }

  async updatesAfter(
    modelId: string,
    seq: number,
  ): Promise<{ seq: number; update: Uint8Array; actor: Actor | undefined }[]> {
    const rows = await this.db.all<{ seq: number; update_data: Buffer; actor: string | null }>(
      'SELECT seq, update_data, actor FROM live_updates WHERE model_id = ? AND seq > ? ORDER BY seq',
      [modelId, seq],
    );
    return rows.map((row) => ({
      seq: row.seq,
      update: new Uint8Array(row.update_data),
      actor: readActor(row.actor, this.db.dialect === 'postgres'),
    }));
  }

  /**
   * Appends updates in one transaction; resolves with the last one's sequence number once committed.
   * `announce` runs inside the transaction with the first and last sequence numbers: on PostgreSQL
   * a NOTIFY sent there goes out when (and only if) the rows are committed.
   */
  append(
    modelId: string,
    updates: readonly LiveUpdate[],
    announce?: (first: number, last: number) => Promise<void>,
  ): Promise<number> {
    return this.db.transaction(async () => {
      let first = 0;
      let last = 0;
      for (const { update, actor } of updates) {
        const { lastID } = await this.db.run(
          `INSERT INTO live_updates (model_id, update_data, actor) VALUES (?, ?, ?)${this.returning('seq')}`,
          [
            modelId,
            Buffer.from(update),
            actor === undefined ? null : writeActor(actor, this.db.dialect === 'postgres'),
          ],
        );
        last = lastID;
        if (first === 0) first = lastID;
      }
      await announce?.(first, last);
      return last;
    });
  }

  /** The rows of `modelId` from `first` to `last` (those of other writers in between too). */
  async updatesBetween(
    modelId: string,
    first: number,
    last: number,
  ): Promise<{ seq: number; update: Uint8Array }[]> {
    const rows = await this.db.all<{ seq: number; update_data: Buffer }>(
      'SELECT seq, update_data FROM live_updates WHERE model_id = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT 10000',
      [modelId, first, last],
    );
    return rows.map((row) => ({ seq: row.seq, update: new Uint8Array(row.update_data) }));
  }

  /**
   * Rows that apply REST revision `revision` to the document were committed (in the same
   * transaction): whoever opens the room next must not apply it again over later changes.
   */
  async markAdopted(modelId: string, revision: number): Promise<void> {
    await this.db.run('UPDATE live_state SET base_revision = ? WHERE model_id = ? AND base_revision < ?', [
      revision,
      modelId,
      revision,
    ]);
  }

  /** Which saved state there is (its base revision and last folded row), without the state itself. */
  async stateVersion(modelId: string): Promise<{ baseRevision: number; uptoSeq: number } | undefined> {
    const row = await this.db.get<{ base_revision: number; upto_seq: number }>(
      'SELECT base_revision, upto_seq FROM live_state WHERE model_id = ?',
      [modelId],
    );
    return row === undefined ? undefined : { baseRevision: row.base_revision, uptoSeq: row.upto_seq };
  }

  /** Now by the database's clock (ms since the epoch): every instance reads the same clock for leases. */
  private now(): string {
    return this.db.dialect === 'postgres'
      ? 'CAST(extract(epoch from clock_timestamp()) * 1000 AS BIGINT)'
      : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
  }

  /**
   * Whether the lease of `holder` (an SQL expression) still binds: not expired, and on PostgreSQL
   * its instance still connected. Every instance keeps one session that LISTENs, named
   * `meshplan-listen/<id>` (live/fanout.ts): when the process dies the server sees that session
   * close at once, and its leases need not be waited out.
   */
  private binding(table: string): string {
    const unexpired = `${table}.expires_at >= ${this.now()}`;
    return this.db.dialect === 'postgres'
      ? `(${unexpired} AND EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'meshplan-listen/' || ${table}.holder))`
      : unexpired;
  }

  /**
   * Takes the model's fold lease for `holder` for `ttlMs`, or renews it: true when `holder` has it
   * now. A lease held by another is only taken once it no longer binds (expired, or its instance
   * is gone from the database).
   */
  async acquireLease(modelId: string, holder: string, ttlMs: number): Promise<boolean> {
    const { changes } = await this.db.run(
      `INSERT INTO live_leases (model_id, holder, expires_at)
       SELECT id, CAST(? AS TEXT), ${this.now()} + CAST(? AS BIGINT) FROM models WHERE id = ?
       ON CONFLICT (model_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE live_leases.holder = excluded.holder OR NOT ${this.binding('live_leases')}`,
      [holder, ttlMs, modelId],
    );
    return changes > 0;
  }

  /** Forgets every lease: on SQLite, at start, they are all of a process that is gone (one process at a time). */
  async clearLeases(): Promise<void> {
    if (this.db.dialect === 'sqlite') await this.db.run('DELETE FROM live_leases');
  }

  /** Gives the lease up (after the last fold): another instance may take it at once. */
  async releaseLease(modelId: string, holder: string): Promise<void> {
    await this.db.run('DELETE FROM live_leases WHERE model_id = ? AND holder = ?', [modelId, holder]);
  }

  /** Who holds the model's lease now (a lease that no longer binds is nobody's). */
  async leaseHolder(modelId: string): Promise<string | undefined> {
    const row = await this.db.get<{ holder: string }>(
      `SELECT holder FROM live_leases WHERE model_id = ? AND ${this.binding('live_leases')}`,
      [modelId],
    );
    return row?.holder;
  }

  /**
   * Runs a fold of `modelId`: on PostgreSQL in one transaction holding the model's row
   * (`FOR NO KEY UPDATE`), so that two instances never fold the same model at once and a REST write waits
   * for it, and the revision and the saved state commit together. `work` learns the current
   * revision and who holds the lease. On SQLite (one process) it runs as before, statement by
   * statement: the store's own writes queue there and a transaction around them would wait on itself.
   */
  fold<T>(
    modelId: string,
    work: (locked: { revision: number; holder: string | undefined } | undefined) => Promise<T>,
  ): Promise<T> {
    const read = async () => {
      // NO KEY UPDATE: other instances' appends (whose foreign key takes KEY SHARE) do not wait for it.
      const lock = this.db.dialect === 'postgres' ? ' FOR NO KEY UPDATE' : '';
      const model = await this.db.get<{ current_revision: number }>(
        `SELECT current_revision FROM models WHERE id = ?${lock}`,
        [modelId],
      );
      if (model === undefined) return work(undefined);
      return work({ revision: model.current_revision, holder: await this.leaseHolder(modelId) });
    };
    return this.db.dialect === 'postgres' ? this.db.transaction(read) : read();
  }

  /** Sends `payload` to every instance listening on `channel` (PostgreSQL only; at commit inside a transaction). */
  async notify(channel: string, payload: string): Promise<void> {
    if (this.db.dialect !== 'postgres') return;
    await this.db.run('SELECT pg_notify(?, ?)', [channel, payload]);
  }

  /**
   * Saves the document state taken after revision `base` and drops the updates it holds (up to
   * `upTo`). With `only`, exactly those rows go: the rows the folder read and applied. Another
   * instance's row with a smaller number may commit after that read; a range would drop it unread.
   * Returns the saved state's `upto_seq`.
   */
  saveState(
    modelId: string,
    base: number,
    upTo: number,
    state: Uint8Array,
    only?: readonly number[],
  ): Promise<number> {
    return this.db.transaction(async () => {
      // The saved state's `upto_seq` only grows: an instance that saw it change loads the state again.
      const top =
        only === undefined
          ? await this.db.get<{ seq: number | null }>(
              'SELECT max(seq) AS seq FROM live_updates WHERE model_id = ? AND seq <= ?',
              [modelId, upTo],
            )
          : await this.db.get<{ seq: number | null }>(
              'SELECT upto_seq AS seq FROM live_state WHERE model_id = ?',
              [modelId],
            );
      let upto = top?.seq ?? 0;
      for (const seq of only ?? []) upto = Math.max(upto, seq);
      await this.db.run(
        'INSERT INTO live_state (model_id, base_revision, upto_seq, state) VALUES (?, ?, ?, ?) ON CONFLICT(model_id) DO UPDATE SET base_revision = excluded.base_revision, upto_seq = excluded.upto_seq, state = excluded.state',
        [modelId, base, upto, Buffer.from(state)],
      );
      if (only === undefined) {
        await this.db.run('DELETE FROM live_updates WHERE model_id = ? AND seq <= ?', [modelId, upto]);
        return upto;
      }
      for (let start = 0; start < only.length; start += 500) {
        const part = only.slice(start, start + 500);
        await this.db.run(
          `DELETE FROM live_updates WHERE model_id = ? AND seq IN (${part.map(() => '?').join(', ')})`,
          [modelId, ...part],
        );
      }
      return upto;
    });
  }

  /** Models with acknowledged updates not yet folded into a revision (after a crash). */
  async modelsWithUpdates(): Promise<string[]> {
    const rows = await this.db.all<{ model_id: string }>('SELECT DISTINCT model_id FROM live_updates');
    return rows.map((row) => row.model_id);
  }

  /** Moves the model's saved state and updates aside, with the reason: the room starts again from the revision. */
  setAside(modelId: string, reason: string): Promise<void> {
    return this.db.transaction(async () => {
      const { lastID } = await this.db.run(
        `INSERT INTO live_set_aside (model_id, reason, set_aside_at, base_revision, state)
         SELECT ?, ?, ?, (SELECT base_revision FROM live_state WHERE model_id = ?), (SELECT state FROM live_state WHERE model_id = ?)${this.returning('id')}`,
        [modelId, reason.slice(0, 2000), new Date().toISOString(), modelId, modelId],
      );
      await this.db.run(
        'INSERT INTO live_set_aside_updates (set_aside_id, seq, update_data) SELECT CAST(? AS BIGINT), seq, update_data FROM live_updates WHERE model_id = ?',
        [lastID, modelId],
      );
      await this.db.run('DELETE FROM live_updates WHERE model_id = ?', [modelId]);
      await this.db.run('DELETE FROM live_state WHERE model_id = ?', [modelId]);
    });
  }

  /** What was set aside, newest first. */
  async setAsideList(limit = 50): Promise<SetAside[]> {
    const rows = await this.db.all<{ model_id: string; reason: string; set_aside_at: string }>(
      'SELECT model_id, reason, set_aside_at FROM live_set_aside ORDER BY id DESC LIMIT ?',
      [limit],
    );
    return rows.map((row) => ({ modelId: row.model_id, reason: row.reason, at: row.set_aside_at }));
  }
}

/**
 * The actor as JSON. PostgreSQL's jsonb refuses `\u0000`, which a name may hold: there the name is
 * written with the store's text escaping (postgres.ts `encodeText`) and read back through it.
 */
function writeActor(actor: Actor, postgres: boolean): string {
  const stored: StoredActor = {
    name: postgres && actor.name !== null ? encodeText(actor.name) : actor.name,
    credential: credentialKey(actor.credential),
    role: actor.role,
  };
  return JSON.stringify(stored);
}

/** The actor of a stored row; undefined for the server's own rows, old rows and anything unreadable. */
function readActor(text: string | null, postgres: boolean): Actor | undefined {
  if (text === null) return undefined;
  try {
    const stored = JSON.parse(text) as StoredActor;
    if (postgres && typeof stored.name === 'string') stored.name = decodeText(stored.name);
    const credential =
      stored.credential === 'owner' ? 'owner' : { linkId: stored.credential.replace(/^link:/, '') };
    return { name: stored.name, credential, role: stored.role };
  } catch {
    return undefined;
  }
}
