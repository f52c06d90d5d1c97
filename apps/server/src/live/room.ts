import { applyModel, docToModel, jsonEqual, modelToDoc, repairModel } from '@meshplan/collab';
import { type Model, parseModel } from '@meshplan/model';
import type { Logger } from 'pino';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type Actor, credentialKey } from '../actor.js';
import type { ModelStore } from '../store.js';

/** How long after the last change a room writes a revision, and how long at most it waits. */
const REVISION_DELAY_MS = 1000;
const REVISION_MAX_DELAY_MS = 5000;

/** What a room needs of a connection: a way to send, and who is on the other end. */
export interface Peer {
  send(data: Uint8Array | string): void;
  readonly name: string;
  /** The credential it came in with, recorded with the revisions its changes go into. */
  readonly actor?: Actor;
  /** Asks again whether the peer's credential still opens the model; closes it when not. */
  recheck?(): Promise<void>;
}

/**
 * One model being edited live: its Yjs document, who is there (awareness), and its durability.
 * Every change a peer sends is appended to `live_updates` before anyone is told of it, so an
 * acknowledged change survives a crash; changes are folded into a revision of the model a second
 * after they stop (or every five seconds while they go on), and the updates so folded are dropped.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly peers = new Set<Peer>();
  /** Persistence, acknowledgements and revisions run in this order, one at a time. */
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private firstUnwritten: number | undefined;
  private authors = new Set<string>();
  private actors = new Map<string, Actor>();
  /** The revision this room wrote last, to tell its own writes from those of the REST API. */
  lastRevision = 0;
  private lastSeq = 0;
  private closed = false;

  private constructor(
    readonly modelId: string,
    private readonly store: ModelStore,
    private readonly logger: Logger,
  ) {
    // The server's own awareness state is empty: it is not a person.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
  }

  /**
   * Loads the room: the saved document state and the updates after it. Updates are Yjs updates of
   * that very document, so a room that has no saved state (or whose model the REST API changed
   * since) starts from the current revision and saves a state at once, before anyone edits.
   */
  static async open(modelId: string, store: ModelStore, logger: Logger): Promise<Room | undefined> {
    const current = await store.current(modelId);
    if (current === undefined) return undefined;
    const room = new Room(modelId, store, logger);
    room.lastRevision = current.revision;
    const saved = await store.db.get<{ state: Buffer; base_revision: number; upto_seq: number }>(
      'SELECT state, base_revision, upto_seq FROM live_state WHERE model_id = ?',
      [modelId],
    );
    if (saved !== undefined && saved.base_revision === current.revision) {
      Y.applyUpdate(room.doc, saved.state, 'load');
      // Applying an update twice changes nothing: rows that the state already holds are harmless.
      const pending = await store.db.all<{ seq: number; update_data: Buffer }>(
        'SELECT seq, update_data FROM live_updates WHERE model_id = ? AND seq > ? ORDER BY seq',
        [modelId, saved.upto_seq],
      );
      for (const row of pending) Y.applyUpdate(room.doc, row.update_data, 'load');
      room.lastSeq = pending.at(-1)?.seq ?? saved.upto_seq;
      // Changes acknowledged before a restart but not yet in a revision: write one now.
      if (pending.length > 0) room.schedule();
    } else {
      Y.transact(room.doc, () => modelToDoc(JSON.parse(current.body) as Model, room.doc), 'load');
      await room.saveState(current.revision, Number.MAX_SAFE_INTEGER);
    }
    return room;
  }

  /** Saves the document as the state after `base` and drops the updates it holds (up to `upTo`). */
  private async saveState(base: number, upTo: number): Promise<void> {
    const state = Buffer.from(Y.encodeStateAsUpdate(this.doc));
    await this.store.db.transaction(async () => {
      const top = await this.store.db.get<{ seq: number | null }>(
        'SELECT max(seq) AS seq FROM live_updates WHERE model_id = ? AND seq <= ?',
        [this.modelId, upTo],
      );
      const upto = top?.seq ?? this.lastSeq;
      await this.store.db.run(
        'INSERT INTO live_state (model_id, base_revision, upto_seq, state) VALUES (?, ?, ?, ?) ON CONFLICT(model_id) DO UPDATE SET base_revision = excluded.base_revision, upto_seq = excluded.upto_seq, state = excluded.state',
        [this.modelId, base, upto, state],
      );
      await this.store.db.run('DELETE FROM live_updates WHERE model_id = ? AND seq <= ?', [
        this.modelId,
        upto,
      ]);
    });
  }

  /** Queues work after everything queued before it. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch((error: unknown) =>
      this.logger.error({ err: error, model: this.modelId }, 'live room'),
    );
    return next;
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === 'load') return;
    this.enqueue(async () => {
      const { lastID } = await this.store.db.serial(() =>
        this.store.db.run('INSERT INTO live_updates (model_id, update_data) VALUES (?, ?)', [
          this.modelId,
          Buffer.from(update),
        ]),
      );
      this.lastSeq = lastID;
    });
    // Everyone else hears of the change at once; durability only gates the acknowledgement.
    for (const peer of this.peers) if (peer !== origin) peer.send(this.encode(update));
    if (isPeer(origin)) this.authors.add(origin.name);
    if (isPeer(origin) && origin.actor !== undefined)
      this.actors.set(credentialKey(origin.actor.credential), origin.actor);
    this.schedule();
  }

  /** Set by the socket layer: how an update is framed for peers. */
  encode: (update: Uint8Array) => Uint8Array = (update) => update;

  /** Resolves once everything received so far is on disk: then a peer may be acknowledged. */
  flushed(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  private schedule(): void {
    const now = Date.now();
    this.firstUnwritten ??= now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(REVISION_DELAY_MS, this.firstUnwritten + REVISION_MAX_DELAY_MS - now));
    this.timer = setTimeout(() => void this.writeRevision(), wait);
  }

  /**
   * Writes the document as the model's next revision, then folds the updates it contains into
   * the saved live state. A merge of concurrent edits can leave an edge to a deleted node: the
   * model is repaired first, and the repair goes back into the document for everyone.
   */
  writeRevision(): Promise<void> {
    clearTimeout(this.timer);
    this.firstUnwritten = undefined;
    return this.enqueue(async () => {
      if (this.closed) return;
      const { model: repaired, repairs } = repairModel(docToModel(this.doc));
      if (repairs.length > 0) applyModel(this.doc, repaired, 'repair');
      const parsed = parseModel(repaired);
      if (!parsed.ok) {
        this.logger.warn(
          { model: this.modelId, errors: parsed.errors.slice(0, 3) },
          'live model invalid; no revision',
        );
        return;
      }
      const current = await this.store.current(this.modelId);
      if (current === undefined) return;
      const body = JSON.stringify(repaired);
      // The same model in another key order is no change: no revision for opening and closing.
      if (!jsonEqual(repaired, JSON.parse(current.body))) {
        const author = [...this.authors].sort().join(', ') || null;
        // The credential of the first peer that changed it (none after a crash recovery); a
        // revision by several credentials records one of them until rooms record each.
        const first = this.actors.values().next().value;
        const actor = first === undefined ? null : { ...first, name: author };
        const result = await this.store.put(this.modelId, body, '*', actor, undefined, 'live');
        if (!result.ok) return;
        this.lastRevision = result.revision;
        this.authors.clear();
        this.actors.clear();
        const notice = JSON.stringify({ type: 'revision', number: result.revision });
        for (const peer of this.peers) peer.send(notice);
      }
      // The state taken now holds every update applied so far, including any that arrived
      // during the write above: only the rows already on disk are dropped.
      await this.saveState(this.lastRevision, this.lastSeq);
    });
  }

  /** A revision written through the REST API (a PUT, a restore): it becomes the document. */
  async adopt(revision: number): Promise<void> {
    if (revision <= this.lastRevision) return;
    await this.enqueue(async () => {
      const current = await this.store.current(this.modelId);
      if (current === undefined || current.revision !== revision) return;
      this.lastRevision = revision;
      applyModel(this.doc, JSON.parse(current.body) as Model, 'rest');
    });
    await this.writeRevision();
  }

  join(peer: Peer): void {
    this.peers.add(peer);
  }

  /** A peer leaves: its presence goes for everyone else. */
  leave(peer: Peer, awarenessIds: readonly number[]): void {
    this.peers.delete(peer);
    removeAwarenessStates(this.awareness, [...awarenessIds], 'left');
  }

  async close(): Promise<void> {
    await this.writeRevision();
    this.closed = true;
    this.doc.destroy();
  }
}

function isPeer(value: unknown): value is Peer {
  return typeof value === 'object' && value !== null && 'send' in value && 'name' in value;
}
