import type { Model } from '@meshplan/model';
import {
  type Box,
  bounds,
  CONTEXT_GAP,
  contains,
  contextFrames,
  frameAround,
  frameInterior,
  GROW_GAP,
  inflate,
  NODE_GAP,
  nodeBoxes,
  SpatialIndex,
  union,
} from './geometry.js';
import { CONTEXT_SIZE, type LayoutResult, layOut, layOutBlock, layoutRequest } from './layered.js';
import { nodeBox } from './size.js';

/**
 * Places what has no position without moving anything that has one. A model where nothing is
 * placed gets the full layered layout instead, shaped to be read in `frame` (see `layOut`);
 * otherwise see `placeIncrementally`.
 */
export async function placeUnplaced(
  model: Model,
  frame?: { width: number; height: number },
): Promise<LayoutResult> {
  const anyPlaced =
    model.nodes.some((n) => n.position !== undefined) ||
    (model.contexts ?? []).some((c) => c.position !== undefined);
  if (!anyPlaced) return layOut({ ...layoutRequest(model), ...(frame === undefined ? {} : { frame }) });
  return placeIncrementally(model);
}

/** Whether a model has elements without a position (or contexts without a size). */
export function hasUnplaced(model: Model): boolean {
  return (
    model.nodes.some((n) => n.position === undefined) ||
    (model.contexts ?? []).some((c) => c.position === undefined || c.size === undefined)
  );
}

/** What a placement costs on top of its distance from where it should be: growing a context. */
const GROWTH_COST = 160;

/**
 * The placed part of a diagram, indexed: node boxes and context frames, and which node is in which
 * context. New elements are placed into it one at a time, each one's box then an obstacle for
 * the next.
 */
class World {
  readonly nodes = new SpatialIndex();
  readonly frames = new SpatialIndex(512);
  readonly contextOf = new Map<string, string>();
  readonly members = new Map<string, Set<string>>();
  /** Contexts whose frame was set or changed here: their position and size go into the result. */
  readonly changedFrames = new Set<string>();
  readonly placedNodes = new Set<string>();
  /** Contexts hemmed in on every side that had to grow over a neighbour (nothing placed may move). */
  readonly crowded = new Set<string>();

  addNode(id: string, box: Box, context?: string): void {
    this.nodes.set(id, box);
    if (context === undefined) return;
    this.contextOf.set(id, context);
    let set = this.members.get(context);
    if (set === undefined) {
      set = new Set();
      this.members.set(context, set);
    }
    set.add(id);
  }

  /** The extent of everything placed. */
  extent(): Box | undefined {
    return bounds([
      ...[...this.nodes.entries()].map(([, b]) => b),
      ...[...this.frames.entries()].map(([, b]) => b),
    ]);
  }

  /** Whether a box at the top level (a loose node, a whole context) is clear of everything. */
  freeAtTop(box: Box, gap: number): boolean {
    return !this.frames.hits(inflate(box, gap - 1)) && !this.nodes.hits(inflate(box, NODE_GAP - 1));
  }

  /**
   * What placing node box `box` in `context` costs beyond distance: 0 inside the frame, the
   * growth cost if the frame must grow to hold it, undefined if it cannot go there (it overlaps
   * a node, or the grown frame would cover another context or a node not its own).
   */
  inContext(box: Box, context: string): { cost: number; frame: Box } | undefined {
    if (this.nodes.hits(inflate(box, NODE_GAP - 1))) return undefined;
    const frame = this.frames.get(context) as Box;
    if (contains(frameInterior(frame), box)) return { cost: 0, frame };
    const grown = union(frame, frameAround(box));
    if (this.frames.hits(inflate(grown, GROW_GAP), (key) => key === context)) return undefined;
    const own = this.members.get(context);
    if (this.nodes.hits(grown, (key) => own?.has(key) === true)) return undefined;
    const added = grown.width * grown.height - frame.width * frame.height;
    return { cost: GROWTH_COST + Math.sqrt(added), frame: grown };
  }

  /** As `inContext`, for a context hemmed in: the grown frame may cover other frames, at a cost per area covered. */
  forcedInContext(box: Box, context: string): { cost: number; frame: Box } | undefined {
    if (this.nodes.hits(inflate(box, NODE_GAP - 1))) return undefined;
    const frame = this.frames.get(context) as Box;
    const grown = union(frame, frameAround(box));
    const own = this.members.get(context);
    if (this.nodes.hits(grown, (key) => own?.has(key) === true)) return undefined;
    let covered = 0;
    for (const key of this.frames.search(grown)) {
      if (key === context) continue;
      const other = this.frames.get(key) as Box;
      const w = Math.min(grown.x + grown.width, other.x + other.width) - Math.max(grown.x, other.x);
      const h = Math.min(grown.y + grown.height, other.y + other.height) - Math.max(grown.y, other.y);
      covered += Math.max(0, w) * Math.max(0, h);
    }
    const added = grown.width * grown.height - frame.width * frame.height;
    return { cost: GROWTH_COST + Math.sqrt(added) + 20 * Math.sqrt(covered), frame: grown };
  }
}

/** Positions beside each of `around` (right, below, left, above; aligned and centred) for a w×h box. */
function besides(around: Iterable<Box>, width: number, height: number, gap: number): Box[] {
  const out: Box[] = [];
  for (const r of around) {
    const cy = Math.round(r.y + r.height / 2 - height / 2);
    const cx = Math.round(r.x + r.width / 2 - width / 2);
    const right = r.x + r.width + gap;
    const left = r.x - gap - width;
    const below = r.y + r.height + gap;
    const above = r.y - gap - height;
    out.push(
      { x: right, y: r.y, width, height },
      { x: right, y: cy, width, height },
      { x: r.x, y: below, width, height },
      { x: cx, y: below, width, height },
      { x: left, y: r.y, width, height },
      { x: left, y: cy, width, height },
      { x: r.x, y: above, width, height },
      { x: cx, y: above, width, height },
    );
  }
  return out;
}

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.hypot(a.x - b.x, a.y - b.y);

/** The point a new element should be near: the middle of the boxes it connects to. */
function anchorOf(boxes: Box[], fallback: Box): { x: number; y: number } {
  if (boxes.length === 0) return centre(fallback);
  let x = 0;
  let y = 0;
  for (const b of boxes) {
    const c = centre(b);
    x += c.x;
    y += c.y;
  }
  return { x: x / boxes.length, y: y / boxes.length };
}

/** Evenly spaced positions of a w×h box inside `area`, at most about `count` of them. */
function lattice(area: Box, width: number, height: number, count: number): Box[] {
  const spanX = area.width - width;
  const spanY = area.height - height;
  if (spanX < 0 || spanY < 0) return [];
  const step = Math.max(20, Math.sqrt(((spanX + 1) * (spanY + 1)) / count));
  const out: Box[] = [];
  for (let y = area.y; y <= area.y + spanY; y += step)
    for (let x = area.x; x <= area.x + spanX; x += step)
      out.push({ x: Math.round(x), y: Math.round(y), width, height });
  return out;
}

/**
 * Places each node and context of `model` that has no position, leaving every placed one where
 * it is: a node inside its context, beside what it connects to, overlapping nothing, growing the
 * context's frame (never moving its children; never onto another context) where it does not fit;
 * a context without a position, with its members, in free space beside what it connects to.
 * Returns positions of what was placed and positions and sizes of contexts that were set or grew.
 */
export function placeIncrementally(model: Model): LayoutResult {
  const world = new World();
  const contextIds = new Set((model.contexts ?? []).map((c) => c.id));
  const contextOfNode = new Map<string, string>();
  for (const n of model.nodes)
    if (n.context !== undefined && contextIds.has(n.context)) contextOfNode.set(n.id, n.context);
  const neighbours = new Map<string, string[]>();
  for (const e of model.edges) {
    if (e.from === e.to) continue;
    for (const [a, b] of [
      [e.from, e.to],
      [e.to, e.from],
    ] as const) {
      const list = neighbours.get(a);
      if (list === undefined) neighbours.set(a, [b]);
      else list.push(b);
    }
  }
  const sizeOf = new Map(model.nodes.map((n) => [n.id, nodeBox(n.name)]));
  const placed = nodeBoxes(model);
  for (const [id, box] of placed) world.addNode(id, box, contextOfNode.get(id));
  for (const [id, frame] of contextFrames(model)) world.frames.set(id, frame);
  const result: LayoutResult = { positions: {}, sizes: {} };

  // Contexts with a position but no size, or with placed members but no position: the frame
  // around what is there (placed nodes never move, so the frame must hold them).
  for (const context of model.contexts ?? []) {
    if (world.frames.get(context.id) !== undefined) continue;
    const memberBoxes = [...(world.members.get(context.id) ?? [])].map((id) => world.nodes.get(id) as Box);
    const around = bounds(memberBoxes);
    if (context.position !== undefined) {
      const size = context.size ?? CONTEXT_SIZE;
      const frame =
        around === undefined
          ? { ...context.position, ...size }
          : union({ ...context.position, ...size }, frameAround(around));
      world.frames.set(context.id, frame);
      world.changedFrames.add(context.id);
    } else if (around !== undefined) {
      world.frames.set(context.id, frameAround(around));
      world.changedFrames.add(context.id);
    }
  }

  // Contexts with nothing placed: their members are arranged in a frame of their own, and the
  // frame goes into free space beside what its members connect to.
  for (const context of model.contexts ?? []) {
    if (world.frames.get(context.id) !== undefined) continue;
    const inner = model.nodes.filter((n) => contextOfNode.get(n.id) === context.id).map((n) => n.id);
    const local = new World();
    local.frames.set(context.id, { x: 0, y: 0, ...(context.size ?? CONTEXT_SIZE) });
    const innerSet = new Set(inner);
    for (const id of orderForPlacement(inner, neighbours, (other) => local.nodes.get(other) !== undefined))
      placeNode(
        local,
        id,
        context.id,
        sizeOf.get(id) as { width: number; height: number },
        neighbours.get(id)?.filter((n) => innerSet.has(n)) ?? [],
      );
    const frame = local.frames.get(context.id) as Box;
    const anchors = inner.flatMap((id) =>
      (neighbours.get(id) ?? [])
        .filter((n) => !innerSet.has(n))
        .map((n) => topLevelBoxOf(world, n))
        .filter((b) => b !== undefined),
    );
    const spot = findAtTop(world, frame.width, frame.height, anchors, CONTEXT_GAP);
    const dx = spot.x - frame.x;
    const dy = spot.y - frame.y;
    world.frames.set(context.id, spot);
    world.changedFrames.add(context.id);
    for (const id of inner) {
      const box = local.nodes.get(id) as Box;
      const moved = { ...box, x: box.x + dx, y: box.y + dy };
      world.addNode(id, moved, context.id);
      world.placedNodes.add(id);
    }
  }

  // The remaining nodes: those next to placed ones first, so each has something to be beside; those
  // in contexts before loose ones, which would otherwise take the room a context needs to grow.
  const unplaced = model.nodes.filter((n) => world.nodes.get(n.id) === undefined).map((n) => n.id);
  const order = orderForPlacement(unplaced, neighbours, (other) => world.nodes.get(other) !== undefined);
  const contextsFirst = [
    ...order.filter((id) => contextOfNode.has(id)),
    ...order.filter((id) => !contextOfNode.has(id)),
  ];
  for (const id of contextsFirst) {
    const context = contextOfNode.get(id);
    const size = sizeOf.get(id) as { width: number; height: number };
    if (context !== undefined) placeNode(world, id, context, size, neighbours.get(id) ?? []);
    else {
      const anchors = (neighbours.get(id) ?? [])
        .map((n) => world.nodes.get(n))
        .filter((b) => b !== undefined);
      const spot = findAtTop(world, size.width, size.height, anchors, CONTEXT_GAP);
      world.addNode(id, spot);
      world.placedNodes.add(id);
    }
  }

  for (const id of world.placedNodes) {
    const box = world.nodes.get(id) as Box;
    result.positions[id] = { x: Math.round(box.x), y: Math.round(box.y) };
  }
  for (const id of world.changedFrames) {
    const frame = world.frames.get(id) as Box;
    result.positions[id] = { x: Math.round(frame.x), y: Math.round(frame.y) };
    result.sizes[id] = { width: Math.round(frame.width), height: Math.round(frame.height) };
  }
  if (world.crowded.size > 0) result.crowded = [...world.crowded];
  return result;
}

/** The box a top-level placement should be beside for node `id`: its context's frame, or itself. */
function topLevelBoxOf(world: World, id: string): Box | undefined {
  const context = world.contextOf.get(id);
  return context !== undefined ? world.frames.get(context) : world.nodes.get(id);
}

/** `ids` in breadth-first order from what is already placed, then the rest as they came. */
function orderForPlacement(
  ids: string[],
  neighbours: Map<string, string[]>,
  isPlaced: (id: string) => boolean,
): string[] {
  const pending = new Set(ids);
  const order: string[] = [];
  const queue = ids.filter((id) => (neighbours.get(id) ?? []).some(isPlaced));
  for (const id of queue) pending.delete(id);
  const take = (seed: string[]) => {
    for (let i = 0; i < seed.length; i++) {
      const id = seed[i] as string;
      order.push(id);
      for (const next of neighbours.get(id) ?? []) if (pending.delete(next)) seed.push(next);
    }
  };
  take(queue);
  for (const id of ids) if (pending.delete(id)) take([id]);
  return order;
}

/** Places node `id` (w×h) in `context` of `world`: the cheapest free spot, growing the frame if it must. */
function placeNode(
  world: World,
  id: string,
  context: string,
  size: { width: number; height: number },
  links: string[],
): void {
  const frame = world.frames.get(context) as Box;
  const interior = frameInterior(frame);
  const linked = links.map((n) => world.nodes.get(n)).filter((b) => b !== undefined);
  const own = links
    .filter((n) => world.contextOf.get(n) === context)
    .map((n) => world.nodes.get(n))
    .filter((b) => b !== undefined);
  const anchor = anchorOf(
    own.length > 0 ? own : linked,
    own.length > 0 || linked.length > 0 ? frame : interior,
  );
  const best = spotInContext(world, context, size, anchor, own);
  world.addNode(id, best.box, context);
  world.placedNodes.add(id);
  if (best.frame !== frame) {
    world.frames.set(context, best.frame);
    world.changedFrames.add(context);
  }
}

/** The free spot at the top level nearest to `anchors` for a w×h box (a loose node or a context). */
function findAtTop(world: World, width: number, height: number, anchors: Box[], gap: number): Box {
  const extent = world.extent();
  if (extent === undefined) return { x: 0, y: 0, width, height };
  const anchor = anchorOf(anchors, extent);
  const near = inflate({ x: anchor.x, y: anchor.y, width: 0, height: 0 }, 1200);
  const obstacles = [
    ...world.frames.search(near).map((k) => world.frames.get(k) as Box),
    ...world.nodes
      .search(near)
      .filter((k) => !world.contextOf.has(k))
      .map((k) => world.nodes.get(k) as Box),
  ];
  const candidates = [
    ...besides(anchors, width, height, gap),
    ...besides(obstacles, width, height, gap),
    // Always free: right of everything at the anchor's height, below everything at its x.
    { x: extent.x + extent.width + gap, y: Math.round(anchor.y - height / 2), width, height },
    { x: Math.round(anchor.x - width / 2), y: extent.y + extent.height + gap, width, height },
  ];
  let best: Box | undefined;
  // Nearest first: the first free spot is the best.
  const byDistance = candidates
    .map((box) => ({ box, near: distance(centre(box), anchor) }))
    .sort((a, b) => a.near - b.near);
  for (const { box } of byDistance)
    if (world.freeAtTop(box, gap)) {
      best = box;
      break;
    }
  return best ?? { x: extent.x + extent.width + gap, y: extent.y, width, height };
}

/**
 * The cheapest spot for a w×h box in `context`: inside its frame if there is room, else where the
 * frame can grow without covering a neighbour, nearest `anchor` (beside the boxes `near`, or
 * at one of the `preferred` spots). A context hemmed in on every side grows where it covers least.
 */
function spotInContext(
  world: World,
  context: string,
  size: { width: number; height: number },
  anchor: { x: number; y: number },
  near: Box[],
  preferred: Box[] = [],
): { box: Box; frame: Box } {
  const frame = world.frames.get(context) as Box;
  const interior = frameInterior(frame);
  const members = [...(world.members.get(context) ?? [])].map((m) => world.nodes.get(m) as Box);
  const { width, height } = size;
  const candidates = [
    ...preferred,
    ...besides(near.length > 0 ? near : members, width, height, NODE_GAP),
    ...(near.length > 0 ? besides(members, width, height, NODE_GAP) : []),
    ...lattice(interior, width, height, 400),
    { x: interior.x, y: interior.y, width, height },
    // Growing: just outside the interior, on each side, at the anchor's height or width.
    { x: interior.x + interior.width + NODE_GAP / 2, y: Math.round(anchor.y - height / 2), width, height },
    { x: interior.x - NODE_GAP / 2 - width, y: Math.round(anchor.y - height / 2), width, height },
    { x: Math.round(anchor.x - width / 2), y: interior.y + interior.height + NODE_GAP / 2, width, height },
    { x: interior.x + interior.width + NODE_GAP / 2, y: interior.y, width, height },
    { x: interior.x, y: interior.y + interior.height + NODE_GAP / 2, width, height },
  ];
  let best: { box: Box; frame: Box; cost: number } | undefined;
  // Nearest first: a spot costs at least its distance, so once that passes the best cost found,
  // no later spot can beat it.
  const byDistance = candidates
    .map((box) => ({ box, near: distance(centre(box), anchor) }))
    .sort((a, b) => a.near - b.near);
  for (const { box, near } of byDistance) {
    if (best !== undefined && near >= best.cost) break;
    const fit = world.inContext(box, context);
    if (fit === undefined) continue;
    const cost = near + fit.cost;
    if (best === undefined || cost < best.cost) best = { box, frame: fit.frame, cost };
  }
  if (best === undefined) {
    // Hemmed in: every way the frame could grow covers a neighbour. Nothing placed may move, so
    // the frame grows where it covers the least of other contexts (and no node of theirs).
    const more = [...candidates, ...besides(members, width, height, NODE_GAP * 4)];
    for (const box of more) {
      const fit = world.forcedInContext(box, context);
      if (fit === undefined) continue;
      const cost = distance(centre(box), anchor) + fit.cost;
      if (best === undefined || cost < best.cost) best = { box, frame: fit.frame, cost };
    }
    world.crowded.add(context);
  }
  if (best === undefined) {
    // Not even that: below everything the context holds.
    const below = bounds(members) ?? interior;
    const box = {
      x: interior.x,
      y: Math.max(interior.y + interior.height, below.y + below.height) + NODE_GAP,
      width,
      height,
    };
    best = { box, frame: union(frame, frameAround(box)), cost: 0 };
  }
  return best;
}

/**
 * Tidies part of a diagram and leaves the rest where it is: a selected context is laid out anew
 * (layered) in its frame, which keeps its place and may grow, or shrink, as long as it covers no
 * neighbour (else it keeps a corner that lets it, else it moves to free space); selected nodes
 * are laid out among themselves as a block kept where they were, inside their context, growing it
 * like a new node would. Returns the new positions and the contexts' new frames.
 */
export async function tidy(model: Model, ids: Iterable<string>): Promise<LayoutResult> {
  const selected = new Set(ids);
  const contextIds = new Set((model.contexts ?? []).map((c) => c.id));
  const contextOf = (node: Model['nodes'][number]) =>
    node.context !== undefined && contextIds.has(node.context) ? node.context : undefined;
  const boxes = nodeBoxes(model);
  const frames = contextFrames(model);
  const edges = model.edges.map((e) => ({ id: e.id, from: e.from, to: e.to }));
  const result: LayoutResult = { positions: {}, sizes: {} };
  /** Everything placed but `leaving` (nodes and contexts being tidied). */
  const worldWithout = (leaving: Set<string>) => {
    const world = new World();
    for (const node of model.nodes) {
      const box = boxes.get(node.id);
      if (box !== undefined && !leaving.has(node.id)) world.addNode(node.id, box, contextOf(node));
    }
    for (const [id, frame] of frames) if (!leaving.has(id)) world.frames.set(id, frame);
    return world;
  };

  for (const context of model.contexts ?? []) {
    if (!selected.has(context.id)) continue;
    const members = model.nodes.filter((n) => contextOf(n) === context.id);
    const block = await layOutBlock(
      members.map((n) => ({ id: n.id, ...nodeBox(n.name) })),
      edges,
      true,
    );
    const world = worldWithout(new Set([context.id, ...members.map((n) => n.id)]));
    const old =
      frames.get(context.id) ?? bounds(members.map((n) => boxes.get(n.id)).filter((b) => b !== undefined));
    const { width, height } = block;
    const corners =
      old === undefined
        ? []
        : [
            { x: old.x, y: old.y, width, height },
            { x: old.x + old.width - width, y: old.y, width, height },
            { x: old.x, y: old.y + old.height - height, width, height },
            { x: old.x + old.width - width, y: old.y + old.height - height, width, height },
          ];
    const frame =
      corners.find((box) => world.freeAtTop(box, GROW_GAP + 1)) ??
      findAtTop(world, width, height, old === undefined ? [] : [old], CONTEXT_GAP);
    result.positions[context.id] = { x: Math.round(frame.x), y: Math.round(frame.y) };
    result.sizes[context.id] = { width, height };
    for (const node of members) {
      const at = block.positions[node.id] ?? { x: 0, y: 0 };
      result.positions[node.id] = { x: Math.round(frame.x + at.x), y: Math.round(frame.y + at.y) };
    }
    frames.set(context.id, { ...frame, width, height });
    for (const node of members) {
      const at = result.positions[node.id] as { x: number; y: number };
      boxes.set(node.id, { ...at, ...nodeBox(node.name) });
    }
  }

  // Selected nodes (not in a selected context), one group per context and one of loose nodes.
  const groups = new Map<string | undefined, Model['nodes']>();
  for (const node of model.nodes) {
    const context = contextOf(node);
    if (!selected.has(node.id) || (context !== undefined && selected.has(context))) continue;
    groups.set(context, [...(groups.get(context) ?? []), node]);
  }
  for (const [context, group] of groups) {
    const block = await layOutBlock(
      group.map((n) => ({ id: n.id, ...nodeBox(n.name) })),
      edges,
      false,
    );
    const world = worldWithout(new Set(group.map((n) => n.id)));
    const old = bounds(group.map((n) => boxes.get(n.id)).filter((b) => b !== undefined));
    const { width, height } = block;
    let spot: Box;
    if (context !== undefined && world.frames.get(context) !== undefined) {
      const frame = world.frames.get(context) as Box;
      const preferred = old === undefined ? [] : [{ x: old.x, y: old.y, width, height }];
      const anchor =
        old === undefined ? centre(frameInterior(frame)) : { x: old.x + width / 2, y: old.y + height / 2 };
      const found = spotInContext(world, context, { width, height }, anchor, [], preferred);
      spot = found.box;
      if (found.frame !== frame) {
        result.positions[context] = { x: Math.round(found.frame.x), y: Math.round(found.frame.y) };
        result.sizes[context] = {
          width: Math.round(found.frame.width),
          height: Math.round(found.frame.height),
        };
      }
    } else {
      const preferred = old === undefined ? undefined : { x: old.x, y: old.y, width, height };
      spot =
        preferred !== undefined && world.freeAtTop(preferred, NODE_GAP)
          ? preferred
          : findAtTop(world, width, height, old === undefined ? [] : [old], NODE_GAP);
    }
    for (const node of group) {
      const at = block.positions[node.id] ?? { x: 0, y: 0 };
      result.positions[node.id] = { x: Math.round(spot.x + at.x), y: Math.round(spot.y + at.y) };
    }
  }
  return result;
}

/**
 * Grows the contexts of nodes `ids` (dropped, pasted, moved into them) so that each frame holds
 * its nodes with their padding. A frame only grows, keeping the rest of what it holds in place.
 * Returns the grown contexts' positions and sizes.
 */
export function fitContexts(model: Model, ids: Iterable<string>): LayoutResult {
  const wanted = new Set(ids);
  const frames = contextFrames(model);
  const grown = new Set<string>();
  for (const [id, box] of nodeBoxes(model)) {
    if (!wanted.has(id)) continue;
    const context = model.nodes.find((n) => n.id === id)?.context;
    const frame = context === undefined ? undefined : frames.get(context);
    if (context === undefined || frame === undefined || contains(frameInterior(frame), box)) continue;
    frames.set(context, union(frame, frameAround(box)));
    grown.add(context);
  }
  const result: LayoutResult = { positions: {}, sizes: {} };
  for (const id of grown) {
    const frame = frames.get(id) as Box;
    result.positions[id] = { x: Math.round(frame.x), y: Math.round(frame.y) };
    result.sizes[id] = { width: Math.round(frame.width), height: Math.round(frame.height) };
  }
  return result;
}
