import { type LayoutResult, layoutRequest } from '@meshplan/layout';
import type { Model } from '@meshplan/model';

export { applyLayout, type LayoutResult, needsLayout } from '@meshplan/layout';

/**
 * The size of the canvas, for a layout to be read in: the canvas when it is on screen, else the
 * window less the side panels around it.
 */
function canvasFrame(): { width: number; height: number } {
  const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
  return {
    width: Math.max(300, canvas?.width || window.innerWidth - 480),
    height: Math.max(200, canvas?.height || window.innerHeight - 50),
  };
}

/** Automatic layout (elkjs) in a web worker, loaded only when first used, shaped like the canvas. */
export function layoutModel(model: Model): Promise<LayoutResult> {
  const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  const request = { ...layoutRequest(model), frame: canvasFrame() };
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<LayoutResult>) => {
      resolve(event.data);
      worker.terminate();
    };
    worker.onerror = (event) => {
      reject(new Error(event.message));
      worker.terminate();
    };
    worker.postMessage(request);
  });
}

/** `model` with the positions (and context sizes) that `from` has for the same ids, where it has none. */
export function withPositionsOf(model: Model, from: Model): Model {
  const nodes = new Map(from.nodes.map((node) => [node.id, node]));
  const contexts = new Map((from.contexts ?? []).map((context) => [context.id, context]));
  return {
    ...model,
    nodes: model.nodes.map((node) => {
      const position = node.position ?? nodes.get(node.id)?.position;
      return position === undefined ? node : { ...node, position };
    }),
    ...(model.contexts === undefined
      ? {}
      : {
          contexts: model.contexts.map((context) => {
            const known = contexts.get(context.id);
            const position = context.position ?? known?.position;
            const size = context.size ?? known?.size;
            return {
              ...context,
              ...(position === undefined ? {} : { position }),
              ...(size === undefined ? {} : { size }),
            };
          }),
        }),
  };
}
