// biome-ignore-all lint/suspicious/noConfusingVoidType: a recipe changes the draft in place, or returns a new model
import { type Model, parseModel } from '@meshplan/model';
import { create } from 'zustand';

const HISTORY_LIMIT = 200;

export type SaveStatus = 'saved' | 'saving' | 'unsaved' | 'offline' | 'conflict' | 'error';

export interface EditorView {
  title: string;
  model: Model;
  /** The revision on show read-only (absent for a comparison): what "Restore this revision" restores. */
  revision?: number;
  marks?: ReadonlyMap<string, 'added' | 'removed' | 'changed'>;
  /** The differences in words, for a comparison. */
  sentences?: string[];
}

export interface EditorState {
  model: Model | undefined;
  /**
   * The model as of its last change other than a move within a drag: the same object while only
   * positions change. Views that show no positions (inspector, lint) read this, so a drag
   * re-renders the canvas and nothing else.
   */
  content: Model | undefined;
  /** Earlier models, newest last: every user change is one step. */
  past: Model[];
  future: Model[];
  /** Selected element ids: not part of history. */
  selection: string[];
  /** Bumped by every user change, so autosave knows there is something to send. */
  version: number;
  saveStatus: SaveStatus;
  message: string | undefined;
  /** Bumped when the canvas should fit the whole model in view (after a layout). */
  fitRequest: number;
  requestFit(): void;
  /** Loads a model from outside (server, file): not an undoable step. */
  load(model: Model): void;
  /**
   * Applies a user change as one undoable step. The result must be a valid model: an invalid one
   * is refused (returned errors), never stored.
   */
  change(label: string, recipe: (draft: Model) => Model | void): string[];
  /** Begins a gesture (a drag): the model before it becomes one step; `changeQuietly` follows. */
  beginGesture(): void;
  /** Changes within a gesture: no new history step. */
  changeQuietly(recipe: (draft: Model) => Model | void): void;
  /**
   * Moves nodes and contexts within a gesture (no new history step), sharing every unchanged
   * element with the previous model so that a drag re-renders only what moves.
   */
  moveQuietly(positions: ReadonlyMap<string, { x: number; y: number }>): void;
  undo(): void;
  redo(): void;
  /**
   * A model that changed elsewhere (another person, live): shown as is, not a step of this
   * person's history and not a change to save.
   */
  receive(model: Model): void;
  /** Who may change the model here: a view or comment link reads it only. */
  readOnly: boolean;
  /**
   * An earlier revision on show instead of the model (read-only), or a comparison of two: the
   * canvas draws `model`, marking each element of `marks` as added, removed or changed.
   */
  view: EditorView | undefined;
  /** While editing live, undo and redo are the shared document's (this person's changes only). */
  history: { undo(): void; redo(): void } | undefined;
  select(ids: string[]): void;
  setSaveStatus(status: SaveStatus): void;
  say(message: string | undefined): void;
}

/**
 * Whether the person may change the model now: not through a view or comment link, not while an
 * earlier revision is on show. Every control that changes the model reads this, so that none that
 * cannot work is shown enabled.
 */
export function canEdit(state: Pick<EditorState, 'readOnly' | 'view'>): boolean {
  return !state.readOnly && state.view === undefined;
}

/** Why nothing can be changed here, in words for a disabled control's title; undefined when it can. */
export function whyReadOnly(state: Pick<EditorState, 'readOnly' | 'view'>): string | undefined {
  if (state.view !== undefined) return 'Back to the current model to change it.';
  if (state.readOnly) return 'This link can view the model, not change it.';
  return undefined;
}

function applyRecipe(model: Model, recipe: (draft: Model) => Model | void): Model {
  const draft = structuredClone(model);
  return recipe(draft) ?? draft;
}

export const useEditor = create<EditorState>((set, get) => ({
  model: undefined,
  content: undefined,
  readOnly: false,
  history: undefined,
  view: undefined,
  past: [],
  future: [],
  selection: [],
  version: 0,
  saveStatus: 'saved',
  message: undefined,
  fitRequest: 0,
  requestFit() {
    set({ fitRequest: get().fitRequest + 1 });
  },
  load(model) {
    set({ model, content: model, past: [], future: [], selection: [], saveStatus: 'saved' });
  },
  change(label, recipe) {
    const { model, past, version, readOnly } = get();
    if (model === undefined) return ['no model'];
    const refusal = whyReadOnly({ readOnly, view: get().view });
    if (refusal !== undefined) {
      set({ message: refusal });
      return ['read-only'];
    }
    const next = applyRecipe(model, recipe);
    const parsed = parseModel(next);
    if (!parsed.ok) {
      set({ message: `${label}: ${parsed.errors[0]?.path} ${parsed.errors[0]?.message}` });
      return parsed.errors.map((e) => `${e.path}: ${e.message}`);
    }
    set({
      model: parsed.model,
      content: parsed.model,
      past: [...past, model].slice(-HISTORY_LIMIT),
      future: [],
      version: version + 1,
      message: undefined,
    });
    return [];
  },
  beginGesture() {
    const { model, past } = get();
    if (model !== undefined && canEdit(get()))
      set({ past: [...past, model].slice(-HISTORY_LIMIT), future: [] });
  },
  changeQuietly(recipe) {
    const { model, version } = get();
    if (model === undefined) return;
    const next = applyRecipe(model, recipe);
    set({ model: next, content: next, version: version + 1 });
  },
  moveQuietly(positions) {
    const { model, version } = get();
    // A drag where nothing may change (React Flow's own lock button can re-enable dragging).
    if (model === undefined || positions.size === 0 || !canEdit(get())) return;
    const move = <T extends { id: string; position?: { x: number; y: number } }>(element: T): T => {
      const position = positions.get(element.id);
      return position === undefined ? element : { ...element, position };
    };
    set({
      model: {
        ...model,
        nodes: model.nodes.map(move),
        ...(model.contexts ? { contexts: model.contexts.map(move) } : {}),
      },
      version: version + 1,
    });
  },
  receive(model) {
    set({ model, content: model });
  },
  undo() {
    const { model, past, future, version, history } = get();
    if (history !== undefined) return history.undo();
    const previous = past[past.length - 1];
    if (model === undefined || previous === undefined) return;
    set({
      model: previous,
      content: previous,
      past: past.slice(0, -1),
      future: [model, ...future],
      version: version + 1,
    });
  },
  redo() {
    const { model, past, future, version, history } = get();
    if (history !== undefined) return history.redo();
    const next = future[0];
    if (model === undefined || next === undefined) return;
    set({
      model: next,
      content: next,
      past: [...past, model],
      future: future.slice(1),
      version: version + 1,
    });
  },
  select(ids) {
    set({ selection: ids });
  },
  setSaveStatus(saveStatus) {
    set({ saveStatus });
  },
  say(message) {
    set({ message });
  },
}));
