import type { BoundedContext, Edge, Model, Node, View } from './types.js';

/**
 * The view generated for a context: the context, its members and their direct neighbours. A
 * neighbour outside every context is listed itself; one in another context is represented by that
 * context, listed without its members, which a view draws as one box (see `viewContents`). The
 * context and its members keep their model positions (the picture people know); neighbours are left
 * to be placed. Its id is the context's: generated views are not stored, and a saved view can never
 * take a context's id (they share one id space), so `v/<context id>` in a URL can only mean this one.
 * Undefined when the model has no such context.
 */
export function contextView(model: Model, contextId: string): View | undefined {
  const context = (model.contexts ?? []).find((c) => c.id === contextId);
  if (context === undefined) return undefined;
  const contextIds = new Set((model.contexts ?? []).map((c) => c.id));
  const members = model.nodes.filter((node) => node.context === contextId);
  const memberIds = new Set(members.map((node) => node.id));
  const neighbourIds = new Set<string>();
  for (const edge of model.edges) {
    if (memberIds.has(edge.from) && !memberIds.has(edge.to)) neighbourIds.add(edge.to);
    if (memberIds.has(edge.to) && !memberIds.has(edge.from)) neighbourIds.add(edge.from);
  }
  const loose: string[] = [];
  const otherContexts = new Set<string>();
  for (const node of model.nodes) {
    if (!neighbourIds.has(node.id)) continue;
    if (node.context !== undefined && contextIds.has(node.context)) otherContexts.add(node.context);
    else loose.push(node.id);
  }
  // Built from entries: an id may be `__proto__`, which an assignment would not make a key.
  const positions: NonNullable<View['positions']> = Object.fromEntries(
    [context, ...members].flatMap((element) =>
      element.position === undefined ? [] : [[element.id, { x: element.position.x, y: element.position.y }]],
    ),
  );
  return {
    id: context.id,
    name: context.name,
    elements: [
      context.id,
      ...members.map((node) => node.id),
      ...loose,
      // In the model's order of contexts, so the list is the same wherever it is made.
      ...(model.contexts ?? []).filter((c) => otherContexts.has(c.id)).map((c) => c.id),
    ],
    positions,
  };
}

/** An edge as a view draws it: its ends are shown nodes, collapsed contexts or stubs. */
export interface ViewEdge {
  /** The model's edge (the first, when several are drawn as one). */
  edge: Edge;
  /** The id of what each end is drawn at: a node, a collapsed context, or a stub (`stubId`). */
  from: string;
  to: string;
  /** How many of the model's edges this one stands for (between the same shown ends). */
  count: number;
}

/** A node the view does not list, drawn as a small box naming it where an edge of the view ends. */
export interface ViewStub {
  id: string;
  node: Node;
}

/** What a view shows, before any geometry. */
export interface ViewContents {
  /** Contexts listed with at least one of their members: drawn as frames around those members. */
  frames: BoundedContext[];
  /** Contexts listed without any of their members: drawn as one box, where edges to members end. */
  collapsed: BoundedContext[];
  /** Nodes listed. */
  nodes: Node[];
  stubs: ViewStub[];
  edges: ViewEdge[];
}

/** The id of the stub standing for node `id` (":" is no id character, so none can clash). */
export function stubId(id: string): string {
  return `stub:${id}`;
}

/**
 * What `view` shows of `model`: the listed contexts (as frames, or collapsed to one box when none
 * of their members is listed) and nodes, and the edges with at least one end a listed node. The
 * other end of such an edge is drawn at its context's box when that context is listed collapsed,
 * else at a stub naming it. Edges between the same two drawn ends are drawn once, with a count.
 * Ids the model no longer has are skipped.
 */
export function viewContents(model: Model, view: Pick<View, 'elements'>): ViewContents {
  const contexts = new Map((model.contexts ?? []).map((c) => [c.id, c]));
  const nodes = new Map(model.nodes.map((node) => [node.id, node]));
  const listed = new Set(view.elements);
  const listedNodes = model.nodes.filter((node) => listed.has(node.id));
  const withMembers = new Set<string>();
  for (const node of listedNodes) if (node.context !== undefined) withMembers.add(node.context);
  const frames: BoundedContext[] = [];
  const collapsed: BoundedContext[] = [];
  for (const id of view.elements) {
    const context = contexts.get(id);
    if (context === undefined) continue;
    (withMembers.has(id) ? frames : collapsed).push(context);
  }
  const collapsedIds = new Set(collapsed.map((c) => c.id));
  const stubs = new Map<string, ViewStub>();
  const endOf = (id: string): string | undefined => {
    if (listed.has(id) && nodes.has(id)) return id;
    const node = nodes.get(id);
    if (node === undefined) return undefined;
    if (node.context !== undefined && collapsedIds.has(node.context)) return node.context;
    const stub = stubId(id);
    if (!stubs.has(stub)) stubs.set(stub, { id: stub, node });
    return stub;
  };
  const edges = new Map<string, ViewEdge>();
  for (const edge of model.edges) {
    if (!(listed.has(edge.from) && nodes.has(edge.from)) && !(listed.has(edge.to) && nodes.has(edge.to)))
      continue;
    const from = endOf(edge.from);
    const to = endOf(edge.to);
    if (from === undefined || to === undefined) continue;
    const key = `${from}\u0000${to}`;
    const drawn = edges.get(key);
    if (drawn === undefined) edges.set(key, { edge, from, to, count: 1 });
    else drawn.count++;
  }
  return { frames, collapsed, nodes: listedNodes, stubs: [...stubs.values()], edges: [...edges.values()] };
}

/**
 * The model with every view cleared of what it no longer has: ids of contexts and nodes that are
 * gone leave `elements` and `positions` (removing an element removes it from every view), as do
 * positions of elements the view does not list. The same object when nothing had to go, and views
 * that keep everything stay the same objects. Returns what went, in words, for a repair report.
 */
export function pruneViews(model: Model): { model: Model; pruned: string[] } {
  if (model.views === undefined || model.views.length === 0) return { model, pruned: [] };
  const present = new Set<string>();
  for (const context of model.contexts ?? []) present.add(context.id);
  for (const node of model.nodes) present.add(node.id);
  const pruned: string[] = [];
  let changed = false;
  const views = model.views.map((view) => {
    const elements = view.elements.filter((id) => present.has(id));
    const listed = new Set(elements);
    const positions = view.positions ?? {};
    const kept = Object.fromEntries(Object.entries(positions).filter(([id]) => listed.has(id)));
    if (
      elements.length === view.elements.length &&
      Object.keys(kept).length === Object.keys(positions).length
    )
      return view;
    const wasListed = new Set(view.elements);
    const strays = Object.keys(positions).filter((id) => !wasListed.has(id));
    changed = true;
    const gone = view.elements.filter((id) => !present.has(id));
    if (gone.length > 0)
      pruned.push(
        `Removed ${gone.map((id) => `"${id}"`).join(', ')} from view "${view.name}": no longer in the model`,
      );
    if (strays.length > 0)
      pruned.push(
        `Removed the position of ${strays.map((id) => `"${id}"`).join(', ')} from view "${view.name}": not one of its elements`,
      );
    return { ...view, elements, ...(view.positions === undefined ? {} : { positions: kept }) };
  });
  return changed ? { model: { ...model, views }, pruned } : { model, pruned };
}
