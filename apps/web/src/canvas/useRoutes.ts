import type { Routes } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { useEffect, useRef, useState } from 'react';
import type { LayoutJob } from '../layout/layout.js';
import type { Point } from './geometry.js';
import { createRouteStore, type RouteStore } from './routes.js';

/** How long the model must keep still before its edges are routed again (a drag, typing). */
const ROUTE_AFTER_MS = 60;

/**
 * Routes the edges of `model` around its nodes in a worker of the canvas's own, again after each
 * change (only what the change touched, when it was small), and keeps them in a route store.
 * Undefined (a view, whose boxes are not the model's): no routes, edges face each other's boxes.
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
      store.setState({ routes: new Map(), labels: new Map() });
      return;
    }
    const timer = setTimeout(() => {
      worker.current ??= new Worker(new URL('../layout/layout.worker.ts', import.meta.url), {
        type: 'module',
      });
      const mine = ++seq.current;
      worker.current.onmessage = (
        event: MessageEvent<{ seq: number; routes: Routes; labels: Record<string, Point> }>,
      ) => {
        if (event.data.seq !== mine) return;
        const { routes, labels } = store.getState();
        store.setState({
          routes: keepingSame(routes, event.data.routes),
          labels: samePoints(labels, event.data.labels),
        });
      };
      worker.current.postMessage({ kind: 'route', model, seq: mine } satisfies LayoutJob);
    }, ROUTE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [model, store]);
  return store;
}

/** `next` as a map, with each route that equals its old one replaced by the old array itself. */
function keepingSame(
  previous: ReadonlyMap<string, readonly Point[]>,
  next: Routes,
): ReadonlyMap<string, readonly Point[]> {
  const routes = new Map<string, readonly Point[]>();
  for (const [id, points] of Object.entries(next)) {
    const old = previous.get(id);
    const same =
      old !== undefined &&
      old.length === points.length &&
      old.every((point, i) => point.x === points[i]?.x && point.y === points[i]?.y);
    routes.set(id, same ? (old as readonly Point[]) : points);
  }
  return routes;
}

/** `next` as a map, with each point equal to its old one replaced by the old object itself. */
function samePoints(
  previous: ReadonlyMap<string, Point>,
  next: Record<string, Point>,
): ReadonlyMap<string, Point> {
  const points = new Map<string, Point>();
  for (const [id, point] of Object.entries(next)) {
    const old = previous.get(id);
    points.set(id, old !== undefined && old.x === point.x && old.y === point.y ? old : point);
  }
  return points;
}
