import { inflate, NODE_SIZE, nodeBoxes, overlaps } from '@meshplan/layout';
import type { Model, NodeKind } from '@meshplan/model';
import { useReactFlow } from '@xyflow/react';
import { useCommands } from '../store/commands.js';
import { useEditorStore } from '../store/editor.js';

/** The free spot nearest `centre` for a box of `size`: rings of places around it, nearest first. */
export function freeSpotNear(
  model: Pick<Model, 'nodes'>,
  centre: { x: number; y: number },
  size: { width: number; height: number },
  gap = 24,
): { x: number; y: number } {
  const boxes = [...nodeBoxes(model).values()];
  const free = (x: number, y: number) => {
    const around = inflate({ x, y, ...size }, gap);
    return boxes.every((box) => !overlaps(around, box));
  };
  const stepX = size.width + gap;
  const stepY = size.height + gap;
  const origin = { x: centre.x - size.width / 2, y: centre.y - size.height / 2 };
  for (let ring = 0; ring <= 12; ring++) {
    const spots: { x: number; y: number }[] = [];
    for (let i = -ring; i <= ring; i++)
      for (let j = -ring; j <= ring; j++)
        if (Math.max(Math.abs(i), Math.abs(j)) === ring)
          spots.push({ x: origin.x + i * stepX, y: origin.y + j * stepY });
    spots.sort(
      (a, b) => Math.hypot(a.x - origin.x, a.y - origin.y) - Math.hypot(b.x - origin.x, b.y - origin.y),
    );
    const spot = spots.find((p) => free(p.x, p.y));
    if (spot !== undefined) return { x: Math.round(spot.x), y: Math.round(spot.y) };
  }
  return { x: Math.round(origin.x), y: Math.round(origin.y) };
}

/**
 * Adds an element at the centre of the canvas as it is in view: the element palette's buttons and
 * the command palette's "Add …" commands. A new node goes to the free spot nearest the centre, so
 * that it is seen and hides nothing.
 */
export function useAddInView(): (kind: NodeKind | 'context') => void {
  const { screenToFlowPosition } = useReactFlow();
  const store = useEditorStore();
  const commands = useCommands();
  return (kind) => {
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const centre = screenToFlowPosition({
      x: (canvas?.left ?? 0) + (canvas?.width ?? 800) / 2,
      y: (canvas?.top ?? 0) + (canvas?.height ?? 600) / 2,
    });
    if (kind === 'context')
      commands.addContext({ x: Math.round(centre.x - 340), y: Math.round(centre.y - 150) });
    else commands.addNode(kind, freeSpotNear(store.getState().model, centre, NODE_SIZE));
  };
}
