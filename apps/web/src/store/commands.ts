import { COLLECTIONS, type Collection } from '@meshplan/collab';
import type { ImportFile } from '@meshplan/importers';
import {
  type Box,
  bounds,
  contextFrames,
  frameAround,
  GROW_GAP,
  inflate,
  isGeneratedView,
  isPinned,
  keepPinned,
  NODE_GAP,
  nodeBox,
  nodeBoxes,
  openedView,
  overlaps,
  placeIncrementally,
  storedViewOf,
  union,
  viewScene,
} from '@meshplan/layout';
import {
  type EdgeKind,
  edgeKindsBetween,
  type Model,
  type NodeKind,
  type View,
  withArticle,
} from '@meshplan/model';
import { applyFix, type Finding } from '@meshplan/rules';
import { isDraft, original } from 'immer';
import { useMemo } from 'react';
import { contextAt } from '../canvas/mapping.js';
import { adoption, type DriftItem, driftView } from '../drift/comparison.js';
import { compareInWorker } from '../drift/drift.js';
import { FAILABLE_KINDS, impactView, latencyView } from '../impact/impact.js';
import { applyLayout, fitContexts, layoutModel, tidyModel } from '../layout/layout.js';
import { type EditorStore, useEditorStore } from './editor.js';
import { freshId, freshViewId } from './ids.js';

const DEFAULTS: Record<NodeKind, Record<string, unknown>> = {
  service: { api: { style: 'rest', version: 'v1', endpoints: [] } },
  datastore: { engine: 'postgres' },
  topic: { broker: 'kafka', messages: [] },
  gateway: {},
  client: {},
  external: {},
};
const NAMES: Record<NodeKind, string> = {
  service: 'New service',
  datastore: 'New datastore',
  topic: 'New topic',
  gateway: 'API gateway',
  client: 'Web app',
  external: 'External system',
};

/**
 * How far a pasted copy goes from its originals: beside them (right, then below, then further
 * out), at the first offset where no copy lands on any node, original or other.
 */
export function pasteOffset(model: Model, nodes: Model['nodes']): { x: number; y: number } {
  const copies = nodes.flatMap((node) =>
    node.position === undefined ? [] : [{ ...node.position, ...nodeBox(node.name) }],
  );
  if (copies.length === 0) return { x: 0, y: 0 };
  const left = Math.min(...copies.map((b) => b.x));
  const top = Math.min(...copies.map((b) => b.y));
  const width = Math.max(...copies.map((b) => b.x + b.width)) - left;
  const height = Math.max(...copies.map((b) => b.y + b.height)) - top;
  const taken = [...nodeBoxes(model).values()];
  const frames = contextFrames(model);
  const homes = nodes.flatMap((node) => (node.position === undefined ? [] : [node.context]));
  const clear = (dx: number, dy: number) => {
    const moved = copies.map((box) => ({ ...box, x: box.x + dx, y: box.y + dy }));
    if (moved.some((box) => taken.some((other) => overlaps(inflate(box, NODE_GAP / 2), other)))) return false;
    // A copy stays in its original's context: the frame it grows to must cover no other context,
    // and a copy of a loose node must land in none.
    const grown = new Map<string | undefined, Box>();
    moved.forEach((box, i) => {
      const home = homes[i];
      const frame = home === undefined ? undefined : frames.get(home);
      if (home === undefined || frame === undefined)
        grown.set(undefined, bounds([grown.get(undefined) ?? box, box]) as Box);
      else grown.set(home, union(grown.get(home) ?? frame, frameAround(box)));
    });
    for (const [home, box] of grown)
      for (const [id, frame] of frames)
        if (id !== home && overlaps(home === undefined ? box : inflate(box, GROW_GAP), frame)) return false;
    return true;
  };
  for (let ring = 1; ring <= 20; ring++) {
    const dx = ring * (width + NODE_GAP);
    const dy = ring * (height + NODE_GAP);
    for (const [x, y] of [
      [dx, 0],
      [0, dy],
      [dx, dy],
      [-dx, 0],
      [0, -dy],
    ] as const)
      if (clear(x, y)) return { x, y };
  }
  return { x: width + NODE_GAP, y: 0 };
}

/** After a drag: a node whose centre lies in a context belongs to it, and the context grows to hold it. */
export function settleDrag(draft: Model, ids: ReadonlySet<string>): void {
  // Read from the plain model under the draft: touching each of 1,000 draft nodes would make a
  // proxy of every one, for an arrow-key move of one node. Only what changes is written.
  const model = (isDraft(draft) ? original(draft) : draft) as Model;
  const at = new Map(model.nodes.map((node, i) => [node.id, i]));
  const refiled = new Map<string, string | undefined>();
  for (const id of ids) {
    const node = model.nodes[at.get(id) ?? -1];
    if (node?.position === undefined) continue;
    const inside = contextAt(model, node.position, nodeBox(node.name));
    if (inside !== node.context) refiled.set(id, inside);
  }
  for (const [id, inside] of refiled) {
    const node = draft.nodes[at.get(id) as number] as Model['nodes'][number];
    if (inside === undefined) delete node.context;
    else node.context = inside;
  }
  // Contexts grow to hold what landed in them, worked out on the plain model with the new members.
  const settled =
    refiled.size === 0
      ? model
      : {
          ...model,
          nodes: model.nodes.map((node) =>
            refiled.has(node.id) ? { ...node, context: refiled.get(node.id) } : node,
          ),
        };
  const grown = fitContexts(settled as Model, ids);
  for (const context of draft.contexts ?? []) {
    const position = grown.positions[context.id];
    const size = grown.sizes[context.id];
    if (position !== undefined) context.position = position;
    if (size !== undefined) context.size = size;
  }
}

/**
 * The user's actions on one opened model, as named commands: the palette, the keyboard, the
 * canvas and the panels call these, never the store's `change` with a recipe of their own.
 */
export function createCommands(store: EditorStore) {
  const state = () => store.getState();
  /** What Copy took: nodes as they were, pasted as new ones. */
  let clipboard: Model['nodes'] = [];
  /** What the canvas shows: the view on show laid out (its frames where they are drawn), or the model. */
  const shown = (): { model: Model; positions?: Record<string, { x: number; y: number }> } => {
    const id = state().view;
    const view = id === undefined ? undefined : openedView(state().model, id);
    if (view === undefined) return { model: state().model };
    const scene = viewScene(state().model, view);
    return { model: scene.model, positions: scene.positions };
  };
  /** With a saved view on show, what is added shows in it too, where it was put (one step with the add). */
  const showInOpenView = (draft: Model, added: { id: string; position: { x: number; y: number } }[]) => {
    const id = state().view;
    const view = id === undefined ? undefined : draft.views?.find((v) => v.id === id);
    if (view === undefined) return;
    for (const { id: element } of added) if (!view.elements.includes(element)) view.elements.push(element);
    view.positions = Object.fromEntries([
      ...Object.entries(view.positions ?? {}),
      ...added.map(({ id: element, position }) => [element, { ...position }] as const),
    ]);
  };
  const commands = {
    addNode(
      kind: NodeKind,
      position: { x: number; y: number },
      context = contextAt(shown().model, position),
    ): string | undefined {
      let added: string | undefined;
      state().change(`Add ${kind}`, (draft) => {
        added = freshId(state().model, kind);
        const sameName = draft.nodes.filter((node) => node.name.startsWith(NAMES[kind])).length;
        draft.nodes.push({
          id: added,
          kind,
          name: sameName === 0 ? NAMES[kind] : `${NAMES[kind]} ${sameName + 1}`,
          position,
          ...(context === undefined ? {} : { context }),
          ...structuredClone(DEFAULTS[kind]),
        } as Model['nodes'][number]);
        // Dropped near a context's edge: the context grows to hold it.
        applyLayout(draft, fitContexts(draft, [added]));
        showInOpenView(draft, [{ id: added, position }]);
      });
      if (added !== undefined) state().select([added]);
      // A generated view shows its context's members: what is added outside that context is in
      // the model, not in the view on show.
      const viewId = state().view;
      if (
        added !== undefined &&
        viewId !== undefined &&
        isGeneratedView(state().content, viewId) &&
        context !== viewId
      )
        state().say('Added to the model, outside this view’s context: it shows in the whole model.');
      return added;
    },
    /** Adds a bounded context and selects it, as a new node is: its name is ready to change. */
    addContext(position: { x: number; y: number }): string | undefined {
      let added: string | undefined;
      state().change('Add bounded context', (draft) => {
        draft.contexts ??= [];
        added = freshId(state().model, 'ctx');
        draft.contexts.push({
          id: added,
          name: `Context ${draft.contexts.length + 1}`,
          position,
          size: { width: 420, height: 280 },
        });
        showInOpenView(draft, [{ id: added, position }]);
      });
      if (added !== undefined) state().select([added]);
      return added;
    },
    /** Renames a node, context or saga; an empty name is refused (the model needs one). */
    rename(id: string, name: string): string[] {
      const trimmed = name.trim();
      if (trimmed === '') return ['A name cannot be empty.'];
      return commands.setField(id, `Rename to ${trimmed}`, ['name'], trimmed);
    },
    /** Adds a saga (edited in the inspector: style, orchestrator, ordered steps) and selects it. */
    addSaga(): void {
      let id = '';
      state().change('Add saga', (draft) => {
        id = freshId(state().model, 'saga');
        draft.sagas ??= [];
        draft.sagas.push({ id, name: `Saga ${draft.sagas.length + 1}`, style: 'orchestrated', steps: [] });
      });
      if (id !== '') state().select([id]);
    },
    /** Connects two nodes with an edge of `kind`; refuses kinds that do not fit, with a message. */
    connect(from: string, to: string, kind: EdgeKind): boolean {
      const model = state().model;
      const a = model?.nodes.find((n) => n.id === from);
      const b = model?.nodes.find((n) => n.id === to);
      if (model === undefined || a === undefined || b === undefined) return false;
      if (!edgeKindsBetween(a.kind, b.kind).includes(kind)) {
        state().say(`A ${kind} edge cannot go from ${withArticle(a.kind)} to ${withArticle(b.kind)}.`);
        return false;
      }
      const extra: Record<EdgeKind, Record<string, unknown>> = {
        sync: { protocol: 'rest' },
        route: {},
        publish: {},
        subscribe: {},
        data: { access: 'readwrite' },
      };
      return (
        state().change(`Connect ${a.name} to ${b.name}`, (draft) => {
          draft.edges.push({
            id: freshId(state().model, kind),
            kind,
            from,
            to,
            ...extra[kind],
          } as Model['edges'][number]);
        }).length === 0
      );
    },
    /**
     * Deletes elements, the edges that touch deleted nodes, and empties contexts that go; what goes
     * leaves every view too (a view's id among `ids` deletes the view).
     */
    remove(ids: string[]): void {
      if (ids.length === 0) return;
      const gone = new Set(ids);
      state().change('Delete', (draft) => {
        if (draft.views !== undefined) {
          draft.views = draft.views.filter((v) => !gone.has(v.id));
          for (const view of draft.views) {
            if (!view.elements.some((id) => gone.has(id))) continue;
            view.elements = view.elements.filter((id) => !gone.has(id));
            if (view.positions !== undefined)
              view.positions = Object.fromEntries(
                Object.entries(view.positions).filter(([id]) => !gone.has(id)),
              );
          }
        }
        draft.nodes = draft.nodes.filter((n) => !gone.has(n.id));
        draft.edges = draft.edges.filter((e) => !gone.has(e.id) && !gone.has(e.from) && !gone.has(e.to));
        if (draft.contexts !== undefined) {
          draft.contexts = draft.contexts.filter((c) => !gone.has(c.id));
          for (const node of draft.nodes)
            if (node.context !== undefined && gone.has(node.context)) delete node.context;
        }
        if (draft.sagas !== undefined) draft.sagas = draft.sagas.filter((s) => !gone.has(s.id));
      });
      state().select([]);
    },
    /** Applies a finding's fix as one undoable step; what it adds is placed near what it is about. */
    applyFinding(finding: Finding): void {
      let fixed: Model;
      try {
        // The fix copies the model it is given: the plain one, not the change's draft.
        fixed = applyFix(state().model, finding);
      } catch (error) {
        state().say(error instanceof Error ? error.message : String(error));
        return;
      }
      // What the fix adds is placed beside what it connects to (its owner), inside its context,
      // moving nothing that has a place; the view stays where it is.
      const placement = placeIncrementally(fixed);
      state().change(finding.fix?.title ?? 'Fix', () => {
        applyLayout(fixed, placement);
        return fixed;
      });
    },
    /** Sets (or, for undefined, deletes) `path` inside the element `id` (the inspector's fields). */
    setField(id: string, label: string, path: (string | number)[], value: unknown): string[] {
      // Found in the plain model, then reached in the draft by index: searching the draft would
      // make a draft of every element it passes.
      const model = state().model;
      let place: [Collection, number] | undefined;
      for (const collection of COLLECTIONS) {
        const index = (model[collection] ?? []).findIndex((element) => element.id === id);
        if (index >= 0) {
          place = [collection, index];
          break;
        }
      }
      if (place === undefined) return [`no element "${id}"`];
      const [collection, index] = place;
      return state().change(label, (draft) => {
        let target = (draft[collection] ?? [])[index] as Record<string, unknown> | undefined;
        if (target === undefined) return;
        path.slice(0, -1).forEach((key, i) => {
          const into = target as Record<string, unknown>;
          into[key] ??= typeof path[i + 1] === 'number' ? [] : {};
          target = into[key] as Record<string, unknown>;
        });
        const last = path[path.length - 1] as string;
        if (value === undefined) delete target[last];
        else target[last] = value;
      });
    },
    /** Sets the model's name or description. */
    setModelField(key: 'name' | 'description', value: string | undefined): string[] {
      return state().change(`Set model ${key}`, (draft) => {
        if (value === undefined && key === 'description') delete draft.description;
        else draft[key] = value ?? '';
      });
    },
    /** Sets a rule's level and options in `settings.rules` (undefined: back to the default). */
    setRule(id: string, value: unknown): void {
      state().change(`Set ${id}`, (draft) => {
        draft.settings ??= {};
        draft.settings.rules ??= {};
        if (value === undefined) delete draft.settings.rules[id];
        else draft.settings.rules[id] = value as never;
      });
    },
    /** Copies the selected nodes (Ctrl+C). */
    copy(): void {
      const selected = new Set(state().selection);
      clipboard = structuredClone(state().model.nodes.filter((node) => selected.has(node.id)));
    },
    /** How many nodes Copy holds: Paste has nothing to do without them (the palette says so). */
    copiedCount(): number {
      return clipboard.length;
    },
    /**
     * Pastes what was copied as new nodes beside the originals (never on them, nor on anything
     * else), in their context, which grows to hold them; selects them (Ctrl+V).
     */
    paste(): void {
      if (clipboard.length === 0) return;
      const added: string[] = [];
      const inView = shown().positions;
      const offset = pasteOffset(state().model, clipboard);
      state().change('Paste', (draft) => {
        const placed: { id: string; position: { x: number; y: number } }[] = [];
        for (const node of clipboard) {
          const id = `${node.id}-copy`;
          let unique = id;
          for (let n = 2; draft.nodes.some((x) => x.id === unique); n++) unique = `${id}-${n}`;
          added.push(unique);
          const copy: Model['nodes'][number] = {
            ...structuredClone(node),
            id: unique,
            name: `${node.name} (copy)`,
          };
          if (node.position !== undefined)
            copy.position = { x: node.position.x + offset.x, y: node.position.y + offset.y };
          else delete copy.position;
          if (copy.context !== undefined && !draft.contexts?.some((c) => c.id === copy.context))
            delete copy.context;
          draft.nodes.push(copy);
          // In a view, beside where the view shows the original.
          const from =
            inView !== undefined && Object.hasOwn(inView, node.id) ? inView[node.id] : node.position;
          if (from !== undefined)
            placed.push({ id: unique, position: { x: from.x + offset.x, y: from.y + offset.y } });
        }
        applyLayout(draft, fitContexts(draft, added));
        showInOpenView(draft, placed);
      });
      // Copies of nodes that had no position are placed like any new node.
      const unplaced = state().model.nodes.some((n) => added.includes(n.id) && n.position === undefined);
      if (unplaced) {
        const placement = placeIncrementally(state().model);
        state().change('Paste', (draft) => applyLayout(draft, placement));
      }
      state().select(added);
    },
    /** Gives a context a new size (its resize handles). */
    resizeContext(
      id: string,
      size: { width: number; height: number },
      position?: { x: number; y: number },
    ): void {
      state().change('Resize context', (draft) => {
        const context = draft.contexts?.find((c) => c.id === id);
        if (context === undefined) return;
        context.size = { width: Math.round(size.width), height: Math.round(size.height) };
        if (position !== undefined)
          context.position = { x: Math.round(position.x), y: Math.round(position.y) };
      });
    },
    /** Arranges every element (elkjs in a worker), as one undoable step, then fits the view. */
    async autoLayout(): Promise<void> {
      const model = state().model;
      // Pinned elements stay where they are; what the layout put on them is placed again.
      const layout = keepPinned(model, await layoutModel(model));
      state().change('Automatic layout', (draft) => applyLayout(draft, layout));
      state().requestFit();
    },
    /**
     * Pins the selected nodes and contexts (Auto-layout leaves them, and a pinned context's
     * members, where they are), or unpins them when all of them are pinned already. One step.
     */
    pin(ids: string[] = state().selection): void {
      const chosen = new Set(ids);
      const elements = [...(state().model.contexts ?? []), ...state().model.nodes].filter((e) =>
        chosen.has(e.id),
      );
      if (elements.length === 0) return;
      const unpin = elements.every((element) => isPinned(element));
      state().change(unpin ? 'Unpin' : 'Pin', (draft) => {
        for (const element of [...(draft.contexts ?? []), ...draft.nodes]) {
          if (!chosen.has(element.id)) continue;
          if (unpin) delete (element as { pinned?: boolean }).pinned;
          else (element as { pinned?: boolean }).pinned = true;
        }
      });
    },
    /** Shows a view (a saved view's id, or a context's for its generated view); undefined: the whole model. */
    openView(id: string | undefined): boolean {
      if (id !== undefined && openedView(state().content, id) === undefined) {
        state().say(`This model has no view “${id}”: showing the whole model.`);
        state().openView(undefined);
        return false;
      }
      state().openView(id);
      return true;
    },
    /**
     * Saves the selected contexts and nodes as a new view named `name` and opens it. A selected
     * context brings its members. Each element keeps the position it is shown at (in the view on
     * show, or in the model), so the new view looks as the selection did.
     */
    saveSelectionAsView(name: string): string | undefined {
      const trimmed = name.trim();
      if (trimmed === '') {
        state().say('A view needs a name.');
        return undefined;
      }
      const model = state().content;
      const picked = new Set(state().selection);
      const contextIds = new Set((model.contexts ?? []).map((c) => c.id));
      const elements = [
        ...(model.contexts ?? []).filter((c) => picked.has(c.id)).map((c) => c.id),
        ...model.nodes
          .filter(
            (n) =>
              picked.has(n.id) ||
              (n.context !== undefined && picked.has(n.context) && contextIds.has(n.context)),
          )
          .map((n) => n.id),
      ];
      if (elements.length === 0) {
        state().say('Select the contexts and nodes the view should show first.');
        return undefined;
      }
      const shownId = state().view;
      const shown = shownId === undefined ? undefined : openedView(model, shownId);
      const scene = viewScene(model, { id: '', name: '', elements, ...positionsFor(model, elements, shown) });
      const id = freshViewId(model, state().mode.kind === 'live' ? store.doc : undefined);
      const view = storedViewOf(scene, id, trimmed);
      const errors = state().change(`Save view ${trimmed}`, (draft) => {
        draft.views ??= [];
        draft.views.push(view);
      });
      if (errors.length > 0) return undefined;
      state().openView(id);
      return id;
    },
    /** Stores the view on show if it is a generated one (under `name`), and shows the stored one. */
    saveOpenView(name?: string): string | undefined {
      const shownId = state().view;
      const model = state().content;
      if (shownId === undefined || !isGeneratedView(model, shownId)) return shownId;
      const generated = openedView(model, shownId);
      if (generated === undefined) return undefined;
      const id = freshViewId(model, state().mode.kind === 'live' ? store.doc : undefined);
      const view = storedViewOf(viewScene(model, generated), id, name?.trim() || `${generated.name} view`);
      const errors = state().change(`Save view ${view.name}`, (draft) => {
        draft.views ??= [];
        draft.views.push(view);
      });
      if (errors.length > 0) return undefined;
      state().openView(id);
      return id;
    },
    /**
     * Takes elements out of the saved view on show (they stay in the model; Delete removes them
     * from the model and every view). A context leaves with the members the view lists.
     */
    removeFromView(ids: string[]): void {
      const viewId = state().view;
      const view = viewId === undefined ? undefined : state().content.views?.find((v) => v.id === viewId);
      if (view === undefined || ids.length === 0) return;
      const model = state().content;
      const gone = new Set(ids);
      for (const node of model.nodes)
        if (node.context !== undefined && gone.has(node.context)) gone.add(node.id);
      if (!view.elements.some((id) => gone.has(id))) return;
      state().change(`Remove from view ${view.name}`, (draft) => {
        const target = draft.views?.find((v) => v.id === viewId);
        if (target === undefined) return;
        target.elements = target.elements.filter((id) => !gone.has(id));
        if (target.positions !== undefined)
          target.positions = Object.fromEntries(
            Object.entries(target.positions).filter(([id]) => !gone.has(id)),
          );
      });
      state().select([]);
    },
    /** Renames a saved view; an empty name is refused. */
    renameView(id: string, name: string): string[] {
      const trimmed = name.trim();
      if (trimmed === '') return ['A view needs a name.'];
      if (!(state().content.views ?? []).some((view) => view.id === id)) return [`no view "${id}"`];
      return commands.setField(id, `Rename view to ${trimmed}`, ['name'], trimmed);
    },
    /** Deletes a saved view (its elements stay in the model); the whole model shows if it was on show. */
    deleteView(id: string): void {
      const view = (state().content.views ?? []).find((v) => v.id === id);
      if (view === undefined) return;
      state().change(`Delete view ${view.name}`, (draft) => {
        draft.views = (draft.views ?? []).filter((v) => v.id !== id);
      });
      if (state().view === id) state().openView(undefined);
    },
    /**
     * Tidies the selection: a selected context is laid out anew in its frame, selected nodes
     * among themselves where they were; nothing else moves. One undoable step.
     */
    async tidy(ids: string[] = state().selection): Promise<void> {
      if (ids.length === 0) {
        state().say('Select a context or some nodes to tidy.');
        return;
      }
      const layout = await tidyModel(state().model, ids);
      state().change('Tidy', (draft) => applyLayout(draft, layout));
    },
    /**
     * Compares the model with what runs (a trace export, deployment files, API documents) in a
     * worker, and shows the comparison on the canvas. Resolves to an error message, if any.
     */
    async compareWithRunning(
      observation: { files: ImportFile[] } | { traces: File },
      source: string,
    ): Promise<string | undefined> {
      try {
        const outcome = await compareInWorker({ design: state().content, ...observation });
        const { observed, from, analysis, model } = outcome;
        state().showRevision(driftView({ source, from, observed, analysis, model }));
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
    /**
     * "What if this fails?": shows, read-only, what the failure of one service, datastore, topic
     * or external takes down, and the latency budget beside it.
     */
    whatIfFails(nodeId: string): void {
      const node = state().content.nodes.find((n) => n.id === nodeId);
      if (node === undefined || !FAILABLE_KINDS.has(node.kind))
        state().say('Select a service, datastore, topic or external first.');
      else state().showRevision(impactView(state().content, nodeId));
    },
    /** Shows, read-only, each sync call's budget problems and each entry point's worst case. */
    showLatencyBudget(): void {
      state().showRevision(latencyView(state().content));
    },
    /**
     * Adopts into the model what the comparison on show saw running and the design lacks (a node,
     * or a call with the ends it needs): one undoable step. The comparison is then made again.
     */
    async adoptObserved(item: NonNullable<DriftItem['adopt']>): Promise<void> {
      const mode = state().mode;
      const comparison = mode.kind === 'revision' ? mode.view.drift : undefined;
      if (comparison === undefined) return;
      state().backToModel();
      const { nodes, edges } = adoption(state().content, comparison, item);
      if (nodes.length + edges.length === 0) return;
      const named = (id: string) =>
        state().content.nodes.find((n) => n.id === id)?.name ?? nodes.find((n) => n.id === id)?.name ?? id;
      const edge = edges[0];
      const what =
        edge === undefined ? (nodes[0]?.name ?? 'a node') : `${named(edge.from)} → ${named(edge.to)}`;
      const errors = state().change(`Adopt what runs: ${what}`, (draft) => {
        draft.nodes.push(...structuredClone(nodes));
        draft.edges.push(...structuredClone(edges));
      });
      if (errors.length > 0) return state().say(errors.join(' '));
      const again = await compareInWorker({
        design: state().content,
        observed: comparison.observed,
        from: comparison.from,
      });
      state().showRevision(
        driftView({ ...comparison, analysis: again.analysis, model: again.model, observed: again.observed }),
      );
    },
    undo(): void {
      state().undo();
    },
    redo(): void {
      state().redo();
    },
  };
  return commands;
}

/**
 * Where the elements of a new view start: where the view on show shows them, else where the model
 * has them (unplaced ones are placed when the view is drawn).
 */
function positionsFor(model: Model, elements: string[], shown: View | undefined): Pick<View, 'positions'> {
  const source = shown === undefined ? undefined : viewScene(model, shown).positions;
  const byId = new Map<string, { x: number; y: number } | undefined>();
  for (const context of model.contexts ?? []) byId.set(context.id, context.position);
  for (const node of model.nodes) byId.set(node.id, node.position);
  const entries = elements.flatMap((id) => {
    const at = source !== undefined && Object.hasOwn(source, id) ? source[id] : byId.get(id);
    return at === undefined ? [] : [[id, { x: at.x, y: at.y }] as const];
  });
  return { positions: Object.fromEntries(entries) };
}

export type Commands = ReturnType<typeof createCommands>;

const bound = new WeakMap<EditorStore, Commands>();

/** The commands of the opened model. */
export function useCommands(): Commands {
  const store = useEditorStore();
  return useMemo(() => {
    let commands = bound.get(store);
    if (commands === undefined) {
      commands = createCommands(store);
      bound.set(store, commands);
    }
    return commands;
  }, [store]);
}
