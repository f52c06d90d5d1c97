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
function meets(a: Box, b: Box): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/** How far past what is shown the window reaches on each side, in shown widths and heights. */
const MARGIN = 1;
/** A window this many times the area shown (after zooming in) is drawn tighter. */
const LOOSEST = 25;

/**
 * The window to hand React Flow for what is `shown` now: `current` while it still holds what is
 * shown and is not far larger (so that panning within it changes nothing), else a new one around
 * what is shown.
 */
export function nextWindow(current: Box | undefined, shown: Box): Box {
  if (
    current !== undefined &&
    contains(current, shown) &&
    current.width * current.height <= LOOSEST * shown.width * shown.height
  )
    return current;
  return grown(shown, MARGIN);
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
 */
export function nearWindow<N extends FlowNode, E extends FlowEdge>(
  nodes: N[],
  edges: E[],
  window: Box | undefined,
  keep: ReadonlySet<string>,
): { nodes: N[]; edges: E[] } {
  if (window === undefined) return { nodes, edges };
  // Boxes in flow coordinates: a child's position is relative to its parent, which comes first.
  const boxes = new Map<string, Box>();
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
  if (all === undefined || contains(window, all)) return { nodes, edges };

  const needed = new Set<string>();
  for (const [id, box] of boxes) if (meets(box, window) || keep.has(id)) needed.add(id);
  const nearEdges: E[] = [];
  for (const edge of edges) {
    const from = boxes.get(edge.source);
    const to = boxes.get(edge.target);
    const near =
      keep.has(edge.id) || (from !== undefined && to !== undefined && meets(union(from, to), window));
    if (!near) continue;
    nearEdges.push(edge);
    needed.add(edge.source);
    needed.add(edge.target);
  }
  // Parents come before their children: walked backwards, a child needed brings its parent in
  // before the walk reaches it (and so on up).
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (node?.parentId !== undefined && needed.has(node.id)) needed.add(node.parentId);
  }
  return { nodes: nodes.filter((node) => needed.has(node.id)), edges: nearEdges };
}
