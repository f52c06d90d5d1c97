import type { Model } from '@meshplan/model';
import { type Box, inflate, nodeBoxes, type Point, SpatialIndex } from './geometry.js';
import type { Routes } from './route.js';

/** Where along a piece a label may sit, best first: the middle, then towards either end. */
const ALONG = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9] as const;
/** Space kept between a label and a node box or another label. */
const LABEL_GAP = 4;

/**
 * Where each edge's label goes: the centre of a `size(edge)` box on its route (or just beside
 * it), on the longest piece that has room, where it covers no node box and no label placed
 * before it. Edges whose
 * label finds no such place get the middle of their longest piece (better over a line than lost).
 * Edges with no size (no label) are skipped.
 */
export function placeLabels(
  model: Model,
  routes: Routes,
  size: (edgeId: string) => { width: number; height: number } | undefined,
): Record<string, Point> {
  const taken = new SpatialIndex(256);
  for (const [id, box] of nodeBoxes(model)) taken.set(`node\u0000${id}`, inflate(box, LABEL_GAP));
  const placed: Record<string, Point> = {};
  for (const edge of model.edges) {
    const route = routes[edge.id];
    const label = size(edge.id);
    if (route === undefined || route.length < 2 || label === undefined) continue;
    const pieces = route
      .slice(1)
      .map((end, i) => {
        const start = route[i] as Point;
        return { start, end, length: Math.abs(end.x - start.x) + Math.abs(end.y - start.y) };
      })
      .sort((a, b) => b.length - a.length);
    const boxAt = (p: Point): Box => ({
      x: p.x - label.width / 2,
      y: p.y - label.height / 2,
      width: label.width,
      height: label.height,
    });
    let spot: Point | undefined;
    // On the line first; then just beside it (the label still touches its edge).
    const beside = [0, 1, -1];
    search: for (const side of beside)
      for (const { start, end } of pieces)
        for (const t of ALONG) {
          const horizontal = start.y === end.y;
          const p = {
            x: start.x + (end.x - start.x) * t + (horizontal ? 0 : side * (label.width / 2 + 2)),
            y: start.y + (end.y - start.y) * t + (horizontal ? side * (label.height / 2 + 2) : 0),
          };
          if (!taken.hits(boxAt(p))) {
            spot = p;
            break search;
          }
        }
    const longest = pieces[0] as { start: Point; end: Point };
    spot ??= { x: (longest.start.x + longest.end.x) / 2, y: (longest.start.y + longest.end.y) / 2 };
    spot = { x: Math.round(spot.x), y: Math.round(spot.y) };
    placed[edge.id] = spot;
    taken.set(`label\u0000${edge.id}`, inflate(boxAt(spot), LABEL_GAP));
  }
  return placed;
}

/** The box of a label of `size` centred at `centre`. */
export function labelBox(centre: Point, size: { width: number; height: number }): Box {
  return { x: centre.x - size.width / 2, y: centre.y - size.height / 2, ...size };
}
