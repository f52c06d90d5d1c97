import type { Model } from '@meshplan/model';
import { nodeBox } from './size.js';

/** An axis-aligned box: top-left corner and size, in the model's absolute coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Room inside a context frame: its name sits in the top band. */
export const FRAME_PADDING = { top: 48, left: 24, right: 24, bottom: 24 } as const;
/** Clear space kept between two nodes, and around a context placed anew, by placement. */
export const NODE_GAP = 30;
export const CONTEXT_GAP = 60;
/** Clear space a growing context keeps from its neighbours: less, so that it can grow between them. */
export const GROW_GAP = 12;

/** Whether two boxes share interior (touching edges do not overlap). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether `inner` lies wholly inside `outer` (edges may touch). */
export function contains(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/** `box` grown by `by` on every side. */
export function inflate(box: Box, by: number): Box {
  return { x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by };
}

/** The smallest box holding both. */
export function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** The smallest box holding all of `boxes` (undefined for none). */
export function bounds(boxes: Iterable<Box>): Box | undefined {
  let result: Box | undefined;
  for (const box of boxes) result = result === undefined ? { ...box } : union(result, box);
  return result;
}

/** The frame a context needs around content `inner`: the padding, with the name band on top. */
export function frameAround(inner: Box): Box {
  return {
    x: inner.x - FRAME_PADDING.left,
    y: inner.y - FRAME_PADDING.top,
    width: inner.width + FRAME_PADDING.left + FRAME_PADDING.right,
    height: inner.height + FRAME_PADDING.top + FRAME_PADDING.bottom,
  };
}

/** The part of a context frame where its nodes go. */
export function frameInterior(frame: Box): Box {
  return {
    x: frame.x + FRAME_PADDING.left,
    y: frame.y + FRAME_PADDING.top,
    width: Math.max(0, frame.width - FRAME_PADDING.left - FRAME_PADDING.right),
    height: Math.max(0, frame.height - FRAME_PADDING.top - FRAME_PADDING.bottom),
  };
}

/** Each placed node's box (`nodeBox` of its name at its position). */
export function nodeBoxes(model: Pick<Model, 'nodes'>): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const node of model.nodes) {
    if (node.position === undefined) continue;
    const { width, height } = nodeBox(node.name);
    boxes.set(node.id, { x: node.position.x, y: node.position.y, width, height });
  }
  return boxes;
}

/** Each placed context's frame (position and size). */
export function contextFrames(model: Model): Map<string, Box> {
  const frames = new Map<string, Box>();
  for (const context of model.contexts ?? [])
    if (context.position !== undefined && context.size !== undefined)
      frames.set(context.id, { ...context.position, ...context.size });
  return frames;
}

/**
 * A uniform grid of buckets over the plane: which boxes may meet a query box, without looking at
 * every box. Boxes are kept by key so that one can be replaced when it moves or grows.
 */
export class SpatialIndex {
  private readonly cells = new Map<number, Set<string>>();
  private readonly boxes = new Map<string, Box>();

  constructor(private readonly cell = 256) {}

  /** The cells a box touches, each as one number (column and row packed together). */
  private keysOf(box: Box): number[] {
    const keys: number[] = [];
    const x0 = Math.floor(box.x / this.cell);
    const x1 = Math.floor((box.x + box.width) / this.cell);
    const y0 = Math.floor(box.y / this.cell);
    const y1 = Math.floor((box.y + box.height) / this.cell);
    for (let i = x0; i <= x1; i++) for (let j = y0; j <= y1; j++) keys.push(i * 1_048_576 + j);
    return keys;
  }

  set(key: string, box: Box): void {
    this.delete(key);
    this.boxes.set(key, box);
    for (const cell of this.keysOf(box)) {
      let bucket = this.cells.get(cell);
      if (bucket === undefined) {
        bucket = new Set();
        this.cells.set(cell, bucket);
      }
      bucket.add(key);
    }
  }

  delete(key: string): void {
    const box = this.boxes.get(key);
    if (box === undefined) return;
    this.boxes.delete(key);
    for (const cell of this.keysOf(box)) this.cells.get(cell)?.delete(key);
  }

  get(key: string): Box | undefined {
    return this.boxes.get(key);
  }

  /** The keys of boxes that overlap `box` (interiors share a point). */
  search(box: Box): string[] {
    const found = new Set<string>();
    for (const cell of this.keysOf(box))
      for (const key of this.cells.get(cell) ?? [])
        if (!found.has(key) && overlaps(box, this.boxes.get(key) as Box)) found.add(key);
    return [...found];
  }

  /** Whether any box but those in `except` overlaps `box`. */
  hits(box: Box, except?: (key: string) => boolean): boolean {
    for (const cell of this.keysOf(box))
      for (const key of this.cells.get(cell) ?? [])
        if (overlaps(box, this.boxes.get(key) as Box) && !except?.(key)) return true;
    return false;
  }

  entries(): IterableIterator<[string, Box]> {
    return this.boxes.entries();
  }
}
