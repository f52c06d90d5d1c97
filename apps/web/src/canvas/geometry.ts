import type { Box, Point } from '@meshplan/layout';
import { Position } from '@xyflow/react';

export type { Box, Point };

export interface Ends {
  source: Point & { side: Position };
  target: Point & { side: Position };
}

const centre = (box: Box): Point => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/**
 * Where an edge between two boxes leaves and arrives when it has no route: the middles of the two
 * sides that face each other, chosen by where the boxes lie (beside each other: left and right;
 * above each other: top and bottom). An edge then never starts behind its own box.
 */
export function facingEnds(from: Box, to: Box): Ends {
  const a = centre(from);
  const b = centre(to);
  // Compare the gaps, not the centres: wide boxes side by side are still beside each other.
  const gapX = Math.abs(b.x - a.x) - (from.width + to.width) / 2;
  const gapY = Math.abs(b.y - a.y) - (from.height + to.height) / 2;
  if (gapX >= gapY) {
    const rightward = b.x >= a.x;
    return {
      source: {
        x: rightward ? from.x + from.width : from.x,
        y: a.y,
        side: rightward ? Position.Right : Position.Left,
      },
      target: {
        x: rightward ? to.x : to.x + to.width,
        y: b.y,
        side: rightward ? Position.Left : Position.Right,
      },
    };
  }
  const downward = b.y >= a.y;
  return {
    source: {
      x: a.x,
      y: downward ? from.y + from.height : from.y,
      side: downward ? Position.Bottom : Position.Top,
    },
    target: {
      x: b.x,
      y: downward ? to.y : to.y + to.height,
      side: downward ? Position.Top : Position.Bottom,
    },
  };
}

/** An SVG path through `points` with its corners rounded (radius at most half a segment). */
export function roundedPath(points: readonly Point[], radius = 8): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  let path = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length; i++) {
    const here = rest[i] as Point;
    const before = (i === 0 ? first : rest[i - 1]) as Point;
    const after = rest[i + 1];
    if (after === undefined) {
      path += ` L${here.x},${here.y}`;
      break;
    }
    const inLength = Math.hypot(here.x - before.x, here.y - before.y);
    const outLength = Math.hypot(after.x - here.x, after.y - here.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    if (r <= 0) {
      path += ` L${here.x},${here.y}`;
      continue;
    }
    const entry = {
      x: here.x - ((here.x - before.x) / inLength) * r,
      y: here.y - ((here.y - before.y) / inLength) * r,
    };
    const exit = {
      x: here.x + ((after.x - here.x) / outLength) * r,
      y: here.y + ((after.y - here.y) / outLength) * r,
    };
    path += ` L${entry.x},${entry.y} Q${here.x},${here.y} ${exit.x},${exit.y}`;
  }
  return path;
}

/** Where a route's label goes: the middle of its longest segment, away from the boxes at its ends. */
export function labelPoint(points: readonly Point[]): Point {
  let best: Point = points[0] ?? { x: 0, y: 0 };
  let longest = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length > longest) {
      longest = length;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}

/** Whether `point` lies on the outline of `box` (within `tolerance`): a route still fits its ends. */
export function onOutline(point: Point, box: Box, tolerance = 1.5): boolean {
  const within = (v: number, low: number, high: number) => v >= low - tolerance && v <= high + tolerance;
  const near = (v: number, edge: number) => Math.abs(v - edge) <= tolerance;
  return (
    ((near(point.x, box.x) || near(point.x, box.x + box.width)) &&
      within(point.y, box.y, box.y + box.height)) ||
    ((near(point.y, box.y) || near(point.y, box.y + box.height)) && within(point.x, box.x, box.x + box.width))
  );
}
