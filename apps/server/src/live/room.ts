import {
  applyModel,
  docToModel,
  type GuardLimits,
  jsonEqual,
  ModelGuard,
  modelToDoc,
  repairModel,
  type Verdict,
} from '@meshplan/collab';
import {
  awarenessMessage,
  type LiveRole,
  type PresenceEntry,
  readPresence,
  type ServerNotice,
  syncStep2,
  updateMessage,
  writePresence,
} from '@meshplan/collab/protocol';
import { formatError, type Model, type ModelError, parseModel } from '@meshplan/model';
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type Actor, credentialKey } from '../actor.js';
import type { ModelStore } from '../store.js';
import { type Fanout, MAX_PAYLOAD_BYTES } from './fanout.js';
import type { LiveUpdate } from './repository.js';

/** What a room needs of a connection. */
export interface Peer {
  readonly name: string;
  readonly role: LiveRole;
  /** The credential it came in with, recorded with the revisions its changes go into. */
  readonly actor: Actor;
  send(data: Uint8Array | string): void;
  close(code: number, reason: string): void;
  /** Asks again whether the peer's credential still opens the model; closes it when not. */
  recheck?(): Promise<void>;
}

export interface RoomDeps {
  store: ModelStore;
  logger: Logger;
  guard: GuardLimits;
  /**
   * When changes become a revision: once their authors pause this long, and at least this often
   * while they never pause (live/limits.ts). One revision per burst of editing, not per keystroke.
   */
  revision: { pauseMs: number; maxDelayMs: number };
  /** The room can no longer serve (its storage failed, it was set aside): forget it. */
  onFail(room: Room): void;
  /** This process among the instances on one database: the fold lease's holder name. */
  instanceId: string;
  /** Where the other instances hear of this room's updates and presence (live/fanout.ts). */
  fanout: Fanout;
  /** How long a fold lease lasts unless renewed (live/limits.ts `leaseMs`). */
  leaseMs: number;
}

/** The model a room loaded (or folded) is not a valid model: its live rows go aside. */
export class UnfoldableRoom extends Error {
  constructor(
    readonly modelId: string,
    readonly errors: readonly ModelError[],
  ) {
    super(`live model ${modelId} is not valid: ${errors.slice(0, 3).map(formatError).join('; ')}`);
  }
}

/** The room stopped serving; whatever was not acknowledged must be sent again to a new room. */
export class RoomUnavailable extends Error {}

/** What became of one update a peer sent. */
export interface Receipt {
  /** The update could not be read at all: the peer is broken or hostile. */
  malformed: boolean;
  /** Resolves once what the update changed is on disk: then it may be acknowledged. */
  persisted: Promise<void>;
}

/** The origin of a peer's update while it is checked; the guard's verdict lands on it. */
class Candidate {
  verdict: Verdict | undefined;
  constructor(readonly peer: Peer) {}
}

/**
 * The origin of an update another instance committed (or this room read back from the database):
 * checked there already, so it is applied, shared with the peers here and never stored again.
 */
class Remote {
  verdict: Verdict | undefined;
}

/** The origin of presence that came from another instance: shown here, not sent back. */
const REMOTE_PRESENCE = Symbol('remote presence');
/** Presence changes go to the other instances together, at most this often. */
const PRESENCE_FLUSH_MS = 25;
/** How long a room that may not fold waits for the holder to save the first state. */
const FIRST_STATE_WAIT_MS = 3000;

/**
 * One model being edited live: its Yjs document, who is there (presence), and its durability.
 *
 * Every update a peer sends is applied, checked (`ModelGuard`: the change must leave a valid
 * model) and, when it would not, undone at once with a compensating update that goes to the
 * sender; then it goes to everyone else and to `live_updates`, and the sender hears `ACK` only
 * once that insert has committed. A write that fails ends the room: every peer is put out with
 * `unavailable` and reconnects to a room loaded from disk, so the room never holds what the disk
 * does not. Changes are folded into a revision when their authors pause (`revision.pauseMs`, at
 * least every `revision.maxDelayMs` while they go on), before a review is recorded (`LiveServer.fold`), and
 * when the room closes; errors there never escape: a room that cannot fold is set aside.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<Peer>();
  /** Who owns each presence entry: a peer may only set its own. */
  private readonly presenceOwners = new Map<number, Peer>();
  private guard: ModelGuard;
  private readonly undo: Y.UndoManager;
  /** Updates of the transaction being checked, kept instead of written. */
  private capturing: Uint8Array[] | undefined;
  /** The whole document as a sync step 2, until it changes. */
  private wholeState: Uint8Array | undefined;
  /** Updates waiting for the next write to `live_updates`. */
  private batch: Batch | undefined;
  /** Persistence, acknowledgements and revisions run in this order, one at a time. */
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private firstUnwritten: number | undefined;
  private authors = new Set<string>();
  private actors = new Map<string, Actor>();
  /** The revision this room wrote last, to tell its own writes from those of the REST API. */
  lastRevision = 0;
  private state: 'open' | 'closed' | 'failed' = 'open';
  /**
   * Whether this instance holds the model's fold lease: only the holder folds on schedule and
   * adopts REST revisions; the others apply, share and store their peers' updates.
   */
  holder = false;
  /** The `upto_seq` of the saved state this document holds: another value in the database means another instance folded. */
  private stateSeq = -1;
  /** The REST revision being applied: the rows that carry it say so (`markAdopted`). */
  private adopting: number | undefined;
  /** Presence entries that live on other instances (a peer here that sends one takes it over). */
  private readonly remotePresence = new Set<number>();
  private presenceToSend = new Set<number>();
  private presenceTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly modelId: string,
    private readonly deps: RoomDeps,
  ) {
    // The server's own presence is empty: it is not a person.
    this.awareness.setLocalState(null);
    this.guard = new ModelGuard(this.doc, deps.guard);
    this.undo = new Y.UndoManager(this.doc, { trackedOrigins: new Set([Candidate]), captureTimeout: 0 });
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin instanceof Candidate || transaction.origin instanceof Remote)
        transaction.origin.verdict = this.guard.check(transaction);
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
    // Presence goes to everyone once per change, not once per change and peer.
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const changed = [...added, ...updated, ...removed];
        const message = awarenessMessage(this.awareness, changed);
        for (const peer of this.peers) if (peer !== origin) peer.send(message);
        // People here (their own changes, or leaving) are news to the other instances.
        if (this.deps.fanout.shared && (isPeer(origin) || origin === 'left')) this.queuePresence(changed);
      },
    );
  }

  private queuePresence(clientIds: number[]): void {
    for (const id of clientIds) this.presenceToSend.add(id);
    this.presenceTimer ??= setTimeout(() => this.flushPresence(), PRESENCE_FLUSH_MS);
  }

  private flushPresence(): void {
    clearTimeout(this.presenceTimer);
    this.presenceTimer = undefined;
    const ids = [...this.presenceToSend].filter((id) => this.awareness.meta.has(id));
    this.presenceToSend = new Set();
    if (ids.length === 0) return;
    const data = Buffer.from(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)).toString('base64');
    // Presence is small (MESHPLAN_LIVE_MAX_PRESENCE_BYTES); what would not fit a NOTIFY stays on this instance.
    if (data.length > MAX_PAYLOAD_BYTES - 200) return;
    this.deps.fanout.tell({ k: 'p', i: this.deps.instanceId, m: this.modelId, d: data });
  }

  /** Presence of people on another instance: shown here; it may not set an entry a peer here owns. */
  applyPresence(update: Uint8Array): void {
    if (this.state !== 'open') return;
    // Up to a whole room's people in one message (they are flushed together every 25 ms).
    const entries = readPresence(update, 1000);
    if (entries === undefined || entries.length === 0) return;
    if (entries.some(({ clientId }) => this.presenceOwners.has(clientId))) return;
    let newcomer = false;
    for (const { clientId, state } of entries) {
      if (state === 'null') this.remotePresence.delete(clientId);
      else if (!this.remotePresence.has(clientId)) {
        this.remotePresence.add(clientId);
        newcomer = true;
      }
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_PRESENCE);
    // Someone joined on another instance: they must see who is here now, not at these people's
    // next renewal (15 s). Only a newcomer is answered, so two instances do not answer each other
    // for ever.
    if (newcomer && this.presenceOwners.size > 0) this.queuePresence([...this.presenceOwners.keys()]);
  }

  /** An update another instance committed: applied and shared with the peers here. */
  applyRemote(update: Uint8Array): void {
    if (this.state !== 'open') return;
    const origin = new Remote();
    Y.applyUpdate(this.doc, update, origin);
    // Checked where it came from; a merge the guard here cannot follow makes it count again.
    if (origin.verdict !== undefined) {
      if (origin.verdict.errors.length === 0) origin.verdict.commit();
      else this.guard = new ModelGuard(this.doc, this.deps.guard);
    }
  }

  /**
   * Reads back what other instances committed (after the listening connection was down, or when
   * rows announced by reference were already folded): the saved state when another instance
   * saved one since, and every row not folded yet. Applying an update twice changes nothing.
   */
  async catchUp(): Promise<void> {
    if (this.state !== 'open') return;
    const version = await this.deps.store.live.stateVersion(this.modelId);
    if (version !== undefined && version.uptoSeq !== this.stateSeq) {
      const saved = await this.deps.store.live.savedState(this.modelId);
      if (saved !== undefined && this.state === 'open') {
        this.applyRemote(saved.state);
        this.stateSeq = saved.uptoSeq;
      }
    }
    for (const row of await this.deps.store.live.updatesAfter(this.modelId, 0)) this.applyRemote(row.update);
  }

  /** Rows `first`..`last` that another instance announced by reference; all of it again if some were folded already. */
  async fetchRemote(first: number, last: number): Promise<void> {
    const rows = await this.deps.store.live.updatesBetween(this.modelId, first, last);
    for (const row of rows) this.applyRemote(row.update);
    if (rows[0]?.seq !== first || rows.at(-1)?.seq !== last) await this.catchUp();
  }

  /**
   * Loads the room: the saved document state and every update not folded yet (from any
   * instance). A model with no saved state starts from the current revision and saves a state at
   * once (the lease holder only; another instance waits for it). When the REST API wrote a
   * revision the document does not hold yet, the lease holder applies it as a change of its own.
   * What is loaded must be a valid model, or `UnfoldableRoom` is thrown: the caller sets the rows
   * aside and opens again from the revision.
   */
  static async open(modelId: string, deps: RoomDeps): Promise<Room | undefined> {
    const current = await deps.store.current(modelId);
    if (current === undefined) return undefined;
    // With several instances, one document history per model: the lease holder makes the first
    // state; another instance opens on it (waiting for it briefly), never on a document of its own.
    let holder = await deps.store.live.acquireLease(modelId, deps.instanceId, deps.leaseMs);
    let saved = await deps.store.live.savedState(modelId);
    for (let waited = 0; saved === undefined && !holder; waited += 100) {
      if (waited >= FIRST_STATE_WAIT_MS)
        throw new RoomUnavailable('the first state of the room is not saved yet');
      await new Promise((resolve) => setTimeout(resolve, 100));
      holder = await deps.store.live.acquireLease(modelId, deps.instanceId, deps.leaseMs);
      saved = await deps.store.live.savedState(modelId);
    }
    const room = new Room(modelId, deps);
    room.holder = holder;
    try {
      room.lastRevision = current.revision;
      if (saved !== undefined) {
        Y.applyUpdate(room.doc, saved.state, 'load');
        room.stateSeq = saved.uptoSeq;
        room.lastRevision = saved.baseRevision;
        // Every row not folded yet, whichever instance wrote it. Rows the state already holds
        // are harmless: applying an update twice changes nothing.
        const pending = await deps.store.live.updatesAfter(modelId, 0);
        for (const row of pending) {
          Y.applyUpdate(room.doc, row.update, 'load');
          // Who changed what was acknowledged before a restart: the revision written now names them.
          if (row.actor !== undefined) room.credit(row.actor);
        }
        const { model } = repairModel(docToModel(room.doc));
        const parsed = parseModel(model);
        if (!parsed.ok) throw new UnfoldableRoom(modelId, parsed.errors);
        room.guard = new ModelGuard(room.doc, deps.guard);
        if (holder && current.revision > saved.baseRevision) {
          // The REST API wrote since the document last took a revision in: it becomes the
          // document now, as a change shared and stored like any other (the holder alone does this).
          room.adoptNow(current.revision, current.body);
          room.schedule();
        } else if (holder && pending.length > 0) {
          // Changes acknowledged before a restart but not yet in a revision: write one now.
          room.schedule();
        }
      } else {
        Y.transact(room.doc, () => modelToDoc(JSON.parse(current.body) as Model, room.doc), 'load');
        room.guard = new ModelGuard(room.doc, deps.guard);
        // Updates of another base revision (the REST API wrote since) no longer apply: all go.
        room.stateSeq = await deps.store.live.saveState(
          modelId,
          current.revision,
          Number.MAX_SAFE_INTEGER,
          Y.encodeStateAsUpdate(room.doc),
        );
      }
    } catch (error) {
      room.discard();
      if (holder) await deps.store.live.releaseLease(modelId, deps.instanceId).catch(() => undefined);
      if (error instanceof UnfoldableRoom) throw error;
      // A state or update that cannot even be read is as unfoldable as an invalid model.
      throw new UnfoldableRoom(modelId, [
        { path: '', message: `cannot load: ${String(error)}`.slice(0, 500) },
      ]);
    }
    return room;
  }

  /** Whether the room still serves. */
  get open(): boolean {
    return this.state === 'open';
  }

  /** Queues work after everything queued before it; the returned promise carries its outcome. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Applies, checks, shares and stores one update of `peer` (see the class comment). The sync
   * part runs now, before any other message: nobody else sees a change before it is checked.
   */
  receive(peer: Peer, update: Uint8Array): Receipt {
    if (this.state !== 'open') return { malformed: false, persisted: Promise.reject(new RoomUnavailable()) };
    const candidate = new Candidate(peer);
    const captured: Uint8Array[] = [];
    this.capturing = captured;
    let unreadable = false;
    let kept = false;
    try {
      try {
        Y.applyUpdate(this.doc, update, candidate);
      } catch {
        unreadable = true;
      }
      const errors = unreadable
        ? [{ path: '', message: 'the update could not be read' }]
        : (candidate.verdict?.errors ?? []);
      if (errors.length > 0) {
        const before = captured.length;
        if (this.undo.undoStack.length > 0) this.undo.undo();
        const compensation = captured.slice(before);
        if (!unreadable)
          peer.send(JSON.stringify({ type: 'refused', errors: errors.slice(0, 20) } satisfies ServerNotice));
        if (compensation.length > 0) peer.send(updateMessage(mergeAll(compensation)));
      } else {
        kept = true;
        candidate.verdict?.commit();
      }
      // Parts waiting for what they build on are in no update event yet: keep the update as sent.
      if (!unreadable && (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null))
        captured.push(update);
    } finally {
      this.undo.clear();
      this.capturing = undefined;
    }
    if (captured.length === 0) return { malformed: unreadable, persisted: this.flushed() };
    if (kept) this.credit(peer.actor);
    return { malformed: unreadable, persisted: this.share(captured, peer) };
  }

  /** Sends `updates` to every peer but `origin` and stores them; resolves once committed. */
  private share(updates: Uint8Array[], origin: unknown): Promise<void> {
    const merged = mergeAll(updates);
    const message = updateMessage(merged);
    for (const other of this.peers) if (other !== origin) other.send(message);
    // The other instances' peers get it as soon as this one's do: checked, not yet committed (as
    // here, where the others see a change before its sender's ACK). What does not fit a NOTIFY
    // goes by reference once its rows are committed.
    const inline = this.deps.fanout.shared ? this.tellInline(merged) : true;
    this.schedule();
    return this.persist(updates, isPeer(origin) ? origin.actor : undefined, this.adopting, !inline);
  }

  /** Tells the other instances of `update` inline when it fits a NOTIFY; false when it does not. */
  private tellInline(update: Uint8Array): boolean {
    // base64 takes 4 bytes for 3; the rest of the message is under 200.
    if ((update.byteLength * 4) / 3 > MAX_PAYLOAD_BYTES - 200) return false;
    const data = Buffer.from(update).toString('base64');
    this.deps.fanout.tell({ k: 'u', i: this.deps.instanceId, m: this.modelId, a: 0, b: 0, d: data });
    return true;
  }

  /**
   * Appends updates to `live_updates`. Updates that arrive while a write is under way go
   * together in the next transaction (group commit): one fsync for many, and the order kept.
   */
  private persist(
    updates: Uint8Array[],
    actor: Actor | undefined,
    adopts: number | undefined,
    byReference: boolean,
  ): Promise<void> {
    let batch = this.batch;
    if (batch === undefined) {
      const started: Batch = { updates: [], waiters: [], adopts: undefined, byReference: false };
      batch = started;
      this.batch = started;
      void this.enqueue(async () => {
        if (this.batch === started) this.batch = undefined;
        try {
          if (this.state === 'failed') throw new RoomUnavailable();
          let rows: [number, number] = [0, 0];
          await this.deps.store.live.append(this.modelId, started.updates, async (first, last) => {
            rows = [first, last];
            // In the same transaction: the rows that apply a REST revision say so.
            if (started.adopts !== undefined)
              await this.deps.store.live.markAdopted(this.modelId, started.adopts);
          });
          if (started.byReference) this.announce(...rows);
        } catch (error) {
          this.fail(error);
          for (const waiter of started.waiters) waiter.reject(new RoomUnavailable());
          return;
        }
        for (const waiter of started.waiters) waiter.resolve();
      });
    }
    for (const update of updates) batch.updates.push({ update, actor });
    if (adopts !== undefined) batch.adopts = Math.max(batch.adopts ?? 0, adopts);
    if (byReference) batch.byReference = true;
    return new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
  }

  /**
   * Once a batch with an update too large for a NOTIFY is committed, the other instances hear of
   * its rows by reference and read them. Sent after the commit, not inside it: a transaction that
   * NOTIFYs holds PostgreSQL's one notification lock through its commit (and its fsync), which
   * would put every instance's commits in one line. Should this process die between the commit
   * and the NOTIFY, the lease holder still reads the rows at its next fold, and the others read
   * them back when they hear of that fold (`Room.folded`).
   */
  private announce(first: number, last: number): void {
    this.deps.fanout.tell({ k: 'u', i: this.deps.instanceId, m: this.modelId, a: first, b: last });
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    this.wholeState = undefined;
    if (origin === 'load') return;
    if (origin instanceof Remote) {
      // Committed by another instance: shown here, and folded by whoever holds the lease.
      const message = updateMessage(update);
      for (const peer of this.peers) peer.send(message);
      if (this.holder) this.schedule();
      return;
    }
    if (this.capturing !== undefined) {
      this.capturing.push(update);
      return;
    }
    // The server's own changes (a repair, a revision from the REST API): trusted, shared and kept.
    this.guard = new ModelGuard(this.doc, this.deps.guard);
    this.share([update], origin).catch(() => undefined);
  }

  /**
   * The answer to a sync step 1 with this state vector. The answer to an empty one (a new peer,
   * or one that asks for everything again) is the whole document: made once per version of it.
   */
  stateFor(stateVector: Uint8Array): Uint8Array {
    const everything = stateVector.length === 1 && stateVector[0] === 0;
    if (!everything) return syncStep2(this.doc, stateVector);
    this.wholeState ??= syncStep2(this.doc);
    return this.wholeState;
  }

  /** Records `actor` among those whose changes the next revision holds. */
  private credit(actor: Actor): void {
    if (actor.name !== null) this.authors.add(actor.name);
    this.actors.set(credentialKey(actor.credential), actor);
  }

  /** Resolves once everything received so far is on disk. */
  flushed(): Promise<void> {
    return this.enqueue(async () => {
      if (this.state === 'failed') throw new RoomUnavailable();
    });
  }

  /**
   * A presence update from `peer`, as y-protocols encodes it. It may only set or clear the
   * peer's own entry (the first client id it uses), at most `maxBytes` of JSON, and the name and
   * role in it are the server's: nobody can show up as someone else. False when refused.
   */
  presence(peer: Peer, update: Uint8Array, maxBytes: number): boolean {
    const entries = readPresence(update);
    if (entries === undefined || entries.length !== 1) return false;
    const [{ clientId, clock, state }] = entries as [PresenceEntry];
    const owner = this.presenceOwners.get(clientId);
    if (owner !== undefined && owner !== peer) return false;
    // An entry from another instance is someone who moved here (a reconnection through the
    // balancer): theirs now, stamped with this peer's name and role like any other.
    this.remotePresence.delete(clientId);
    if ([...this.presenceOwners.values()].includes(peer) && owner === undefined) return false;
    if (state.length > maxBytes) return false;
    let value: unknown;
    try {
      value = JSON.parse(state);
    } catch {
      return false;
    }
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) return false;
    const stamped = value === null ? null : { ...(value as object), name: peer.name, role: peer.role };
    this.presenceOwners.set(clientId, peer);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, writePresence(clientId, clock, stamped), peer);
    return true;
  }

  private schedule(): void {
    // Only the lease holder folds on schedule; another instance's room only stores and shares.
    if (!this.holder || this.state !== 'open') return;
    const now = Date.now();
    this.firstUnwritten ??= now;
    clearTimeout(this.timer);
    const { pauseMs, maxDelayMs } = this.deps.revision;
    const wait = Math.max(0, Math.min(pauseMs, this.firstUnwritten + maxDelayMs - now));
    // setTimeout cannot wait longer than 2^31 - 1 ms (about 24 days).
    this.timer = setTimeout(() => void this.writeRevision(true), Math.min(wait, 2 ** 31 - 1));
  }

  /** Applies REST revision `revision` (its JSON `body`) to the document as a server change, shared and stored. */
  private adoptNow(revision: number, body: string): void {
    this.lastRevision = revision;
    this.adopting = revision;
    try {
      applyModel(this.doc, JSON.parse(body) as Model, 'rest');
    } finally {
      this.adopting = undefined;
    }
  }

  /**
   * Writes the document as the model's next revision, then folds the updates it holds into the
   * saved state. A merge of concurrent edits can leave an edge to a deleted node: the model is
   * repaired first, and the repair goes back into the document for everyone. Never rejects: a
   * storage error ends the room (peers reconnect to one loaded from disk), a model that does not
   * parse (which the guard should have made impossible) is set aside.
   *
   * With several instances the fold runs under the model's row lock (`LiveRepository.fold`) and
   * first reads back everything committed: the saved state if another instance folded since, and
   * every row not folded yet, from any instance. Only those rows are dropped after. A `scheduled`
   * fold (the pause timer, handing over) is the lease holder's alone; an explicit one (before a
   * review) may run on any instance that has the room.
   */
  writeRevision(scheduled = false): Promise<void> {
    clearTimeout(this.timer);
    this.firstUnwritten = undefined;
    return this.enqueue(async () => {
      if (this.state !== 'open' || (scheduled && !this.holder)) return;
      const live = this.deps.store.live;
      await live.fold(this.modelId, async (locked) => {
        if (locked === undefined || this.state !== 'open') return;
        const mine = locked.holder === this.deps.instanceId;
        if (scheduled && !mine) {
          // The lease went to another instance (this one was cut off past its expiry): it folds now.
          this.holder = false;
          return;
        }
        const version = await live.stateVersion(this.modelId);
        if (version !== undefined && version.uptoSeq !== this.stateSeq) {
          const saved = await live.savedState(this.modelId);
          if (saved !== undefined) {
            this.applyRemote(saved.state);
            this.stateSeq = saved.uptoSeq;
          }
        }
        const rows = await live.updatesAfter(this.modelId, 0);
        for (const row of rows) {
          this.applyRemote(row.update);
          if (row.actor !== undefined) this.credit(row.actor);
        }
        if (this.state !== 'open') return;
        const base = Math.max(version?.baseRevision ?? 0, this.lastRevision);
        if (locked.revision > base) {
          // The REST API wrote a revision the document does not hold yet. The holder applies it
          // (the rows that do so record it); anyone else leaves it to the holder and folds nothing.
          if (!mine) return;
          const current = await this.deps.store.current(this.modelId);
          if (current === undefined) return;
          this.adoptNow(current.revision, current.body);
        }
        const { model: repaired, repairs } = repairModel(docToModel(this.doc));
        // Who made what this revision holds: changes that arrive while it is written go into the
        // next one, with their authors (cleared after the write, they would leave it nameless).
        const authors = this.authors;
        const actors = this.actors;
        this.authors = new Set();
        this.actors = new Map();
        const keepCredits = () => {
          this.authors = new Set([...authors, ...this.authors]);
          this.actors = new Map([...actors, ...this.actors]);
        };
        if (repairs.length > 0) applyModel(this.doc, repaired, 'repair');
        const parsed = parseModel(repaired);
        if (!parsed.ok) throw new UnfoldableRoom(this.modelId, parsed.errors);
        const current = await this.deps.store.current(this.modelId);
        if (current === undefined) return;
        let revision = current.revision;
        // The same model in another key order is no change: no revision for opening and closing.
        if (!jsonEqual(repaired, JSON.parse(current.body))) {
          const body = JSON.stringify(repaired);
          try {
            await this.deps.store.quotas.beforeRevision(this.modelId, Buffer.byteLength(body));
          } catch (error) {
            // Over a quota (or the disk's floor): the changes stay safe in live_updates, acknowledged;
            // the revision waits until there is room (the next change, or the room closing, tries again).
            this.deps.logger.warn(
              { model: this.modelId, err: error },
              'live revision deferred by a storage limit',
            );
            keepCredits();
            return;
          }
          const author = [...authors].sort().join(', ') || null;
          // The credential of the first peer that changed it (none after a crash recovery); a
          // revision by several credentials records one of them, with every name.
          const first = actors.values().next().value;
          const actor = first === undefined ? null : { ...first, name: author };
          const result = await this.deps.store.put(this.modelId, body, '*', actor, undefined, 'live');
          if (!result.ok) {
            keepCredits();
            return;
          }
          revision = result.revision;
          const notice = JSON.stringify({ type: 'revision', number: revision } satisfies ServerNotice);
          for (const peer of this.peers) peer.send(notice);
        }
        this.lastRevision = revision;
        // The state taken now holds every update applied so far, including any that arrived
        // during the write above: only the rows read above are dropped.
        this.stateSeq = await live.saveState(
          this.modelId,
          revision,
          Number.MAX_SAFE_INTEGER,
          Y.encodeStateAsUpdate(this.doc),
          rows.map((row) => row.seq),
        );
      });
    }).catch(async (error: unknown) => {
      if (this.state !== 'open') return;
      if (error instanceof UnfoldableRoom) {
        this.deps.logger.error({ model: this.modelId, err: error }, 'live model cannot be folded; set aside');
        await this.deps.store.live.setAside(this.modelId, error.message).catch(() => undefined);
      }
      this.fail(error);
    });
  }

  /** A revision written through the REST API (a PUT, a restore): the lease holder makes it the document. */
  async adopt(revision: number): Promise<void> {
    if (revision <= this.lastRevision || this.state !== 'open' || !this.holder) return;
    await this.writeRevision(true);
  }

  /**
   * Another instance folded the document into `revision`: the peers here hear of it too, and the
   * room reads back what that fold took in (rows whose announcement was lost with a dying
   * instance, say): one small read per fold.
   */
  folded(revision: number): void {
    if (this.state !== 'open' || revision <= this.lastRevision) return;
    this.lastRevision = revision;
    const notice = JSON.stringify({ type: 'revision', number: revision } satisfies ServerNotice);
    for (const peer of this.peers) peer.send(notice);
    this.catchUp().catch((error: unknown) =>
      this.deps.logger.warn({ model: this.modelId, err: error }, 'live catch-up after a fold failed'),
    );
  }

  /**
   * Renews the fold lease (the holder) or takes it once it expired (another instance died):
   * the new holder folds at once what the old one left. A database error changes nothing here:
   * the fold itself checks the lease under the model's lock.
   */
  async renewLease(): Promise<void> {
    if (this.state !== 'open') return;
    let mine: boolean;
    try {
      mine = await this.deps.store.live.acquireLease(this.modelId, this.deps.instanceId, this.deps.leaseMs);
    } catch {
      return;
    }
    if (this.state !== 'open') return;
    if (mine && !this.holder) {
      this.holder = true;
      this.deps.logger.info({ model: this.modelId }, 'live fold lease taken over');
      await this.writeRevision(true);
    } else if (!mine && this.holder) {
      this.holder = false;
      clearTimeout(this.timer);
      this.firstUnwritten = undefined;
    }
  }

  join(peer: Peer): void {
    this.peers.add(peer);
  }

  /** A peer leaves: its presence goes for everyone else. */
  leave(peer: Peer): void {
    this.peers.delete(peer);
    const own: number[] = [];
    for (const [clientId, owner] of this.presenceOwners) if (owner === peer) own.push(clientId);
    for (const clientId of own) this.presenceOwners.delete(clientId);
    awarenessProtocol.removeAwarenessStates(this.awareness, own, 'left');
  }

  /**
   * Writes the last revision and lets go of the document and the lease (the others hear that it
   * is free). A room without the lease takes it when nobody holds it, so that what it stored is
   * folded now rather than when the model is next opened. Never rejects.
   */
  async close(): Promise<void> {
    await this.flushed().catch(() => undefined);
    if (!this.holder && this.state === 'open')
      this.holder = await this.deps.store.live
        .acquireLease(this.modelId, this.deps.instanceId, this.deps.leaseMs)
        .catch(() => false);
    const held = this.holder;
    if (held) await this.writeRevision(true);
    // Presence still queued goes now: the others drop these people at once, not after a timeout.
    if (this.state === 'open') this.flushPresence();
    if (this.state === 'open') this.state = 'closed';
    this.discard();
    if (held) {
      this.holder = false;
      await this.deps.store.live.releaseLease(this.modelId, this.deps.instanceId).catch(() => undefined);
      // Awaited: when the server stops, the database closes right after.
      await this.deps.fanout
        .publish({ k: 'l', i: this.deps.instanceId, m: this.modelId })
        .catch(() => undefined);
    }
  }

  /**
   * The room cannot go on (a write failed, the model is gone or set aside): every peer is put
   * out with `code` and the socket layer forgets the room. Acknowledged changes are on disk;
   * the rest is still in the peers' documents and comes back with their next sync.
   */
  fail(error: unknown, code: number = 4503, reason = 'live room failed; reconnect'): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    if (!(error instanceof RoomUnavailable))
      this.deps.logger.error({ model: this.modelId, err: error }, 'live room failed');
    for (const peer of this.peers) peer.close(code, reason);
    this.deps.onFail(this);
    this.discard();
    // Its people reconnect, perhaps to another instance: that one need not wait for the lease to expire.
    if (this.holder) {
      this.holder = false;
      this.deps.store.live
        .releaseLease(this.modelId, this.deps.instanceId)
        .then(() => this.deps.fanout.tell({ k: 'l', i: this.deps.instanceId, m: this.modelId }))
        .catch(() => undefined);
    }
  }

  private discard(): void {
    clearTimeout(this.timer);
    clearTimeout(this.presenceTimer);
    this.undo.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface Batch {
  updates: LiveUpdate[];
  waiters: { resolve(): void; reject(error: Error): void }[];
  /** The REST revision these updates apply, when they do. */
  adopts: number | undefined;
  /** One of the updates was too large to go to the other instances inline: its rows are announced. */
  byReference: boolean;
}

function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
}

function isPeer(value: unknown): value is Peer {
  return typeof value === 'object' && value !== null && 'send' in value && 'role' in value;
}
