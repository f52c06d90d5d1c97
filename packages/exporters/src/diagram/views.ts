import { nodeBox } from '@meshplan/layout';
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
  const { byId, contexts, membersOf, edgesOf } = lookups(model);
  const context = contexts.get(contextId);
  if (context === undefined) throw new Error(`no context "${contextId}"`);
  const members = new Set((membersOf.get(contextId) ?? []).map((n) => n.id));
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
  for (const node of membersOf.get(contextId) ?? []) add(node);

  // The edges at the members, in model order.
  const touching = [...new Set([...members].flatMap((id) => edgesOf.get(id) ?? []))].sort((a, b) => a - b);
  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const at of touching) {
    const edge = model.edges[at] as Edge;
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

interface Lookups {
  byId: Map<string, Node>;
  contexts: Map<string, NonNullable<Model['contexts']>[number]>;
  /** Each context's nodes, in model order. */
  membersOf: Map<string, Node[]>;
  /** Each node's edges (from or to it), as indexes into `model.edges`. */
  edgesOf: Map<string, number[]>;
}

const cache = new WeakMap<Model, Lookups>();

/** Built once per model, so that a view per context costs what the context touches. */
function lookups(model: Model): Lookups {
  const known = cache.get(model);
  if (known !== undefined) return known;
  const membersOf = new Map<string, Node[]>();
  for (const node of model.nodes) {
    if (node.context === undefined) continue;
    const list = membersOf.get(node.context);
    if (list === undefined) membersOf.set(node.context, [node]);
    else list.push(node);
  }
  const edgesOf = new Map<string, number[]>();
  model.edges.forEach((edge, i) => {
    for (const id of edge.from === edge.to ? [edge.from] : [edge.from, edge.to]) {
      const list = edgesOf.get(id);
      if (list === undefined) edgesOf.set(id, [i]);
      else list.push(i);
    }
  });
  const made: Lookups = {
    byId: new Map(model.nodes.map((node) => [node.id, node])),
    contexts: new Map((model.contexts ?? []).map((c) => [c.id, c])),
    membersOf,
    edgesOf,
  };
  cache.set(model, made);
  return made;
}

/** Space between a context's frame and the boxes of its neighbours, and between those boxes. */
const SIDE_GAP = 96;
const STACK_GAP = 24;

/**
 * A context's view placed from the whole model's positions (`model` positioned): the frame and
 * its members where they are in the architecture, so the view reads as a close-up of it; each
 * neighbour (another context's box, or a node outside every context) beside the frame: on the
 * left when it only calls in, else on the right, stacked in the order of the members it touches.
 * Linear and without a layout run: a 100-context model gets its views in milliseconds.
 */
export function placeContextView(view: ContextView, model: Model): Model {
  const frame = view.model.contexts?.[0];
  const { byId, contexts } = lookups(model);
  const context = frame === undefined ? undefined : contexts.get(frame.id);
  if (frame === undefined || context?.position === undefined || context.size === undefined) return view.model;
  const members = new Set(view.model.nodes.filter((n) => n.context === frame.id).map((n) => n.id));
  const sides = new Map<string, { inward: number; outward: number; ys: number[] }>();
  for (const edge of view.model.edges) {
    const inward = members.has(edge.to) && !members.has(edge.from);
    const outside = inward ? edge.from : edge.to;
    const member = inward ? edge.to : edge.from;
    if (members.has(outside) || !members.has(member)) continue;
    const side = sides.get(outside) ?? { inward: 0, outward: 0, ys: [] };
    if (inward) side.inward++;
    else side.outward++;
    const node = byId.get(member);
    if (node?.position !== undefined) side.ys.push(node.position.y + nodeBox(node.name).height / 2);
    sides.set(outside, side);
  }
  const placed = new Map<string, { x: number; y: number }>();
  const frameBox = { ...context.position, ...context.size };
  for (const left of [true, false]) {
    const column = view.model.nodes
      .filter((node) => !members.has(node.id))
      .map((node) => {
        const side = sides.get(node.id) ?? { inward: 0, outward: 0, ys: [] };
        const wanted = side.ys.length > 0 ? side.ys.reduce((a, b) => a + b, 0) / side.ys.length : frameBox.y;
        return { node, box: nodeBox(node.name), left: side.outward === 0 && side.inward > 0, wanted };
      })
      .filter((entry) => entry.left === left)
      .sort((a, b) => a.wanted - b.wanted || (a.node.id < b.node.id ? -1 : 1));
    let bottom = Number.NEGATIVE_INFINITY;
    for (const { node, box, wanted } of column) {
      const y = Math.round(Math.max(wanted - box.height / 2, bottom + STACK_GAP));
      bottom = y + box.height;
      const x = left ? frameBox.x - SIDE_GAP - box.width : frameBox.x + frameBox.width + SIDE_GAP;
      placed.set(node.id, { x, y });
    }
  }
  return {
    ...view.model,
    contexts: [{ ...frame, position: context.position, size: context.size }],
    nodes: view.model.nodes.map((node) => ({
      ...node,
      position: members.has(node.id) ? byId.get(node.id)?.position : placed.get(node.id),
    })) as Node[],
  };
}
