import type { Model } from '@meshplan/model';
import { NODE_SIZE } from '../canvas/mapping.js';

export interface LayoutRequest {
  nodes: { id: string; context?: string }[];
  edges: { id: string; from: string; to: string }[];
  contexts: string[];
  nodeSize: { width: number; height: number };
}
export interface LayoutResult {
  positions: Record<string, { x: number; y: number }>;
  sizes: Record<string, { width: number; height: number }>;
}

/** Automatic layout (elkjs, layered) in a web worker, loaded only when first used. */
export function layoutModel(model: Model): Promise<LayoutResult> {
  const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  const contexts = new Set((model.contexts ?? []).map((c) => c.id));
  const request: LayoutRequest = {
    nodes: model.nodes.map((n) =>
      n.context !== undefined && contexts.has(n.context) ? { id: n.id, context: n.context } : { id: n.id },
    ),
    edges: model.edges.map((e) => ({ id: e.id, from: e.from, to: e.to })),
    contexts: [...contexts],
    nodeSize: NODE_SIZE,
  };
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

/** Writes a layout into a model draft. */
export function applyLayout(draft: Model, { positions, sizes }: LayoutResult): void {
  for (const context of draft.contexts ?? []) {
    if (positions[context.id]) context.position = positions[context.id];
    if (sizes[context.id]) context.size = sizes[context.id];
  }
  for (const node of draft.nodes) if (positions[node.id]) node.position = positions[node.id];
}

/** Whether a model needs a first layout: some node or context without a position. */
export function needsLayout(model: Model): boolean {
  return (
    model.nodes.some((n) => n.position === undefined) ||
    (model.contexts ?? []).some((c) => c.position === undefined)
  );
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
