import type { Model } from '@meshplan/model';
import type { ELK as ElkApi, ElkNode } from 'elkjs';
import ElkModule from 'elkjs/lib/elk.bundled.js';
import { nodeBox } from './size.js';

/** What the layout needs to know of a model: ids, membership and connections, nothing else. */
export interface LayoutRequest {
  /** Each node with its box (`nodeBox` of its name). */
  nodes: { id: string; context?: string; width: number; height: number }[];
  edges: { id: string; from: string; to: string }[];
  contexts: string[];
}

export interface LayoutResult {
  positions: Record<string, { x: number; y: number }>;
  sizes: Record<string, { width: number; height: number }>;
}

/** The box of a node whose name is not known (a node's own box is `nodeBox(name)`). */
export const NODE_SIZE = { width: 180, height: 64 } as const;
/** The size of a new, empty context. */
export const CONTEXT_SIZE = { width: 420, height: 280 } as const;

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
};

// elkjs is CommonJS: Node hands its `module.exports` over as the default, bundlers its `default`.
type ElkConstructor = new () => ElkApi;
const exported = ElkModule as unknown as ElkConstructor & { default?: ElkConstructor };
const elk = new (exported.default ?? exported)();

/** The layout request for a whole model: nodes in a context that exists are laid out inside it. */
export function layoutRequest(model: Model): LayoutRequest {
  const contexts = new Set((model.contexts ?? []).map((c) => c.id));
  return {
    nodes: model.nodes.map((n) => {
      const { width, height } = nodeBox(n.name);
      return n.context !== undefined && contexts.has(n.context)
        ? { id: n.id, context: n.context, width, height }
        : { id: n.id, width, height };
    }),
    edges: model.edges.map((e) => ({ id: e.id, from: e.from, to: e.to })),
    contexts: [...contexts],
  };
}

/**
 * Lays out each context on its own, then the contexts and loose nodes as blocks: compound layout
 * of the whole graph at once takes seconds at 1,000 nodes, this takes a fraction.
 */
export async function layOut({ nodes, edges, contexts }: LayoutRequest): Promise<LayoutResult> {
  const inside = new Map<string, string[]>();
  for (const node of nodes)
    if (node.context !== undefined) inside.set(node.context, [...(inside.get(node.context) ?? []), node.id]);
  const boxes = new Map(nodes.map((node) => [node.id, { width: node.width, height: node.height }]));
  const local = new Map<string, { x: number; y: number }>();
  const sizes = new Map<string, { width: number; height: number }>();
  for (const context of contexts) {
    const members = new Set(inside.get(context) ?? []);
    const graph: ElkNode = await elk.layout({
      id: context,
      layoutOptions: { ...OPTIONS, 'elk.padding': '[top=48,left=24,bottom=24,right=24]' },
      children: [...members].map((id) => ({ id, ...(boxes.get(id) ?? NODE_SIZE) })),
      edges: edges
        .filter((e) => members.has(e.from) && members.has(e.to))
        .map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
    });
    for (const child of graph.children ?? []) local.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
    sizes.set(context, { width: Math.max(260, graph.width ?? 0), height: Math.max(160, graph.height ?? 0) });
  }
  const blockOf = new Map<string, string>();
  for (const node of nodes) blockOf.set(node.id, node.context ?? node.id);
  const blocks = [...contexts, ...nodes.filter((n) => n.context === undefined).map((n) => n.id)];
  const seen = new Set<string>();
  const top: ElkNode = await elk.layout({
    id: 'root',
    layoutOptions: {
      ...OPTIONS,
      // Room between contexts for one more row or column of nodes: a context that gains a node
      // can then grow without covering its neighbour (see placeIncrementally).
      'elk.spacing.nodeNode': '110',
      'elk.layered.spacing.nodeNodeBetweenLayers': '120',
    },
    children: blocks.map((id) => ({ id, ...(sizes.get(id) ?? boxes.get(id) ?? NODE_SIZE) })),
    edges: edges.flatMap((e) => {
      const a = blockOf.get(e.from);
      const b = blockOf.get(e.to);
      const key = `${a}->${b}`;
      if (a === undefined || b === undefined || a === b || seen.has(key)) return [];
      seen.add(key);
      return [{ id: key, sources: [a], targets: [b] }];
    }),
  });
  const positions: LayoutResult['positions'] = {};
  for (const block of top.children ?? [])
    positions[block.id] = { x: Math.round(block.x ?? 0), y: Math.round(block.y ?? 0) };
  for (const node of nodes) {
    if (node.context === undefined) continue;
    const origin = positions[node.context] ?? { x: 0, y: 0 };
    const offset = local.get(node.id) ?? { x: 0, y: 0 };
    positions[node.id] = { x: Math.round(origin.x + offset.x), y: Math.round(origin.y + offset.y) };
  }
  return { positions, sizes: Object.fromEntries(sizes) };
}

/** Writes a layout into a model draft. */
export function applyLayout(draft: Model, { positions, sizes }: LayoutResult): void {
  for (const context of draft.contexts ?? []) {
    if (positions[context.id]) context.position = positions[context.id];
    if (sizes[context.id]) context.size = sizes[context.id];
  }
  for (const node of draft.nodes) if (positions[node.id]) node.position = positions[node.id];
}

/** Whether a model needs a first layout: some node or context without a position. */
export function needsLayout(model: Model): boolean {
  return (
    model.nodes.some((n) => n.position === undefined) ||
    (model.contexts ?? []).some((c) => c.position === undefined)
  );
}
