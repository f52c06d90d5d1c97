import type { Routes } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { useEffect, useRef, useState } from 'react';
import type { LayoutJob } from '../layout/layout.js';
import type { Point } from './geometry.js';
import { createRouteStore, type Routed, type RouteStore } from './routes.js';

/** How long the model must keep still before its edges are routed again (a drag, typing). */
const ROUTE_AFTER_MS = 60;
/**
 * The first routing waits for the opening to be over: on two cores a worker routing thousands of
 * edges slows the first drawing of the canvas; until then edges face each other's boxes.
 */
const FIRST_ROUTE_AFTER_MS = 1500;

/**
 * Routes the edges of `model` around its nodes in a worker of the canvas's own, again after each
 * change (only what the change touched, when it was small), and keeps them in a route store.
 * A view is routed as its scene (`sceneModel`): its own boxes, stubs and collapsed contexts.
 * Undefined: no routes, edges face each other's boxes.
 * An edge whose route did not change keeps the same array: it does not re-render.
 */
export function useRoutes(model: Model | undefined): RouteStore {
  const [store] = useState(createRouteStore);
  const worker = useRef<Worker | undefined>(undefined);
  const seq = useRef(0);
  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = undefined;
    },
    [],
  );
  useEffect(() => {
    if (model === undefined) {
      seq.current++;
      store.setState({ routes: new Map() });
      return;
    }
    const timer = setTimeout(
      () => {
        worker.current ??= new Worker(new URL('../layout/layout.worker.ts', import.meta.url), {
          type: 'module',
        });
        const mine = ++seq.current;
        worker.current.onmessage = (
          event: MessageEvent<{ seq: number; routes: Routes; labels: Record<string, Point> }>,
        ) => {
          if (event.data.seq !== mine) return;
          store.setState({
            routes: keepingSame(store.getState().routes, event.data.routes, event.data.labels),
          });
        };
        worker.current.postMessage({ kind: 'route', model, seq: mine } satisfies LayoutJob);
      },
      worker.current === undefined ? FIRST_ROUTE_AFTER_MS : ROUTE_AFTER_MS,
    );
    return () => clearTimeout(timer);
  }, [model, store]);
  return store;
}

/** The new routes and labels, each edge's entry kept as it was (the same object) where neither changed. */
function keepingSame(
  previous: ReadonlyMap<string, Routed>,
  next: Routes,
  labels: Record<string, Point>,
): ReadonlyMap<string, Routed> {
  const routes = new Map<string, Routed>();
  for (const [id, points] of Object.entries(next)) {
    const old = previous.get(id);
    const label = labels[id];
    const same =
      old !== undefined &&
      old.label?.x === label?.x &&
      old.label?.y === label?.y &&
      old.points.length === points.length &&
      old.points.every((point, i) => point.x === points[i]?.x && point.y === points[i]?.y);
    routes.set(id, same ? (old as Routed) : label === undefined ? { points } : { points, label });
  }
  return routes;
}
