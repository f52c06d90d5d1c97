import type { Model } from '@meshplan/model';
import { type Box, contextFrames, nodeBoxes, overlaps } from './geometry.js';
import type { LayoutResult } from './layered.js';
import { placeIncrementally } from './place.js';

/**
 * Whether an element is pinned: `"pinned": true` on a node or a context, a Meshplan extension the
 * format keeps like any unknown field. Auto-layout leaves a pinned element where it is (a pinned
 * context with its members and its size).
 */
export function isPinned(element: object): boolean {
  return (element as { pinned?: unknown }).pinned === true;
}

/** Ids of what Auto-layout must not move: pinned nodes, pinned contexts and their members. */
export function pinnedIds(model: Model): Set<string> {
  const pinned = new Set<string>();
  for (const context of model.contexts ?? []) if (isPinned(context)) pinned.add(context.id);
  for (const node of model.nodes)
    if (isPinned(node) || (node.context !== undefined && pinned.has(node.context))) pinned.add(node.id);
  return pinned;
}

/**
 * A full layout's result with every pinned element left where it is. What the layout put on a
 * pinned element (a node over a pinned node, a context over a pinned context's frame) is placed
 * again in free space (`placeIncrementally`), so nothing overlaps and nothing pinned moves.
 */
export function keepPinned(model: Model, layout: LayoutResult): LayoutResult {
  const pinned = pinnedIds(model);
  if (pinned.size === 0) return layout;
  const positions = { ...layout.positions };
  const sizes = { ...layout.sizes };
  for (const id of pinned) {
    delete positions[id];
    delete sizes[id];
  }
  // The model as laid out, pinned elements where they were.
  const after: Model = {
    ...model,
    nodes: model.nodes.map((node) => {
      const position = positions[node.id];
      return position === undefined ? node : { ...node, position };
    }),
    contexts: (model.contexts ?? []).map((context) => {
      const position = positions[context.id];
      const size = sizes[context.id];
      return {
        ...context,
        ...(position === undefined ? {} : { position }),
        ...(size === undefined ? {} : { size }),
      };
    }),
  };
  const nodes = nodeBoxes(after);
  const frames = contextFrames(after);
  const taken: Box[] = [];
  for (const id of pinned) {
    const box = nodes.get(id) ?? frames.get(id);
    if (box !== undefined) taken.push(box);
  }
  const onPinned = (box: Box | undefined) => box !== undefined && taken.some((t) => overlaps(t, box));
  // Contexts that landed on something pinned go again, with their members; then loose nodes.
  const again = new Set<string>();
  for (const context of after.contexts ?? [])
    if (!pinned.has(context.id) && onPinned(frames.get(context.id))) again.add(context.id);
  for (const node of after.nodes) {
    if (pinned.has(node.id)) continue;
    const inMovedContext = node.context !== undefined && again.has(node.context);
    if (inMovedContext || onPinned(nodes.get(node.id))) again.add(node.id);
  }
  if (again.size === 0) return { positions, sizes };
  const holes: Model = {
    ...after,
    nodes: after.nodes.map((node) => {
      if (!again.has(node.id)) return node;
      const { position: _position, ...rest } = node;
      return rest as typeof node;
    }),
    contexts: (after.contexts ?? []).map((context) => {
      if (!again.has(context.id)) return context;
      const { position: _position, size: _size, ...rest } = context;
      return rest as typeof context;
    }),
  };
  const placed = placeIncrementally(holes);
  return {
    positions: { ...positions, ...placed.positions },
    sizes: { ...sizes, ...placed.sizes },
  };
}
