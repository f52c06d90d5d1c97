import type { Box, Point } from './boxes.js';

/** Where along its route a label may sit, most wanted first: the middle, then further out. */
const FRACTIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85];
const CELL = 200;

/**
 * Places edge labels one after another: each at the first spot along its route whose box
 * covers no node and no label placed before it, or at the middle when no spot is free. A grid
 * of cells keeps each test to the boxes nearby (1,000 services, 4,000 labels).
 */
export class LabelPlacer {
  private readonly cells = new Map<number, Box[]>();

  constructor(obstacles: Iterable<Box>) {
    for (const box of obstacles) this.insert(box);
  }

  place(route: readonly Point[], width: number, height: number): Box {
    const lengths = cumulative(route);
    const at = (fraction: number, shift = 0): Box => {
      const centre = along(route, lengths, fraction);
      // Shifted up or down off the line, where the line itself has no free spot left.
      return { x: centre.x - width / 2, y: centre.y - height / 2 + shift, width, height };
    };
    // On the line free of nodes and labels; else beside it; else free of nodes only; else the middle.
    let chosen: Box | undefined;
    for (const [labelsToo, shift] of [
      [true, 0],
      [true, -height],
      [true, height],
      [true, -2 * height],
      [true, 2 * height],
      [false, 0],
    ] as const) {
      for (const fraction of FRACTIONS) {
        const box = at(fraction, shift);
        if (!this.covers(box, labelsToo)) {
          chosen = box;
          break;
        }
      }
      if (chosen !== undefined) break;
    }
    chosen ??= at(0.5);
    this.labels.add(chosen);
    this.insert(chosen);
    return chosen;
  }

  private readonly labels = new Set<Box>();

  private covers(box: Box, labelsToo: boolean): boolean {
    for (const key of keys(box))
      for (const other of this.cells.get(key) ?? [])
        if ((labelsToo || !this.labels.has(other)) && overlap(box, other)) return true;
    return false;
  }

  private insert(box: Box): void {
    for (const key of keys(box)) {
      const cell = this.cells.get(key);
      if (cell === undefined) this.cells.set(key, [box]);
      else cell.push(box);
    }
  }
}

/** The grid cells a box touches, each as one number (diagrams span far less than 2^20 cells a side). */
function keys(box: Box): number[] {
  const result: number[] = [];
  for (let cx = Math.floor(box.x / CELL); cx <= Math.floor((box.x + box.width) / CELL); cx++)
    for (let cy = Math.floor(box.y / CELL); cy <= Math.floor((box.y + box.height) / CELL); cy++)
      result.push(cx * 1_048_576 + cy);
  return result;
}

/** Whether two boxes overlap, with a pixel of air kept between them. */
function overlap(a: Box, b: Box): boolean {
  return (
    a.x < b.x + b.width + 1 && b.x < a.x + a.width + 1 && a.y < b.y + b.height + 1 && b.y < a.y + a.height + 1
  );
}

function cumulative(route: readonly Point[]): number[] {
  const lengths = [0];
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1] as Point;
    const b = route[i] as Point;
    lengths.push((lengths[i - 1] ?? 0) + Math.hypot(b.x - a.x, b.y - a.y));
  }
  return lengths;
}

/** The point `fraction` of the way along a polyline. */
export function along(route: readonly Point[], lengths: readonly number[], fraction: number): Point {
  const target = (lengths.at(-1) ?? 0) * fraction;
  for (let i = 1; i < route.length; i++) {
    const end = lengths[i] ?? 0;
    if (end >= target) {
      const a = route[i - 1] as Point;
      const b = route[i] as Point;
      const start = lengths[i - 1] ?? 0;
      const t = end === start ? 0 : (target - start) / (end - start);
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    }
  }
  return route[0] ?? { x: 0, y: 0 };
}
