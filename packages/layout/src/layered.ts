import type { Model } from '@meshplan/model';
import type { ELK as ElkApi, ElkNode } from 'elkjs';
import { FRAME_PADDING } from './geometry.js';
import { NAME_FONT, nodeBox } from './size.js';

/** What the layout needs to know of a model: ids, membership and connections, nothing else. */
export interface LayoutRequest {
  /** Each node with its box (`nodeBox` of its name). */
  nodes: { id: string; context?: string; width: number; height: number }[];
  edges: { id: string; from: string; to: string }[];
  contexts: string[];
  /** Where the diagram is shown (the canvas, a slide), in px: the layout aims to be read there. */
  frame?: { width: number; height: number };
}

export interface LayoutResult {
  positions: Record<string, { x: number; y: number }>;
  sizes: Record<string, { width: number; height: number }>;
  /**
   * Contexts that incremental placement found hemmed in on every side: they grew over a
   * neighbour, because nothing placed may move. Tidy or Auto-layout sorts them out.
   */
  crowded?: string[];
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
  // Parts of a context that do not connect are packed side by side: as far apart as nodes are,
  // so that a route can leave a node's side between them.
  'elk.spacing.componentComponent': '40',
};

// elkjs is CommonJS: Node hands its `module.exports` over as the default, bundlers its `default`.
type ElkConstructor = new () => ElkApi;
type ElkExports = ElkConstructor & { default?: ElkConstructor };
// Loaded and made on first use: the editor's main thread imports this package for placement and
// routing, which need no elk, and 1.6 MB of it would be evaluated before the editor could open a
// model. Only the layout worker, the CLI and the exporters lay out.
let instance: Promise<ElkApi> | undefined;
const elk = {
  layout: async (graph: ElkNode) => {
    instance ??= import('elkjs/lib/elk.bundled.js').then((module) => {
      const exported = ((module as { default?: ElkExports }).default ?? module) as ElkExports;
      return new (exported.default ?? exported)();
    });
    return (await instance).layout(graph);
  },
};

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

/** A canvas beside the editor's panels on a laptop, for a layout not told where it is shown. */
const DEFAULT_FRAME = { width: 950, height: 850 } as const;
/** The zoom at which names are drawn at 8 px on screen, the least that reads. */
const READABLE_ZOOM = 8 / NAME_FONT.size;

/**
 * Lays out each context on its own, then the contexts and loose nodes as blocks: compound layout
 * of the whole graph at once takes seconds at 1,000 nodes, this takes a fraction. The blocks go
 * in a layered flow (callers left of what they call) when that can be read in `frame` whole;
 * else, in that order, they are packed into rows of the frame's shape: a layered chain of
 * contexts runs several screens wide, and the model would open too small to read.
 */
export async function layOut({
  nodes,
  edges,
  contexts,
  frame = DEFAULT_FRAME,
}: LayoutRequest): Promise<LayoutResult> {
  const inside = new Map<string, string[]>();
  for (const node of nodes)
    if (node.context !== undefined) inside.set(node.context, [...(inside.get(node.context) ?? []), node.id]);
  const boxes = new Map(nodes.map((node) => [node.id, { width: node.width, height: node.height }]));
  const local = new Map<string, { x: number; y: number }>();
  const sizes = new Map<string, { width: number; height: number }>();
  for (const context of contexts) {
    const members = inside.get(context) ?? [];
    const block = await layOutBlock(
      members.map((id) => ({ id, ...(boxes.get(id) ?? NODE_SIZE) })),
      edges,
      true,
    );
    for (const [id, at] of Object.entries(block.positions)) local.set(id, at);
    sizes.set(context, { width: block.width, height: block.height });
  }
  const blockOf = new Map<string, string>();
  for (const node of nodes) blockOf.set(node.id, node.context ?? node.id);
  const blocks = [...contexts, ...nodes.filter((n) => n.context === undefined).map((n) => n.id)];
  const seen = new Set<string>();
  const flow: ElkNode = await elk.layout({
    id: 'root',
    layoutOptions: {
      ...OPTIONS,
      // Room between contexts for one more row or column of nodes: a context that gains a node
      // can then grow without covering its neighbour (see placeIncrementally). Unconnected parts
      // (often loose nodes of an import) get less, or a model of many pairs spreads too thin to read.
      'elk.spacing.nodeNode': '110',
      'elk.spacing.componentComponent': '70',
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
  const fitZoom = Math.min(frame.width / (flow.width || 1), frame.height / (flow.height || 1));
  const order = [...(flow.children ?? [])].sort((a, b) => (a.x ?? 0) - (b.x ?? 0) || (a.y ?? 0) - (b.y ?? 0));
  const top: ElkNode =
    fitZoom >= READABLE_ZOOM
      ? flow
      : await elk.layout({
          id: 'root',
          layoutOptions: {
            'elk.algorithm': 'rectpacking',
            'elk.aspectRatio': String(frame.width / frame.height),
            // Room to grow, as in the flow above, a little tighter: packed is meant to be read whole.
            'elk.spacing.nodeNode': '100',
          },
          children: order.map(({ id, width, height }) => ({ id, width: width ?? 0, height: height ?? 0 })),
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

/**
 * Lays out `members` (layered, left to right) by the edges among them: positions relative to the
 * block's top-left, and the block's size. `framed` leaves a context frame's padding around them
 * (its name band on top) and gives the frame at least a small context's size.
 */
export async function layOutBlock(
  members: { id: string; width: number; height: number }[],
  edges: { id: string; from: string; to: string }[],
  framed: boolean,
): Promise<{ positions: Record<string, { x: number; y: number }>; width: number; height: number }> {
  const ids = new Set(members.map((m) => m.id));
  const padding = framed
    ? `[top=${FRAME_PADDING.top},left=${FRAME_PADDING.left},bottom=${FRAME_PADDING.bottom},right=${FRAME_PADDING.right}]`
    : '[top=0,left=0,bottom=0,right=0]';
  const graph: ElkNode = await elk.layout({
    id: 'block',
    layoutOptions: { ...OPTIONS, 'elk.padding': padding },
    children: members.map(({ id, width, height }) => ({ id, width, height })),
    edges: edges
      .filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to)
      .map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  });
  const positions: Record<string, { x: number; y: number }> = {};
  let right = 0;
  let bottom = 0;
  for (const child of graph.children ?? []) {
    const at = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
    positions[child.id] = at;
    right = Math.max(right, at.x + (child.width ?? 0));
    bottom = Math.max(bottom, at.y + (child.height ?? 0));
  }
  // The block holds every member whatever elk reports (a frame is never smaller than its content).
  const width = Math.ceil(Math.max(graph.width ?? 0, right + (framed ? FRAME_PADDING.right : 0)));
  const height = Math.ceil(Math.max(graph.height ?? 0, bottom + (framed ? FRAME_PADDING.bottom : 0)));
  return framed
    ? { positions, width: Math.max(260, width), height: Math.max(160, height) }
    : { positions, width, height };
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
