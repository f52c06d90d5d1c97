import { nodeBox, openedView, viewScene } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { ViewportPortal } from '@xyflow/react';
import type { Thread } from '../api/client.js';
import { useDrawnModel, useEditor, useEditorStore } from '../store/editor.js';

/**
 * A pin for each open comment thread: at its point of the canvas, or at the top right corner of
 * its element. Choosing one opens the thread in the side panel.
 */
export function CommentPins() {
  const threads = useEditor((s) => s.pins.threads);
  // Without threads nothing follows the model: a drag re-renders no pins.
  return threads.length === 0 ? null : <Pins threads={threads} />;
}

function Pins({ threads }: { threads: Thread[] }) {
  const current = useDrawnModel();
  const viewId = useEditor((s) => (s.mode.kind === 'revision' ? undefined : s.view));
  const store = useEditorStore();
  // In a view, a pin follows its element to where the view shows it; a pin on a point of the
  // model's canvas, or on what the view leaves out, is not shown there.
  const shown = viewId === undefined ? undefined : openedView(current, viewId);
  const model = shown === undefined ? current : viewScene(current, shown).model;
  return (
    <ViewportPortal>
      {threads.map((thread) => {
        if (shown !== undefined && thread.anchor.element === undefined) return null;
        const at = anchorPosition(model, thread.anchor);
        if (at === undefined) return null;
        return (
          <button
            key={thread.id}
            type="button"
            className="comment-pin nodrag nopan"
            data-testid="comment-pin"
            title={`${thread.comments[0]?.author ?? ''}: ${thread.comments[0]?.text ?? ''}`}
            aria-label={`Comment thread: ${thread.comments[0]?.text ?? ''}`}
            ref={(el) =>
              el?.style.setProperty('transform', `translate(${at.x}px, ${at.y}px) translate(-50%, -100%)`)
            }
            onClick={() => store.getState().choosePin(thread.id)}
          >
            {thread.comments.length}
          </button>
        );
      })}
    </ViewportPortal>
  );
}

function anchorPosition(
  model: Model,
  anchor: { element?: string; point?: { x: number; y: number } },
): { x: number; y: number } | undefined {
  if (anchor.point !== undefined) return anchor.point;
  if (anchor.element === undefined) return undefined;
  const node = model.nodes.find((n) => n.id === anchor.element);
  if (node?.position) return { x: node.position.x + nodeBox(node.name).width - 8, y: node.position.y + 4 };
  const context = model.contexts?.find((c) => c.id === anchor.element);
  if (context?.position)
    return { x: context.position.x + (context.size?.width ?? 420) - 8, y: context.position.y + 4 };
  return undefined;
}
