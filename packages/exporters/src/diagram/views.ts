import type { Edge, Model, Node } from '@meshplan/model';

/** A context's view as a model of its own, and which of its nodes stand for a whole other context. */
export interface ContextView {
  model: Model;
  /** Ids of the nodes that stand for another context (one box for all its nodes in the view). */
  collapsed: ReadonlySet<string>;
}

/**
 * The generated view of one context: the context, its members, and their direct neighbours; a
 * neighbour in another context is drawn as one box per other context (named after it, carrying
 * its id), a neighbour outside every context as itself. Edges between members, and from members
 * to neighbours, are kept (several to one collapsed box become one per kind and direction).
 * Nothing keeps a position: the view is laid out on its own.
 */
export function contextViewModel(model: Model, contextId: string): ContextView {
  const context = (model.contexts ?? []).find((c) => c.id === contextId);
  if (context === undefined) throw new Error(`no context "${contextId}"`);
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const contexts = new Map((model.contexts ?? []).map((c) => [c.id, c]));
  const members = new Set(model.nodes.filter((n) => n.context === contextId).map((n) => n.id));
  /** What a node is drawn as in this view: itself, its context's box, or nothing. */
  const standIn = (node: Node): string =>
    members.has(node.id) || node.context === undefined || !contexts.has(node.context)
      ? node.id
      : node.context;

  const nodes: Node[] = [];
  const added = new Set<string>();
  const collapsed = new Set<string>();
  const add = (node: Node) => {
    const id = standIn(node);
    if (added.has(id)) return;
    added.add(id);
    if (id === node.id) {
      // A member keeps its context; a neighbour drawn as itself is outside every context here.
      const { position: _position, context: _context, ...rest } = node;
      nodes.push((members.has(id) ? { ...rest, context: contextId } : rest) as Node);
      return;
    }
    const other = contexts.get(id);
    collapsed.add(id);
    nodes.push({
      id,
      kind: 'external',
      name: other?.name ?? id,
      description: `The ${other?.name ?? id} context`,
    });
  };
  for (const node of model.nodes) if (members.has(node.id)) add(node);

  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const edge of model.edges) {
    if (!members.has(edge.from) && !members.has(edge.to)) continue;
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (from === undefined || to === undefined) continue;
    add(from);
    add(to);
    const ends = { from: standIn(from), to: standIn(to) };
    const collapsedEnd = collapsed.has(ends.from) || collapsed.has(ends.to);
    const key = `${ends.from}\u0000${ends.to}\u0000${edge.kind}`;
    if (collapsedEnd && seen.has(key)) continue;
    seen.add(key);
    edges.push({ ...edge, ...ends });
  }
  const { position: _position, size: _size, ...frame } = context;
  const { sagas: _sagas, ...rest } = model;
  return { model: { ...rest, contexts: [frame], nodes, edges }, collapsed };
}
