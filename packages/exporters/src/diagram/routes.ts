import { routeEdges } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { type Box, centre, type Point } from './boxes.js';

/** Parallel edges between the same two boxes are drawn this far apart. */
const PARALLEL_GAP = 10;

/**
 * Models up to this many nodes are drawn with routed edges. Routing costs about a millisecond an
 * edge: a model of 1,000 services (3,500 edges) would take seconds, and its picture is read as a
 * map of boxes; there the edges run straight between the outlines.
 */
export const MAX_ROUTED_NODES = 600;

/**
 * The line each edge is drawn along, from the border of its source's box to the border of its
 * target's, as a list of points (the arrowhead is at the last): the router of @meshplan/layout
 * (orthogonal, around every other node, fans spread along a side; the editor draws the same), up
 * to `MAX_ROUTED_NODES`; else, and for an edge the router leaves out, a straight segment between
 * the outlines (parallel edges side by side). Edges whose ends have no box get no route.
 */
export function edgeRoutes(model: Model, boxes: ReadonlyMap<string, Box>): Record<string, Point[]> {
  const routed: Record<string, Point[]> = model.nodes.length <= MAX_ROUTED_NODES ? routeEdges(model) : {};
  const straightLines = straightRoutes(model, boxes);
  const routes: Record<string, Point[]> = {};
  for (const edge of model.edges) {
    const route = routed[edge.id] ?? straightLines[edge.id];
    if (route !== undefined) routes[edge.id] = route.map(rounded);
  }
  return routes;
}

/** Straight segments between the outlines, along the line joining the centres. */
function straightRoutes(model: Model, boxes: ReadonlyMap<string, Box>): Record<string, Point[]> {
  const routes: Record<string, Point[]> = {};
  // Edges between the same two boxes, in either direction, by unordered pair.
  const pairs = new Map<string, string[]>();
  for (const edge of model.edges) {
    if (!boxes.has(edge.from) || !boxes.has(edge.to)) continue;
    const key = edge.from < edge.to ? `${edge.from}\u0000${edge.to}` : `${edge.to}\u0000${edge.from}`;
    const ids = pairs.get(key);
    if (ids === undefined) pairs.set(key, [edge.id]);
    else ids.push(edge.id);
  }
  const offsets = new Map<string, number>();
  for (const ids of pairs.values())
    for (const [i, id] of ids.entries()) offsets.set(id, (i - (ids.length - 1) / 2) * PARALLEL_GAP);
  for (const edge of model.edges) {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    if (from === undefined || to === undefined) continue;
    const offset = offsets.get(edge.id) ?? 0;
    routes[edge.id] =
      edge.from === edge.to
        ? selfLoop(from, offset)
        : // The offset is perpendicular to the pair's line in one fixed direction (low id to high
          // id), so that an edge and its reverse do not land on each other.
          straight(from, to, edge.from < edge.to ? offset : -offset);
  }
  return routes;
}

/** The segment between two boxes' centres, shifted sideways by `offset`, cut at both outlines. */
function straight(from: Box, to: Box, offset: number): Point[] {
  const a = centre(from);
  const b = centre(to);
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return [a, b];
  const shift = { x: (-dy / length) * offset, y: (dx / length) * offset };
  const start = { x: a.x + shift.x, y: a.y + shift.y };
  const end = { x: b.x + shift.x, y: b.y + shift.y };
  // Where the segment leaves the source's box and where it enters the target's, as fractions of it.
  const leave = exitFraction(from, start, end);
  const enter = 1 - exitFraction(to, end, start);
  // Overlapping boxes: no stretch of line lies outside both; join the centres instead.
  if (leave >= enter) return [a, b];
  return [at(start, end, leave), at(start, end, enter)].map(rounded);
}

/** The fraction of the way from `inside` to `outside` at which the line crosses the box's outline. */
function exitFraction(box: Box, inside: Point, outside: Point): number {
  const dx = outside.x - inside.x;
  const dy = outside.y - inside.y;
  let t = 1;
  if (dx > 0) t = Math.min(t, (box.x + box.width - inside.x) / dx);
  if (dx < 0) t = Math.min(t, (box.x - inside.x) / dx);
  if (dy > 0) t = Math.min(t, (box.y + box.height - inside.y) / dy);
  if (dy < 0) t = Math.min(t, (box.y - inside.y) / dy);
  return Math.max(0, t);
}

function at(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/** Two decimals: the same text on every run and platform, and no visible difference. */
function rounded(p: Point): Point {
  return { x: Math.round(p.x * 100) / 100, y: Math.round(p.y * 100) / 100 };
}

/** An edge from a box to itself: out of its right side and back in above. */
function selfLoop(box: Box, offset: number): Point[] {
  const right = box.x + box.width;
  const top = box.y;
  const reach = 24 + Math.abs(offset);
  return [
    { x: right, y: top + box.height / 2 },
    { x: right + reach, y: top + box.height / 2 },
    { x: right + reach, y: top - reach },
    { x: right - box.width / 4, y: top - reach },
    { x: right - box.width / 4, y: top },
  ];
}
