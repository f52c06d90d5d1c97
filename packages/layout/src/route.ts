import type { Model } from '@meshplan/model';
import {
  type Box,
  contextFrames,
  inflate,
  nodeBoxes,
  overlaps,
  type Point,
  SpatialIndex,
} from './geometry.js';

/** Each edge's route: points from a side of its source box to a side of its target box. */
export type Routes = Record<string, Point[]>;

type Side = 'left' | 'right' | 'top' | 'bottom';

/** How far a route keeps from a node box it passes (its segments may run along this margin). */
const CLEARANCE = 8;
/** Lines a route may take beside a box: a little further out than the clearance. */
const LANE = 16;
/** The straight piece with which a route leaves and enters a box, square to its side. */
const STUB = 16;
/** What a bend costs, in px of length: fewer bends read better than a slightly shorter route. */
const BEND = 40;
/** Ports on one side are this far apart at most, and keep this far from the corners. */
const PORT_SPACING = 16;
const PORT_INSET = 10;
/** How many search states one route may take before it gives up on going around. */
const MAX_SEARCH = 20_000;

const OUTWARD: Record<Side, Point> = {
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
  top: { x: 0, y: -1 },
  bottom: { x: 0, y: 1 },
};

interface Port {
  point: Point;
  side: Side;
}

/** What a route must keep out of: boxes it may run along but never enter. */
interface Obstacles {
  /** The boxes that overlap `box`. */
  search(box: Box): Box[];
  /** Whether any box overlaps `box` (a point or a segment: a box with no width or height). */
  hits(box: Box): boolean;
}

/** What routing needs of a model, built once and reused for each edge routed in it. */
interface Scene {
  boxes: Map<string, Box>;
  /** Node boxes grown by the clearance: a route segment may touch these, never enter them. */
  obstacles: SpatialIndex;
  /**
   * Context frames and loose nodes, grown by the clearance: a route between two contexts goes
   * around the others' frames (so it enters and leaves frames only at its ends' contexts), which
   * is a search among a few dozen boxes instead of every node's.
   */
  coarse: SpatialIndex;
  contextOf: Map<string, string>;
  /** Each context's nodes' boxes, grown by the clearance. */
  members: Map<string, Box[]>;
  /** Each routable edge's two ports (fans spread along their side). */
  ports: Map<string, { from: Port; to: Port }>;
  edges: Map<string, { from: string; to: string }>;
}

/** Which sides an edge leaves and enters by: the pair of sides that face each other across the widest gap. */
function sidesOf(a: Box, b: Box, loop: boolean): [Side, Side] {
  if (loop) return ['right', 'top'];
  const gapX = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width));
  const gapY = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height));
  const dx = b.x + b.width / 2 - (a.x + a.width / 2);
  const dy = b.y + b.height / 2 - (a.y + a.height / 2);
  // Side by side wins ties: names are wide, so a horizontal run reads well.
  if (gapX >= gapY - 24) return dx >= 0 ? ['right', 'left'] : ['left', 'right'];
  return dy >= 0 ? ['bottom', 'top'] : ['top', 'bottom'];
}

function buildScene(model: Model): Scene {
  const boxes = nodeBoxes(model);
  const obstacles = new SpatialIndex(256);
  for (const [id, box] of boxes) obstacles.set(id, inflate(box, CLEARANCE));
  const frames = contextFrames(model);
  const contextOf = new Map<string, string>();
  for (const node of model.nodes)
    if (node.context !== undefined && frames.has(node.context)) contextOf.set(node.id, node.context);
  const coarse = new SpatialIndex(512);
  for (const [id, frame] of frames) coarse.set(`frame\u0000${id}`, inflate(frame, CLEARANCE));
  const members = new Map<string, Box[]>();
  for (const [id, box] of boxes) {
    const context = contextOf.get(id);
    if (context === undefined) coarse.set(`node\u0000${id}`, inflate(box, CLEARANCE));
    else {
      const list = members.get(context);
      if (list === undefined) members.set(context, [inflate(box, CLEARANCE)]);
      else list.push(inflate(box, CLEARANCE));
    }
  }
  const edges = new Map<string, { from: string; to: string }>();
  // Each side's ports, with the coordinate along the side of the box at the other end (to sort by).
  const bySide = new Map<string, { edge: string; end: 'from' | 'to'; along: number }[]>();
  const sides = new Map<string, [Side, Side]>();
  for (const edge of model.edges) {
    const a = boxes.get(edge.from);
    const b = boxes.get(edge.to);
    if (a === undefined || b === undefined) continue;
    edges.set(edge.id, { from: edge.from, to: edge.to });
    const pair = sidesOf(a, b, edge.from === edge.to);
    sides.set(edge.id, pair);
    const ends: ['from' | 'to', string, Side, Box][] = [
      ['from', edge.from, pair[0], b],
      ['to', edge.to, pair[1], a],
    ];
    for (const [end, node, side, other] of ends) {
      const key = `${node}\u0000${side}`;
      const along =
        side === 'left' || side === 'right' ? other.y + other.height / 2 : other.x + other.width / 2;
      let list = bySide.get(key);
      if (list === undefined) {
        list = [];
        bySide.set(key, list);
      }
      list.push({ edge: edge.id, end, along });
    }
  }
  const ports = new Map<string, { from: Port; to: Port }>();
  for (const [key, list] of bySide) {
    const [node, side] = key.split('\u0000') as [string, Side];
    const box = boxes.get(node) as Box;
    // Ordered by where the other end lies, so that a fan's routes do not cross as they leave.
    list.sort((p, q) => p.along - q.along || (p.edge < q.edge ? -1 : 1));
    const vertical = side === 'left' || side === 'right';
    const length = vertical ? box.height : box.width;
    const step = Math.min(PORT_SPACING, (length - 2 * PORT_INSET) / Math.max(1, list.length - 1));
    list.forEach((entry, i) => {
      const offset = Math.round(length / 2 + (i - (list.length - 1) / 2) * step);
      const point =
        side === 'left'
          ? { x: box.x, y: box.y + offset }
          : side === 'right'
            ? { x: box.x + box.width, y: box.y + offset }
            : side === 'top'
              ? { x: box.x + offset, y: box.y }
              : { x: box.x + offset, y: box.y + box.height };
      const pair = ports.get(entry.edge) ?? ({} as { from: Port; to: Port });
      pair[entry.end] = { point, side };
      ports.set(entry.edge, pair);
    });
  }
  return { boxes, obstacles, coarse, contextOf, members, ports, edges };
}

/** Whether the axis-parallel segment a→b enters no obstacle (running along one's border is fine). */
function clear(obstacles: Obstacles, a: Point, b: Point): boolean {
  const box = {
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(a.x - b.x),
    height: Math.abs(a.y - b.y),
  };
  // A segment is a box of no thickness: `overlaps` counts it as inside only strictly within.
  return !obstacles.hits(box);
}

function pathClear(obstacles: Obstacles, points: Point[]): boolean {
  for (let i = 1; i < points.length; i++)
    if (!clear(obstacles, points[i - 1] as Point, points[i] as Point)) return false;
  return true;
}

function cost(points: Point[]): number {
  let length = 0;
  let bends = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    length += Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
    const c = points[i + 1];
    if (c !== undefined && (a.x === b.x) !== (b.x === c.x)) bends++;
  }
  return length + BEND * bends;
}

/** Removes repeated points and the middle of three points on one line. */
function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last !== undefined && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    if (
      before !== undefined &&
      last !== undefined &&
      ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))
    )
      out.pop();
    out.push(p);
  }
  return out;
}

const step = (p: Point, side: Side, by: number): Point => ({
  x: p.x + OUTWARD[side].x * by,
  y: p.y + OUTWARD[side].y * by,
});

/**
 * The cheap shapes first: straight, one bend, or two bends through a lane between the ends (the
 * middle, or beside a box in the way). Almost every edge of a laid-out diagram takes one of these.
 */
function simpleRoute(obstacles: Obstacles, s: Point, t: Point): Point[] | undefined {
  const shapes: Point[][] = [
    [s, { x: t.x, y: s.y }, t],
    [s, { x: s.x, y: t.y }, t],
  ];
  const window = inflate(
    { x: Math.min(s.x, t.x), y: Math.min(s.y, t.y), width: Math.abs(s.x - t.x), height: Math.abs(s.y - t.y) },
    LANE * 2,
  );
  const xs = new Set([Math.round((s.x + t.x) / 2)]);
  const ys = new Set([Math.round((s.y + t.y) / 2)]);
  for (const box of obstacles.search(window)) {
    xs.add(box.x - LANE + CLEARANCE).add(box.x + box.width + LANE - CLEARANCE);
    ys.add(box.y - LANE + CLEARANCE).add(box.y + box.height + LANE - CLEARANCE);
  }
  for (const x of xs) shapes.push([s, { x, y: s.y }, { x, y: t.y }, t]);
  for (const y of ys) shapes.push([s, { x: s.x, y }, { x: t.x, y }, t]);
  // The cheapest few: where many lanes fail, the grid search does better than trying them all.
  const ranked = shapes
    .map((shape) => ({ shape, cost: cost(shape) }))
    .sort((a, b) => a.cost - b.cost)
    .slice(0, 24);
  for (const { shape } of ranked) if (pathClear(obstacles, shape)) return shape;
  return undefined;
}

/** A binary min-heap of search states keyed by their estimated total cost. */
class Heap {
  private readonly items: { key: number; state: number }[] = [];
  get size(): number {
    return this.items.length;
  }
  push(key: number, state: number): void {
    const items = this.items;
    items.push({ key, state });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as { key: number }).key <= key) break;
      [items[i], items[parent]] = [items[parent] as never, items[i] as never];
      i = parent;
    }
  }
  pop(): number {
    const items = this.items;
    const top = items[0] as { state: number };
    const last = items.pop() as { key: number; state: number };
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && (items[l] as { key: number }).key < (items[m] as { key: number }).key) m = l;
        if (r < items.length && (items[r] as { key: number }).key < (items[m] as { key: number }).key) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as never, items[i] as never];
        i = m;
      }
    }
    return top.state;
  }
}

/**
 * Orthogonal connector routing over a sparse grid (after Wybrow, Marriott and Stuckey): the lines
 * are the ends' coordinates and lanes beside each box in `window`; A* over the grid's crossings
 * that lie outside every box, with a cost per bend, finds the route with fewest bends among the
 * short ones.
 */
function gridRoute(obstacles: Obstacles, s: Point, t: Point, window: Box): Point[] | undefined {
  const xSet = new Set([s.x, t.x]);
  const ySet = new Set([s.y, t.y]);
  for (const box of obstacles.search(window)) {
    xSet.add(box.x - LANE + CLEARANCE).add(box.x + box.width + LANE - CLEARANCE);
    ySet.add(box.y - LANE + CLEARANCE).add(box.y + box.height + LANE - CLEARANCE);
  }
  const xs = [...xSet].filter((x) => x >= window.x && x <= window.x + window.width).sort((a, b) => a - b);
  const ys = [...ySet].filter((y) => y >= window.y && y <= window.y + window.height).sort((a, b) => a - b);
  const nx = xs.length;
  const ny = ys.length;
  const si = xs.indexOf(s.x);
  const sj = ys.indexOf(s.y);
  const ti = xs.indexOf(t.x);
  const tj = ys.indexOf(t.y);
  if (si < 0 || sj < 0 || ti < 0 || tj < 0) return undefined;
  const free = new Map<number, boolean>();
  const pieces = new Map<number, boolean>();
  const isFree = (i: number, j: number) => {
    const k = i * ny + j;
    let open = free.get(k);
    if (open === undefined) {
      open = !obstacles.hits({ x: xs[i] as number, y: ys[j] as number, width: 0, height: 0 });
      free.set(k, open);
    }
    return open;
  };
  const DIRS = [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ] as const;
  // A state is a crossing and the direction it was reached in (4: the start).
  const best = new Map<number, number>();
  const from = new Map<number, number>();
  const heuristic = (i: number, j: number) =>
    Math.abs((xs[i] as number) - t.x) + Math.abs((ys[j] as number) - t.y);
  const heap = new Heap();
  const start = (si * ny + sj) * 5 + 4;
  best.set(start, 0);
  heap.push(heuristic(si, sj), start);
  let goal = -1;
  // A bound on the search: a route that needs more is not worth the wait (it is drawn direct).
  for (let popped = 0; heap.size > 0 && popped < MAX_SEARCH; popped++) {
    const state = heap.pop();
    const dir = state % 5;
    const cell = (state - dir) / 5;
    const i = Math.floor(cell / ny);
    const j = cell % ny;
    const g = best.get(state) as number;
    if (i === ti && j === tj) {
      goal = state;
      break;
    }
    for (let d = 0; d < 4; d++) {
      const [di, dj] = DIRS[d] as readonly [number, number];
      // No turning back on the piece just travelled.
      if (dir !== 4 && (dir ^ 1) === d) continue;
      const ni = i + di;
      const nj = j + dj;
      if (ni < 0 || nj < 0 || ni >= nx || nj >= ny || !isFree(ni, nj)) continue;
      // Both ends clear is not enough: the piece may span a whole box between its two lanes.
      // Each piece is tested once, whichever way it is travelled (the search reaches a crossing
      // from several directions).
      const piece = Math.min(cell, ni * ny + nj) * 2 + (di === 0 ? 1 : 0);
      let open = pieces.get(piece);
      if (open === undefined) {
        open = clear(
          obstacles,
          { x: xs[i] as number, y: ys[j] as number },
          { x: xs[ni] as number, y: ys[nj] as number },
        );
        pieces.set(piece, open);
      }
      if (!open) continue;
      const next = (ni * ny + nj) * 5 + d;
      const ng =
        g +
        Math.abs((xs[i] as number) - (xs[ni] as number)) +
        Math.abs((ys[j] as number) - (ys[nj] as number)) +
        (dir !== 4 && dir !== d ? BEND : 0);
      if (ng >= (best.get(next) ?? Number.POSITIVE_INFINITY)) continue;
      best.set(next, ng);
      from.set(next, state);
      // A little weight on the estimate breaks the ties of a grid's many equally short routes
      // towards the target, instead of widening the search over all of them.
      heap.push(ng + 1.01 * heuristic(ni, nj), next);
    }
  }
  if (goal < 0) return undefined;
  const points: Point[] = [];
  for (let state: number | undefined = goal; state !== undefined; state = from.get(state)) {
    const cell = Math.floor(state / 5);
    points.push({ x: xs[Math.floor(cell / ny)] as number, y: ys[cell % ny] as number });
  }
  return points.reverse();
}

/** Every node box: the obstacles of a route that may go anywhere. */
function allNodes(scene: Scene): Obstacles {
  return {
    search: (box) => scene.obstacles.search(box).map((key) => scene.obstacles.get(key) as Box),
    hits: (box) => scene.obstacles.hits(box),
  };
}

/**
 * The obstacles of a route between nodes of contexts `a` and `b` (undefined: loose): the nodes
 * of those two contexts, and every other context's frame and every loose node as a whole.
 */
function aroundContexts(scene: Scene, a: string | undefined, b: string | undefined): Obstacles {
  const open = new Set([`frame\u0000${a}`, `frame\u0000${b}`]);
  // The two contexts' own nodes, as a list: a context holds a few dozen, and a long route's
  // window would make the index of every node walk thousands of cells to find them.
  const members = [...new Set([a, b])].flatMap((context) =>
    context === undefined ? [] : (scene.members.get(context) ?? []),
  );
  return {
    search: (box) => [
      ...scene.coarse
        .search(box)
        .filter((key) => !open.has(key))
        .map((key) => scene.coarse.get(key) as Box),
      ...members.filter((member) => overlaps(member, box)),
    ],
    hits: (box) =>
      scene.coarse.hits(box, (key) => open.has(key)) || members.some((member) => overlaps(member, box)),
  };
}

/** A route from s to t among `obstacles`: a simple shape, else a grid search in growing windows. */
function routeAmong(obstacles: Obstacles, s: Point, t: Point, windows: number): Point[] | undefined {
  // An end inside a box (a node dropped onto another): no route leaves it, so none is sought.
  if (obstacles.hits({ ...s, width: 0, height: 0 }) || obstacles.hits({ ...t, width: 0, height: 0 }))
    return undefined;
  const simple = simpleRoute(obstacles, s, t);
  if (simple !== undefined) return simple;
  let window = inflate(
    { x: Math.min(s.x, t.x), y: Math.min(s.y, t.y), width: Math.abs(s.x - t.x), height: Math.abs(s.y - t.y) },
    200,
  );
  for (let tries = 0; tries < windows; tries++) {
    const found = gridRoute(obstacles, s, t, window);
    if (found !== undefined) return found;
    window = inflate(window, Math.max(window.width, window.height));
  }
  return undefined;
}

function routeOne(scene: Scene, edgeId: string): Point[] | undefined {
  const ports = scene.ports.get(edgeId);
  const ends = scene.edges.get(edgeId);
  if (ports === undefined || ends === undefined) return undefined;
  const { from, to } = ports;
  const s = step(from.point, from.side, STUB);
  const t = step(to.point, to.side, STUB);
  const everything = allNodes(scene);
  // First around other contexts as wholes: few boxes, and routes that cross no frame but their
  // own ends'. Then, if that finds nothing (or the frames overlap), around every node.
  let middle = routeAmong(
    aroundContexts(scene, scene.contextOf.get(ends.from), scene.contextOf.get(ends.to)),
    s,
    t,
    3,
  );
  if (middle !== undefined && !pathClear(everything, middle)) middle = undefined;
  middle ??= routeAmong(everything, s, t, 2);
  // Hemmed in everywhere (ends inside other boxes): a direct route is all there is.
  middle ??= [s, { x: t.x, y: s.y }, t];
  return simplify([from.point, ...middle, to.point]);
}

/**
 * Routes every edge between placed nodes: orthogonal, from a side of its source box to a side of
 * its target box, through no other node's box; edges that share a side leave it at ports spread
 * along it, ordered by where they go.
 */
export function routeEdges(model: Model): Routes {
  const scene = buildScene(model);
  const routes: Routes = {};
  for (const id of scene.edges.keys()) {
    const route = routeOne(scene, id);
    if (route !== undefined) routes[id] = route;
  }
  return routes;
}

/**
 * Routes again only what a move can have changed: edges of the moved nodes, edges whose route
 * now crosses a moved node's box, and edges whose ports shifted (a fan on a side reordered).
 * Every other route is kept as it was.
 */
export function rerouteAround(model: Model, routes: Routes, movedIds: Iterable<string>): Routes {
  const scene = buildScene(model);
  const moved = new Set(movedIds);
  const movedBoxes = [...moved].map((id) => scene.obstacles.get(id)).filter((b) => b !== undefined);
  const next: Routes = {};
  for (const [id, ends] of scene.edges) {
    const old = routes[id];
    const ports = scene.ports.get(id);
    const stale =
      old === undefined ||
      ports === undefined ||
      moved.has(ends.from) ||
      moved.has(ends.to) ||
      !samePoint(old[0], ports.from.point) ||
      !samePoint(old[old.length - 1], ports.to.point) ||
      movedBoxes.some((box) => crosses(old, box));
    const route = stale ? routeOne(scene, id) : old;
    if (route !== undefined) next[id] = route;
  }
  return next;
}

const samePoint = (a: Point | undefined, b: Point) => a !== undefined && a.x === b.x && a.y === b.y;

/** Whether a route (axis-parallel or not) enters `box`'s interior. */
export function crosses(route: Point[], box: Box): boolean {
  for (let i = 1; i < route.length; i++)
    if (segmentEntersBox(route[i - 1] as Point, route[i] as Point, box)) return true;
  return false;
}

/** Whether segment a→b passes through the interior of `box` (Liang–Barsky clipping). */
export function segmentEntersBox(a: Point, b: Point, box: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const checks: [number, number][] = [
    [-dx, a.x - box.x],
    [dx, box.x + box.width - a.x],
    [-dy, a.y - box.y],
    [dy, box.y + box.height - a.y],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 >= t1) return false;
  }
  return t1 - t0 > 1e-9;
}
