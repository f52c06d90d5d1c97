import { type Box, bounds, contains, union } from '@meshplan/layout';
import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';

/**
 * The part of the flow a pane of `width` × `height` shows under React Flow's `transform`
 * (`[x, y, zoom]`).
 */
export function shownRect(transform: readonly [number, number, number], width: number, height: number): Box {
  const [x, y, zoom] = transform;
  return { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
}

/** `rect` grown on every side by `factor` of its own width and height. */
function grown(rect: Box, factor: number): Box {
  const dx = rect.width * factor;
  const dy = rect.height * factor;
  return { x: rect.x - dx, y: rect.y - dy, width: rect.width + 2 * dx, height: rect.height + 2 * dy };
}

/** Whether two boxes meet: touching counts (unlike the layout's `overlaps`), as in React Flow. */
export function meets(a: Box, b: Box): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/** How far past what is shown the window reaches on each side, in shown widths and heights. */
const MARGIN = 1;
/** A window this many times the area shown (after zooming in) is drawn tighter. */
const LOOSEST = 25;

/**
 * The window to hand React Flow for what is `shown` now: `current` while it still holds what is
 * shown and is not far larger (so that panning within it changes nothing), else a new one around
 * what is shown, reaching `margin` shown widths and heights past it on each side. `loosest`: how
 * many times the area shown the window may grow to (by zooming in) before it is drawn tighter.
 */
export function nextWindow(current: Box | undefined, shown: Box, margin = MARGIN, loosest = LOOSEST): Box {
  if (
    current !== undefined &&
    contains(current, shown) &&
    current.width * current.height <= loosest * shown.width * shown.height
  )
    return current;
  return grown(shown, margin);
}

/** The geometry `nearWindow` works out, kept so that the next call can reuse what did not change. */
export interface NearWindow<N extends FlowNode, E extends FlowEdge> {
  /** What React Flow is handed. */
  nodes: N[];
  edges: E[];
  /** What it was worked out from. */
  input: { nodes: N[]; edges: E[]; window: Box | undefined; keep: ReadonlySet<string> };
  /** Each node's box in flow coordinates and whether it meets the window, by id. */
  boxes: Map<string, Box>;
  meetsWindow: boolean[];
  /** Whether each edge (by index) is near. */
  nearEdges: boolean[];
  /** Everything was handed: the window held it all (or there was none). */
  whole: boolean;
}

/**
 * The nodes and edges near a window of the canvas: what React Flow is handed. React Flow rebuilds
 * its lookups of every node and of every connection whenever either array changes (on each edit);
 * handed only what lies around the part shown, an edit costs what is near it rather than what the
 * whole model holds. Kept whatever their place: the elements in `keep` (the selection, which the
 * arrow keys move and Find and the Problems list fit the view to), the two ends of every edge kept,
 * and the parents of every node kept. An edge is near when the box around its two ends meets the
 * window (React Flow's own test of an edge's visibility). When everything is near, the arrays
 * given are returned as they are.
 *
 * `previous` (the last answer) spares the geometry when an edit did not move anything: with the
 * same window and the same selection, nodes whose place and size are unchanged and edges that are
 * the very same objects keep what was found for them (a rename, a connection drawn).
 */
export function nearWindow<N extends FlowNode, E extends FlowEdge>(
  nodes: N[],
  edges: E[],
  window: Box | undefined,
  keep: ReadonlySet<string>,
  previous?: NearWindow<N, E>,
): NearWindow<N, E> {
  const input = { nodes, edges, window, keep };
  const everything = { nodes, edges, input, boxes: new Map(), meetsWindow: [], nearEdges: [], whole: true };
  if (window === undefined) return everything;
  const last = previous?.input;
  const placesKept =
    previous !== undefined &&
    last !== undefined &&
    last.window === window &&
    last.keep === keep &&
    samePlaces(last.nodes, nodes);
  if (placesKept && previous.whole) return everything;
  if (placesKept && last.edges === edges)
    return last.nodes === nodes ? previous : { ...previous, nodes: filtered(), input };

  let boxes: Map<string, Box>;
  let meetsWindow: boolean[];
  if (placesKept) ({ boxes, meetsWindow } = previous);
  else {
    // Boxes in flow coordinates: a child's position is relative to its parent, which comes first.
    boxes = new Map<string, Box>();
    for (const node of nodes) {
      const parent = node.parentId === undefined ? undefined : boxes.get(node.parentId);
      boxes.set(node.id, {
        x: node.position.x + (parent?.x ?? 0),
        y: node.position.y + (parent?.y ?? 0),
        width: node.width ?? 0,
        height: node.height ?? 0,
      });
    }
    const all = bounds(boxes.values());
    if (all === undefined || contains(window, all)) return everything;
    meetsWindow = nodes.map((node) => {
      const box = boxes.get(node.id);
      return box !== undefined && meets(box, window);
    });
  }

  const needed = new Set<string>();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node !== undefined && (meetsWindow[i] || keep.has(node.id))) needed.add(node.id);
  }
  const nearEdges: boolean[] = [];
  const handedEdges: E[] = [];
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i] as E;
    let near: boolean;
    if (placesKept && last.edges[i] === edge) near = previous.nearEdges[i] === true;
    else {
      const from = boxes.get(edge.source);
      const to = boxes.get(edge.target);
      near = keep.has(edge.id) || (from !== undefined && to !== undefined && meets(union(from, to), window));
    }
    nearEdges.push(near);
    if (!near) continue;
    handedEdges.push(edge);
    needed.add(edge.source);
    needed.add(edge.target);
  }
  // Parents come before their children: walked backwards, a child needed brings its parent in
  // before the walk reaches it (and so on up).
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (node?.parentId !== undefined && needed.has(node.id)) needed.add(node.parentId);
  }
  return {
    nodes: nodes.filter((node) => needed.has(node.id)),
    edges: handedEdges,
    input,
    boxes,
    meetsWindow,
    nearEdges,
    whole: false,
  };

  /** The nodes handed last time, in the current array: the same ids, some of them new objects. */
  function filtered(): N[] {
    const handed = new Set(previous?.nodes.map((node) => node.id));
    return nodes.filter((node) => handed.has(node.id));
  }
}

/** Whether every node is where it was, as large as it was, under the same parent. */
function samePlaces(before: readonly FlowNode[], after: readonly FlowNode[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a === b) continue;
    if (
      a === undefined ||
      b === undefined ||
      a.id !== b.id ||
      a.parentId !== b.parentId ||
      a.position.x !== b.position.x ||
      a.position.y !== b.position.y ||
      a.width !== b.width ||
      a.height !== b.height
    )
      return false;
  }
  return true;
}
