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

  /** Appends updates in one transaction; resolves with the last one's sequence number once committed. */
  append(modelId: string, updates: readonly LiveUpdate[]): Promise<number> {
    return this.db.transaction(async () => {
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
      }
      return last;
    });
  }

  /** Saves the document state taken after revision `base` and drops the updates it holds (up to `upTo`). */
  saveState(modelId: string, base: number, upTo: number, state: Uint8Array): Promise<void> {
    return this.db.transaction(async () => {
      const top = await this.db.get<{ seq: number | null }>(
        'SELECT max(seq) AS seq FROM live_updates WHERE model_id = ? AND seq <= ?',
        [modelId, upTo],
      );
      const upto = top?.seq ?? 0;
      await this.db.run(
        'INSERT INTO live_state (model_id, base_revision, upto_seq, state) VALUES (?, ?, ?, ?) ON CONFLICT(model_id) DO UPDATE SET base_revision = excluded.base_revision, upto_seq = excluded.upto_seq, state = excluded.state',
        [modelId, base, upto, Buffer.from(state)],
      );
      await this.db.run('DELETE FROM live_updates WHERE model_id = ? AND seq <= ?', [modelId, upto]);
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
