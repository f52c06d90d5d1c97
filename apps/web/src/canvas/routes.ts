import { createContext, useContext } from 'react';
import { createStore, type StoreApi, useStore } from 'zustand';
import type { Point } from './geometry.js';

/** An edge's route (bend points from border to border) and where its label goes along it. */
export interface Routed {
  points: readonly Point[];
  label?: Point;
}

/** Edge routes of what the canvas shows, by edge id. */
export interface RouteState {
  routes: ReadonlyMap<string, Routed>;
}

export type RouteStore = StoreApi<RouteState>;

export function createRouteStore(): RouteStore {
  return createStore<RouteState>(() => ({ routes: new Map() }));
}

const NO_ROUTES = createRouteStore();

/** The canvas's routes; edges outside a canvas (tests, previews) have none. */
export const RoutesContext = createContext<RouteStore>(NO_ROUTES);

/** The route of edge `id`, if one was worked out: each edge re-renders only when its own changes. */
export function useRoute(id: string): Routed | undefined {
  return useStore(useContext(RoutesContext), (state) => state.routes.get(id));
}
