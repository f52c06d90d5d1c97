import type { Model } from '@meshplan/model';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LayoutJob, RouteUpdate } from '../layout/layout.js';
import { sameRoute } from '../layout/same-route.js';
import type { ReplicaMessage } from '../replica/replica.js';
import { createModelSender } from '../replica/sender.js';
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
 * The worker is sent what changed in the model and answers with what changed in the routes: an
 * edit costs the main thread what it touched, not a copy of every node, edge and route.
 * An edge whose route did not change keeps the same entry: it does not re-render.
 */
export function useRoutes(model: Model | undefined): RouteStore {
  const [store] = useState(createRouteStore);
  const worker = useRef<{ worker: Worker; send: (model: Model) => ReplicaMessage } | undefined>(undefined);
  const end = useCallback(() => {
    worker.current?.worker.terminate();
    worker.current = undefined;
  }, []);
  useEffect(() => end, [end]);
  useEffect(() => {
    if (model === undefined) {
      // What the worker holds goes with the routes: the next model starts a worker afresh.
      end();
      store.setState({ routes: new Map() });
      return;
    }
    const timer = setTimeout(
      () => {
        if (worker.current === undefined) {
          const started = {
            worker: new Worker(new URL('../layout/layout.worker.ts', import.meta.url), { type: 'module' }),
            send: createModelSender(),
          };
          // Every answer is applied, in order: each is what changed since the one before.
          started.worker.onmessage = (event: MessageEvent<RouteUpdate>) => {
            const update = event.data;
            if (update.error !== undefined) started.send = createModelSender();
            const routes = applyRouteUpdate(store.getState().routes, update);
            if (routes !== store.getState().routes) store.setState({ routes });
          };
          worker.current = started;
        }
        worker.current.worker.postMessage({
          kind: 'route',
          model: worker.current.send(model),
        } satisfies LayoutJob);
      },
      worker.current === undefined ? FIRST_ROUTE_AFTER_MS : ROUTE_AFTER_MS,
    );
    return () => clearTimeout(timer);
  }, [model, store, end]);
  return store;
}

/**
 * The routes after `update`: the same map if nothing changed, else a new one in which every edge
 * not named keeps its entry (the same object, so its edge does not re-render). An edge named in a
 * partial update differs from its entry (the router compared it with what it last told). A whole
 * update replaces the map, keeping the entries whose route and label did not change.
 */
export function applyRouteUpdate(
  previous: ReadonlyMap<string, Routed>,
  update: RouteUpdate,
): ReadonlyMap<string, Routed> {
  if (!update.whole && update.changed.length === 0 && update.removed.length === 0) return previous;
  const routes = update.whole ? new Map<string, Routed>() : new Map(previous);
  for (const id of update.removed) routes.delete(id);
  for (const [id, routed] of update.changed) {
    const old = previous.get(id);
    routes.set(id, update.whole && old !== undefined && sameRoute(old, routed) ? old : routed);
  }
  return routes;
}
