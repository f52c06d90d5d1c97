import { createContext, useContext } from 'react';
import { createStore, type StoreApi, useStore } from 'zustand';
import type { Point } from './geometry.js';

/** Edge routes of what the canvas shows, by edge id: bend points from border to border. */
export interface RouteState {
  routes: ReadonlyMap<string, readonly Point[]>;
  /** Where each routed edge's label goes: on its route, covering no node and no other label. */
  labels: ReadonlyMap<string, Point>;
}

export type RouteStore = StoreApi<RouteState>;

export function createRouteStore(): RouteStore {
  return createStore<RouteState>(() => ({ routes: new Map(), labels: new Map() }));
}

const NO_ROUTES = createRouteStore();

/** The canvas's routes; edges outside a canvas (tests, previews) have none. */
export const RoutesContext = createContext<RouteStore>(NO_ROUTES);

/** The route of edge `id`, if one was worked out: each edge re-renders only when its own changes. */
export function useRoute(id: string): readonly Point[] | undefined {
  return useStore(useContext(RoutesContext), (state) => state.routes.get(id));
}

/** Where the label of edge `id` goes along its route, if that was worked out. */
export function useLabelPoint(id: string): Point | undefined {
  return useStore(useContext(RoutesContext), (state) => state.labels.get(id));
}
