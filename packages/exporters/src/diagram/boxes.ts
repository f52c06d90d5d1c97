import { CONTEXT_SIZE, type NodeBox, nodeBox } from '@meshplan/layout';
import type { Model } from '@meshplan/model';

/** A rectangle in diagram coordinates: top-left corner and size, as the model stores them. */
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

/**
 * Where every positioned node and context is drawn: a node's box is `nodeBox(name)` at its
 * position (the same box as on the canvas and in the layout), a context's is its position and
 * size. Elements without a position have no box (lay the model out first: `positioned`).
 */
export function diagramBoxes(model: Model, measure: (name: string) => NodeBox = nodeBox): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const context of model.contexts ?? []) {
    if (context.position === undefined) continue;
    const size = context.size ?? CONTEXT_SIZE;
    boxes.set(context.id, { ...point(context.position), width: size.width, height: size.height });
  }
  for (const node of model.nodes) {
    if (node.position === undefined) continue;
    const { width, height } = measure(node.name);
    boxes.set(node.id, { ...point(node.position), width, height });
  }
  return boxes;
}

function point(position: Point): Point {
  return { x: position.x, y: position.y };
}

export function centre(box: Box): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
