import { type LayoutRequest, type LayoutResult, layoutRequest } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import type { Point } from '../canvas/geometry.js';
import type { ReplicaMessage } from '../replica/replica.js';

export {
  applyLayout,
  fitContexts,
  hasUnplaced,
  type LayoutResult,
  needsLayout,
  type Routes,
  rerouteAround,
} from '@meshplan/layout';

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

/** What the layout worker is asked to do. */
export type LayoutJob =
  | { kind: 'layout'; request: LayoutRequest }
  | { kind: 'place'; model: Model; frame?: { width: number; height: number } }
  | { kind: 'tidy'; model: Model; ids: string[] }
  /** The canvas's model as what changed since the last job (see `replica.ts`). */
  | { kind: 'route'; model: ReplicaMessage };

/**
 * A routing job's answer: the routes (and label places) that differ from the last answer's, and
 * the edges that have none any more. `whole`: every edge is in `changed` (the first answer).
 * `error`: the routing failed; the worker has forgotten the model and wants it whole.
 */
export interface RouteUpdate {
  changed: [id: string, routed: { points: Point[]; label?: Point }][];
  removed: string[];
  whole: boolean;
  error?: string;
}

/** Runs one layout job in a web worker (elkjs is loaded only there, and only when first used). */
function inWorker<Result = LayoutResult>(job: LayoutJob): Promise<Result> {
  const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<Result>) => {
      resolve(event.data);
      worker.terminate();
    };
    worker.onerror = (event) => {
      reject(new Error(event.message));
      worker.terminate();
    };
    worker.postMessage(job);
  });
}

/** Automatic layout of the whole model (elkjs, layered): every element gets a new place. */
export function layoutModel(model: Model): Promise<LayoutResult> {
  return inWorker({ kind: 'layout', request: { ...layoutRequest(model), frame: canvasFrame() } });
}

/**
 * Places what has no position and moves nothing that has one (a model with no positions at all
 * gets the whole layout): what an import, the API, a fix or a peer added.
 */
export function placeModel(model: Model): Promise<LayoutResult> {
  return inWorker({ kind: 'place', model, frame: canvasFrame() });
}

/** Lays out the selected context, or the selected nodes, and leaves the rest in place. */
export function tidyModel(model: Model, ids: string[]): Promise<LayoutResult> {
  return inWorker({ kind: 'tidy', model, ids });
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
