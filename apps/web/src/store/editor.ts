// biome-ignore-all lint/suspicious/noConfusingVoidType: a recipe changes the draft in place, or returns a new model
import {
  applyChange,
  changeBetween,
  changeErrors,
  collabTypes,
  docToModel,
  jsonEqual,
  modelToDoc,
  readChange,
} from '@meshplan/collab';
import type { LiveStatus } from '@meshplan/collab/client';
import type { LiveRole } from '@meshplan/collab/protocol';
import type { ContractChange } from '@meshplan/diff';
import { isGeneratedView, openedView, storedViewOf, viewScene } from '@meshplan/layout';
import { type Model, pruneViews, structureErrors } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';
import { produce, setAutoFreeze } from 'immer';
import { createContext, useContext, useMemo } from 'react';
import * as Y from 'yjs';
import { createStore, type StoreApi, useStore } from 'zustand';
import type { Thread } from '../api/client.js';
import { useIdleSelection, whenIdle } from '../app/idle.js';
import type { DriftComparison } from '../drift/comparison.js';
import { countsByElement, type ElementFindings, type FindingCounts, NO_COUNTS } from './badges.js';
import { freshViewId } from './ids.js';

// Models are passed to workers, exporters and layout, which may copy or extend them; nothing
// mutates one the store holds (every change goes through `change`), so freezing buys nothing.
setAutoFreeze(false);

/** The origin of this person's changes in the document: the one undo manager tracks only these. */
export const LOCAL = 'local';
/** A first layout of a model that had no positions: saved with it, not an undo step. */
const FIRST_LAYOUT = 'first-layout';
/** With others in the room, the positions of a drag go into the document at most this often. */
const MOVE_FLUSH_MS = 50;

/** An earlier revision, or a comparison of two, on show instead of the model (read-only). */
export interface EditorView {
  title: string;
  model: Model;
  /** The revision on show read-only (absent for a comparison): what "Restore this revision" restores. */
  revision?: number;
  /**
   * Marks on the canvas: `added`, `removed`, `changed` (a comparison of revisions), `observed`
   * and `unseen` (a comparison with what runs: running but not designed, designed but not seen).
   */
  marks?: ReadonlyMap<string, string>;
  /** The differences in words, for a comparison. */
  sentences?: string[];
  /** A comparison of revisions: its contract changes (diff.md), breaking first. */
  contracts?: readonly ContractChange[];
  /** A comparison with what runs: what was read and found, for its list and for adopting. */
  drift?: DriftComparison;
}

/**
 * How the model is open. `solo` and `live` edit the same way (the document is the model, the
 * server's room keeps it; `live` only means someone else is in the room); `link` is a view or
 * comment link; `opening` lasts until the first sync; `revision` shows an earlier revision or a
 * comparison, read-only, over the mode it will return to.
 */
export type BaseMode =
  | { kind: 'opening' }
  | { kind: 'solo' }
  | { kind: 'live' }
  | { kind: 'link'; role: 'view' | 'comment' };
export type EditorMode = BaseMode | { kind: 'revision'; view: EditorView; under: BaseMode };

export interface Peer {
  clientId: number;
  name: string;
  /** The role the server stamped on this person's presence: their credential's, not a claim. */
  role: string | undefined;
  color: string;
  selection: string[];
}

export interface ConnectionState {
  status: LiveStatus;
  detail: string | undefined;
  /** What this person's credential may do, as the server said when the session began. */
  role: LiveRole | undefined;
  /** Changes sent and not yet on the server's disk. */
  unacknowledged: number;
}

type Recipe = (draft: Model) => Model | void;

export interface EditorState {
  modelId: string;
  mode: EditorMode;
  /** The model as the canvas draws it (during a drag, with the positions of the drag). */
  model: Model;
  /**
   * The model as of its last change other than a move within a drag: the same object while only
   * positions change. Views that show no positions (inspector, lint) read this, so a drag
   * re-renders the canvas and nothing else.
   */
  content: Model;
  /** Selected element ids: not part of history. */
  selection: string[];
  /**
   * The view on show (`#/m/<model>/v/<view>`): a saved view's id, or a context's id for the view
   * generated for it; undefined for the whole model. Not part of history.
   */
  view: string | undefined;
  message: string | undefined;
  /** Bumped when the canvas should fit the whole model in view (after a layout). */
  fitRequest: number;
  canUndo: boolean;
  canRedo: boolean;
  connection: ConnectionState;
  /**
   * Changes shown on the canvas and not yet written into the document, so not yet sent (see
   * `EditorStoreOptions.holdWrites`): the status says "Saving…" for them too.
   */
  writesHeld: boolean;
  /** The others in the room. */
  peers: Peer[];
  findings: Finding[];
  /** Open comment threads (pins on the canvas), and the one the user chose. */
  pins: { threads: Thread[]; chosen: string | undefined };

  /**
   * Applies a user change as one undoable step. The result must be a valid model: an invalid one
   * is refused (returned errors), never stored. Only what the recipe touched is checked and written.
   */
  change(label: string, recipe: Recipe): string[];
  /** Begins a gesture (a drag): its moves and `endGesture`'s recipe are one undoable step. */
  beginGesture(): void;
  /**
   * Moves nodes and contexts; within a gesture no new step, outside one a step of its own. With a
   * view on show, the view's positions move, not the model's (a generated view is saved first, in
   * the same step).
   */
  moveQuietly(positions: ReadonlyMap<string, { x: number; y: number }>): void;
  /** Ends a gesture, with a last change that belongs to it (a node dropped into a context). */
  endGesture(recipe?: Recipe): void;
  undo(): void;
  redo(): void;
  select(ids: string[]): void;
  /** Shows a view (a saved one's id or a context's), or the whole model (undefined). */
  openView(id: string | undefined): void;
  say(message: string | undefined): void;
  requestFit(): void;
  /** Shows an earlier revision or a comparison, read-only. */
  showRevision(view: EditorView): void;
  backToModel(): void;
  /** Positions for a model that had none: written as the model's, not as an undo step. */
  layOutFirst(recipe: Recipe): void;

  /** The session's: the first sync is done and the server said what this credential may do. */
  opened(role: LiveRole | undefined): void;
  connectionChanged(change: Partial<ConnectionState>): void;
  peersChanged(peers: Peer[]): void;
  findingsArrived(findings: Finding[]): void;
  threadsChanged(threads: Thread[]): void;
  choosePin(id: string | undefined): void;
}

/**
 * The moves of a gesture under way that `model` does not show yet: the positions of what is being
 * dragged (in the saved view `view`, if one is on show). Only the canvas draws them, so a frame of
 * a drag wakes the canvas and not every reader of the editor's state.
 */
export interface GestureMoves {
  view?: string;
  positions: ReadonlyMap<string, { x: number; y: number }>;
}

const NO_MOVES: GestureMoves = { positions: new Map() };

/** `model` with the moves of a gesture over it. */
export function withMoves(model: Model, moves: GestureMoves): Model {
  if (moves.positions.size === 0) return model;
  return moves.view === undefined
    ? withPositions(model, moves.positions)
    : withViewPositions(model, moves.view, moves.positions);
}

/** The store of one opened model, with its document; `dispose` when the model closes. */
export type EditorStore = StoreApi<EditorState> & {
  /** The model's shared document: the one source of truth while the model is open. */
  readonly doc: Y.Doc;
  /** The moves of the gesture under way, drawn over `model` by the canvas (`useDrawnModel`). */
  readonly moves: StoreApi<GestureMoves>;
  /**
   * Finding counts per element, for the badges: a store of their own, so that findings arriving
   * re-render the badges whose count changed, not every node and edge (React Flow's work for
   * 1,000 nodes took about 650 ms when the first findings came, just after opening).
   */
  readonly badges: StoreApi<FindingCounts>;
  /**
   * Writes into the document, now, the changes already shown and held back (see
   * `EditorStoreOptions.holdWrites`): before a message from the room is read, and when the
   * session ends.
   */
  writeHeldBack(): void;
  dispose(): void;
};

/** Why nothing can be changed now, in words for a disabled control's title; undefined when it can. */
export function whyReadOnly(state: Pick<EditorState, 'mode'>): string | undefined {
  switch (state.mode.kind) {
    case 'opening':
      return 'Opening the model…';
    case 'revision':
      return 'Back to the current model to change it.';
    case 'link':
      return state.mode.role === 'comment'
        ? 'This link can comment on the model, not change it.'
        : 'This link can view the model, not change it.';
    default:
      return undefined;
  }
}

/**
 * Whether the person may change the model now: every control that changes the model reads this,
 * so that none that cannot work is shown enabled. Decided here, from the mode, and nowhere else.
 */
export function canEdit(state: Pick<EditorState, 'mode'>): boolean {
  return whyReadOnly(state) === undefined;
}

/** The mode under a revision on show: what the person is otherwise. */
export function baseMode(mode: EditorMode): BaseMode {
  return mode.kind === 'revision' ? mode.under : mode;
}

/** `mode` with its base mode now `base` (a revision on show stays on show, over `base`). */
function withBase(mode: EditorMode, base: BaseMode): EditorMode {
  return mode.kind === 'revision' ? { ...mode, under: base } : base;
}

export interface EditorStoreOptions {
  modelId: string;
  /** The model as the server last sent it: shown until the document is synced. */
  model: Model;
  /**
   * Start editable without a server: the document is made from `model` here (tests, and the
   * benchmark's page). Otherwise the session fills the document from the server's room.
   */
  solo?: boolean;
  /**
   * How a change shown on the canvas is written into the document: given the write, runs it later
   * (the editor: once the browser is idle after painting the change, `whenIdle`), so that
   * Yjs's transaction, the undo step and the update sent to the room are not on the way from a key
   * to the screen. Writes run in order, and all of them before anything reads the document (an
   * undo, a message from the room, the session's end). Not given: every write at once.
   */
  holdWrites?: (write: () => void) => void;
}

const withPositions = (model: Model, positions: ReadonlyMap<string, { x: number; y: number }>): Model => {
  const move = <T extends { id: string; position?: { x: number; y: number } }>(element: T): T => {
    const position = positions.get(element.id);
    return position === undefined ? element : { ...element, position };
  };
  return {
    ...model,
    nodes: model.nodes.map(move),
    ...(model.contexts ? { contexts: model.contexts.map(move) } : {}),
  };
};

/** `model` with the view `viewId` showing `positions` (of elements it lists) where it had its own. */
const withViewPositions = (
  model: Model,
  viewId: string,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): Model => {
  if (model.views === undefined) return model;
  return {
    ...model,
    views: model.views.map((view) => {
      if (view.id !== viewId) return view;
      const listed = new Set(view.elements);
      const moved = [...positions].filter(([id]) => listed.has(id));
      // From entries: an id may be `__proto__`, which an assignment would not make a key.
      return { ...view, positions: { ...view.positions, ...Object.fromEntries(moved) } };
    }),
  };
};

/**
 * One opened model's editor state. The Y.Doc is the source of truth in every mode: a change is
 * made on the last model with structural sharing (immer), checked where it touched, and written
 * into the document as what it touched (`applyChange`); what arrives from the room or from an
 * undo is read back where it touched (`readChange`). One `Y.UndoManager` holds this person's
 * history, alone or with others.
 */
export function createEditorStore({
  modelId,
  model: initial,
  solo = false,
  holdWrites,
}: EditorStoreOptions): EditorStore {
  const doc = new Y.Doc();
  if (solo) modelToDoc(initial, doc, FIRST_LAYOUT);
  const history = new Y.UndoManager(collabTypes(doc), {
    trackedOrigins: new Set([LOCAL]),
    // Steps are cut by the store (each change, each gesture), not by time.
    captureTimeout: Number.POSITIVE_INFINITY,
  });
  /**
   * The model as the document holds it (what `readChange` reads on top of), with the writes held
   * back (`heldBack`) counted as made.
   */
  let written: Model = solo ? docToModel(doc) : initial;
  /** Document writes (and the undo manager's step cuts between them) not yet made, in order. */
  let heldBack: Array<() => void> = [];
  /**
   * Writes are held back and the store does not say so yet. A command shows its change and
   * `writesHeld` in one notification (each one runs every subscriber's selector: at 1,000
   * services, some hundred nodes and edges on the canvas); one that shows nothing says it at the
   * end of its task's step.
   */
  let heldUntold = false;
  /** Runs `write` against the document: at once, or held back until the frame is painted. */
  const toDocument = (write: () => void) => {
    if (holdWrites === undefined) {
      write();
      return;
    }
    heldBack.push(write);
    if (heldBack.length === 1) {
      holdWrites(writeHeldBack);
      heldUntold = true;
      queueMicrotask(tellHeld);
    }
  };
  function tellHeld() {
    if (!heldUntold) return;
    heldUntold = false;
    store.setState({ writesHeld: true });
  }
  function writeHeldBack() {
    heldUntold = false;
    while (heldBack.length > 0) {
      const writes = heldBack;
      heldBack = [];
      for (const write of writes) write();
    }
    if (store.getState().writesHeld) store.setState({ writesHeld: false });
  }
  const cutStep = () => toDocument(() => history.stopCapturing());
  /** Moves of the gesture under way not yet in the document. */
  let unflushed = new Map<string, { x: number; y: number }>();
  /** The saved view those moves are in; undefined: they move the model's elements. */
  let unflushedView: string | undefined;
  /** Views saved from a generated one by a drag: an undo of the save goes back to the generated view. */
  const savedFrom = new Map<string, string>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let gesture = false;
  let remoteFrame: ReturnType<typeof nextFrame> | undefined;
  const moves = createStore<GestureMoves>(() => NO_MOVES);
  const badges = createStore<FindingCounts>(() => NO_COUNTS);
  /** What the canvas draws: the document's model with the moves not yet written over it. */
  const drawn = () =>
    unflushed.size === 0
      ? written
      : unflushedView === undefined
        ? withPositions(written, unflushed)
        : withViewPositions(written, unflushedView, unflushed);
  /**
   * `recipe` applied to the document's model, and what it touched; undefined if it changed nothing.
   * What it removed leaves every view too, whichever command removed it (a delete, a fix).
   */
  const attempt = (recipe: Recipe) => {
    let next = produce(written, recipe);
    if (next === written) return undefined;
    let change = changeBetween(written, next);
    // Only when contexts or nodes went: a rename or a move costs nothing more.
    const removed =
      (change.collections.get('nodes')?.removed.length ?? 0) +
      (change.collections.get('contexts')?.removed.length ?? 0);
    if (next.views !== undefined && removed > 0) {
      const pruned = pruneViews(next).model;
      if (pruned !== next) {
        next = pruned;
        change = changeBetween(written, next);
      }
    }
    return { next, change, errors: changeErrors(next, change) };
  };

  const store = createStore<EditorState>()((set, get) => {
    /** Writes the moves of a gesture so far into the document (one undo step with the rest of it). */
    const flushMoves = () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      if (unflushed.size === 0) return;
      const next =
        unflushedView === undefined
          ? withPositions(written, unflushed)
          : withViewPositions(written, unflushedView, unflushed);
      unflushed = new Map();
      const change = changeBetween(written, next);
      toDocument(() => applyChange(doc, next, change, LOCAL));
      written = next;
    };
    /** Shows what the document holds now (with the moves not yet written over it). */
    const show = (extra: Partial<EditorState> = {}) => {
      set({ model: drawn(), content: written, ...(heldUntold ? { writesHeld: true } : {}), ...extra });
      heldUntold = false;
      // `model` now holds every move made: the canvas has none left to draw over it.
      if (unflushed.size === 0 && moves.getState() !== NO_MOVES) moves.setState(NO_MOVES, true);
    };
    /**
     * The saved view the moves of the view on show go into: a generated view is saved first (its
     * elements where they are shown), within the step under way. Undefined with no view on show.
     */
    const movesInto = (): string | undefined => {
      const id = get().view;
      if (id === undefined || !isGeneratedView(written, id)) return id;
      const view = openedView(written, id);
      if (view === undefined) return undefined;
      const saved = storedViewOf(
        viewScene(written, view),
        freshViewId(written, get().mode.kind === 'live' ? doc : undefined),
        `${view.name} view`,
      );
      const next = produce(written, (draft) => {
        draft.views ??= [];
        draft.views.push(saved);
      });
      const change = changeBetween(written, next);
      toDocument(() => applyChange(doc, next, change, LOCAL));
      written = next;
      savedFrom.set(saved.id, id);
      // Shown at once: the canvas draws the drag's moves over the view now saved.
      show({
        view: saved.id,
        message: `Saved as the view “${saved.name}”: a view keeps positions of its own.`,
      });
      return saved.id;
    };
    const refusal = (): string | undefined => {
      const reason = whyReadOnly(get());
      if (reason !== undefined) set({ message: reason });
      return reason;
    };

    return {
      modelId,
      mode: solo ? { kind: 'solo' } : { kind: 'opening' },
      model: written,
      content: written,
      selection: [],
      view: undefined,
      message: undefined,
      fitRequest: 0,
      canUndo: false,
      canRedo: false,
      connection: { status: 'connecting', detail: undefined, role: undefined, unacknowledged: 0 },
      writesHeld: false,
      peers: [],
      findings: [],
      pins: { threads: [], chosen: undefined },

      change(label, recipe) {
        if (refusal() !== undefined) return ['read-only'];
        flushMoves();
        if (remoteFrame !== undefined) showWritten();
        const attempted = attempt(recipe);
        if (attempted === undefined) return [];
        const { next, change, errors } = attempted;
        if (errors.length > 0) {
          const first = errors[0];
          set({ message: `${label}: ${first?.path} ${first?.message}` });
          return errors.map((e) => `${e.path}: ${e.message}`);
        }
        toDocument(() => {
          history.stopCapturing();
          applyChange(doc, next, change, LOCAL);
          history.stopCapturing();
        });
        written = next;
        show({ message: undefined });
        return [];
      },
      beginGesture() {
        if (!canEdit(get())) return;
        flushMoves();
        cutStep();
        gesture = true;
      },
      moveQuietly(positions) {
        // A drag where nothing may change (React Flow's own lock button can re-enable dragging).
        if (positions.size === 0 || !canEdit(get())) return;
        if (!gesture) cutStep();
        const into = movesInto();
        if (into !== unflushedView) flushMoves();
        unflushedView = into;
        for (const [id, position] of positions) unflushed.set(id, position);
        if (!gesture) {
          // Arrow keys move a selected node with no gesture around it: each press is a step.
          flushMoves();
          cutStep();
          show();
          return;
        }
        // Others see a drag as it goes; alone, it reaches the document when it ends (a drag is one
        // step either way), and the server is not sent twenty updates a second nobody watches.
        if (get().mode.kind === 'live') flushTimer ??= setTimeout(flushMoves, MOVE_FLUSH_MS);
        moves.setState({ view: unflushedView, positions: new Map(unflushed) }, true);
      },
      endGesture(recipe) {
        if (!gesture) return;
        gesture = false;
        flushMoves();
        const attempted = recipe !== undefined && canEdit(get()) ? attempt(recipe) : undefined;
        if (attempted !== undefined && attempted.errors.length === 0) {
          const { next, change } = attempted;
          toDocument(() => applyChange(doc, next, change, LOCAL));
          written = next;
        }
        cutStep();
        show();
      },
      undo() {
        if (refusal() !== undefined) return;
        flushMoves();
        writeHeldBack();
        history.undo();
      },
      redo() {
        if (refusal() !== undefined) return;
        flushMoves();
        writeHeldBack();
        history.redo();
      },
      select(ids) {
        set({ selection: ids });
      },
      openView(id) {
        if (id === get().view) return;
        flushMoves();
        set({ view: id, fitRequest: get().fitRequest + 1 });
      },
      say(message) {
        set({ message });
      },
      requestFit() {
        set({ fitRequest: get().fitRequest + 1 });
      },
      showRevision(view) {
        set({ mode: { kind: 'revision', view, under: baseMode(get().mode) }, selection: [] });
      },
      backToModel() {
        set({ mode: baseMode(get().mode) });
      },
      layOutFirst(recipe) {
        const next = produce(written, recipe);
        if (next === written) return;
        if (canEdit(get())) {
          const change = changeBetween(written, next);
          toDocument(() => applyChange(doc, next, change, FIRST_LAYOUT));
        }
        // A link that may not change the model still sees it laid out, here only.
        written = next;
        show();
      },

      opened(role) {
        // What the room holds is usually what the server sent: the same objects then, so the
        // canvas neither draws every node again nor fits again.
        writeHeldBack();
        const before = written;
        written = sameWhereEqual(before, docToModel(doc));
        const mode: BaseMode =
          role === 'view' || role === 'comment'
            ? { kind: 'link', role }
            : get().peers.length > 0
              ? { kind: 'live' }
              : { kind: 'solo' };
        // The server's last revision may lack what the room holds (a first layout not yet
        // folded): the canvas fits again to what the document says.
        set({
          mode: withBase(get().mode, mode),
          fitRequest: get().fitRequest + (written === before ? 0 : 1),
        });
        show();
      },
      connectionChanged(change) {
        set({ connection: { ...get().connection, ...change } });
      },
      peersChanged(peers) {
        const mode = get().mode;
        const base = baseMode(mode);
        const next: BaseMode =
          base.kind === 'solo' && peers.length > 0
            ? { kind: 'live' }
            : base.kind === 'live' && peers.length === 0
              ? { kind: 'solo' }
              : base;
        set({ peers, mode: withBase(mode, next) });
      },
      findingsArrived(findings) {
        set({ findings });
        badges.setState(countsByElement(findings, badges.getState()), true);
      },
      threadsChanged(threads) {
        set({ pins: { ...get().pins, threads } });
      },
      choosePin(chosen) {
        set({ pins: { ...get().pins, chosen } });
      },
    };
  });
  // The model validator is compiled on its first call (about 12 ms in Chromium): done in idle time
  // after opening rather than on the person's first edit.
  whenIdle(() => structureErrors(oneOfEach(written)), 2000);

  /** Shows what the document holds now: remote changes and undo land here; gone ids leave the selection. */
  function showWritten() {
    if (remoteFrame !== undefined) cancelFrame(remoteFrame);
    remoteFrame = undefined;
    const state = store.getState();
    const selection = state.selection.filter((id) => containsId(written, id));
    const view = stillShown(state.view);
    store.setState({
      model: drawn(),
      content: written,
      ...(selection.length === state.selection.length ? {} : { selection }),
      ...(view === state.view ? {} : { view }),
    });
  }
  /**
   * The view to show after a change from elsewhere (a peer, an undo): the same while the model has
   * it; a view saved by a drag and undone goes back to the generated view it came from.
   */
  function stillShown(id: string | undefined): string | undefined {
    if (id === undefined || openedView(written, id) !== undefined) return id;
    const origin = savedFrom.get(id);
    return origin !== undefined && openedView(written, origin) !== undefined ? origin : undefined;
  }
  // What arrives from the room, and this person's undo and redo, are read where they touched.
  const onTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL || transaction.origin === FIRST_LAYOUT) return;
    if (store.getState().mode.kind === 'opening') return;
    written = readChange(doc, transaction, written);
    if (transaction.origin === history) showWritten();
    // A busy room sends many small updates: they reach the canvas once per frame.
    else remoteFrame ??= nextFrame(showWritten);
  };
  doc.on('afterTransaction', onTransaction);
  const onStack = () =>
    store.setState({ canUndo: history.undoStack.length > 0, canRedo: history.redoStack.length > 0 });
  history.on('stack-item-added', onStack);
  history.on('stack-item-popped', onStack);
  history.on('stack-cleared', onStack);

  return Object.assign(store, {
    doc,
    moves,
    badges,
    writeHeldBack,
    dispose() {
      writeHeldBack();
      clearTimeout(flushTimer);
      if (remoteFrame !== undefined) cancelFrame(remoteFrame);
      doc.off('afterTransaction', onTransaction);
      history.destroy();
      doc.destroy();
    },
  });
}

/** The next frame in a browser; a moment later where there are no frames (tests in Node). */
const nextFrame = (run: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 0);
const cancelFrame = (frame: ReturnType<typeof nextFrame>) =>
  typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame(frame as number) : clearTimeout(frame);

/**
 * `next` with every element that equals its namesake in `previous` replaced by that very object,
 * and `previous` itself when nothing differs: equal models keep their identity.
 */
function sameWhereEqual(previous: Model, next: Model): Model {
  let changed = false;
  const reuse = <T extends { id: string }>(was: T[] | undefined, now: T[] | undefined): T[] | undefined => {
    if (now === undefined) {
      if (was !== undefined) changed = true;
      return undefined;
    }
    const byId = new Map((was ?? []).map((element) => [element.id, element]));
    const result = now.map((element) => {
      const old = byId.get(element.id);
      return old !== undefined && jsonEqual(old, element) ? old : element;
    });
    const differs =
      was === undefined || result.length !== was.length || result.some((element, i) => element !== was[i]);
    if (differs) changed = true;
    return differs ? result : was;
  };
  const nodes = reuse(previous.nodes, next.nodes) ?? [];
  const edges = reuse(previous.edges, next.edges) ?? [];
  const contexts = reuse(previous.contexts, next.contexts);
  const sagas = reuse(previous.sagas, next.sagas);
  const { nodes: _n, edges: _e, contexts: _c, sagas: _s, ...top } = next;
  const { nodes: _pn, edges: _pe, contexts: _pc, sagas: _ps, ...previousTop } = previous;
  if (!changed && jsonEqual(previousTop, top)) return previous;
  return {
    ...next,
    nodes,
    edges,
    ...(contexts === undefined ? {} : { contexts }),
    ...(sagas === undefined ? {} : { sagas }),
  };
}

type Selectable =
  | NonNullable<Model['contexts']>[number]
  | Model['nodes'][number]
  | Model['edges'][number]
  | NonNullable<Model['sagas']>[number];

/** The context, node, edge or saga of id `id` (what can be selected), if the model has it. */
export function selectableWithId(model: Model, id: string): Selectable | undefined {
  for (const list of [model.contexts ?? [], model.nodes, model.edges, model.sagas ?? []] as Selectable[][])
    for (const element of list) if (element.id === id) return element;
  return undefined;
}

const containsId = (model: Model, id: string) => selectableWithId(model, id) !== undefined;

const EditorContext = createContext<EditorStore | null>(null);

/** Provides the store of the opened model to everything under it (as xyflow provides its own). */
export const EditorProvider = EditorContext.Provider;

/** The opened model's store, for actions and reads outside rendering. */
export function useEditorStore(): EditorStore {
  const store = useContext(EditorContext);
  if (store === null) throw new Error('useEditorStore needs an EditorProvider above it');
  return store;
}

/** A part of `model` with the first element of each of its collections: every path of the validator runs once. */
function oneOfEach(model: Model): Record<string, unknown> {
  const part: Record<string, unknown> = {
    format: model.format,
    name: model.name,
    nodes: model.nodes.slice(0, 1),
    edges: model.edges.slice(0, 1),
  };
  for (const key of ['contexts', 'sagas', 'views'] as const) {
    const elements = model[key];
    if (elements !== undefined) part[key] = elements.slice(0, 1);
  }
  return part;
}

/** Selects from the opened model's store; re-renders when the selected value changes. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}

/**
 * The findings on element `id` (undefined: none), for its badge. The component re-renders when
 * that count or severity changes, not when other elements' do.
 */
export function useFindingsOf(id: string): ElementFindings | undefined {
  // An entry whose count and severity did not change is kept as the same object (`countsByElement`).
  return useStore(useEditorStore().badges, (counts) => counts.get(id));
}

/** What the panels that follow the model read (see `useIdleContent`). */
const selectContent = (state: EditorState) => state.content;

/**
 * The model as of the browser's last idle moment, for panels beside the canvas (Find, views,
 * comments): they show an edit once the canvas has painted it, and are not even rendered while
 * a burst of edits goes on (a selector re-rendering them on each edit would be, to no avail).
 */
export function useIdleContent(timeoutMs?: number): Model {
  return useIdleSelection(useEditorStore(), selectContent, timeoutMs);
}

/** The model as the canvas draws it: `model` with the moves of a drag under way over it. */
export function useDrawnModel(): Model {
  const store = useEditorStore();
  const model = useEditor((s) => s.model);
  const gesture = useStore(store.moves);
  return useMemo(() => withMoves(model, gesture), [model, gesture]);
}
