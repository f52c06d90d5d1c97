import type { NodeKind } from '@meshplan/model';
import { useReactFlow } from '@xyflow/react';
import { useCommands } from '../store/commands.js';
import { useEditorStore } from '../store/editor.js';

/**
 * Adds an element at the centre of the canvas as it is in view: the element palette's buttons and
 * the command palette's "Add …" commands. New nodes fill a grid around the centre, so that none
 * hides another.
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
    const count = store.getState().model.nodes.length;
    const position = {
      x: Math.round(centre.x - 380 + (count % 3) * 280),
      y: Math.round(centre.y - 100 + Math.floor(count / 3) * 110),
    };
    if (kind === 'context')
      commands.addContext({ x: Math.round(centre.x - 340), y: Math.round(centre.y - 150) });
    else commands.addNode(kind, position);
  };
}
