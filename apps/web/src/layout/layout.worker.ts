/// <reference lib="webworker" />
import {
  layOut,
  placeLabels,
  placeUnplaced,
  type Routes,
  rerouteAround,
  routeEdges,
  tidy,
} from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { edgeLabelSize } from '../canvas/edge-label.js';
import type { LayoutJob } from './layout.js';

/** The canvas's routing worker lives as long as its canvas: the last model routed, and its routes. */
let routed: { model: Model; routes: Routes } | undefined;

/** A move of this many nodes or fewer re-routes around them; more, and everything is routed again. */
const MOST_MOVED = 40;

/** Nodes whose box is not where it was (moved, renamed: a name sizes its box) or that are new. */
function movedSince(before: Model, after: Model): Set<string> {
  const was = new Map(before.nodes.map((node) => [node.id, node]));
  const moved = new Set<string>();
  for (const node of after.nodes) {
    const old = was.get(node.id);
    if (
      old === undefined ||
      old.name !== node.name ||
      old.position?.x !== node.position?.x ||
      old.position?.y !== node.position?.y
    )
      moved.add(node.id);
  }
  return moved;
}

/** Every edge's route; after a small change, only what it touched (`rerouteAround`). */
function routesOf(model: Model): Routes {
  const moved = routed === undefined ? undefined : movedSince(routed.model, model);
  const routes =
    routed !== undefined && moved !== undefined && moved.size <= MOST_MOVED
      ? rerouteAround(model, routed.routes, moved)
      : routeEdges(model);
  routed = { model, routes };
  return routes;
}

self.onmessage = async (event: MessageEvent<LayoutJob>) => {
  const job = event.data;
  if (job.kind === 'layout') self.postMessage(await layOut(job.request));
  else if (job.kind === 'place') self.postMessage(await placeUnplaced(job.model, job.frame));
  else if (job.kind === 'route') {
    const routes = routesOf(job.model);
    const edges = new Map(job.model.edges.map((edge) => [edge.id, edge]));
    const labels = placeLabels(job.model, routes, (id) => {
      const edge = edges.get(id);
      return edge === undefined ? undefined : edgeLabelSize(edge);
    });
    self.postMessage({ seq: job.seq, routes, labels });
  } else self.postMessage(await tidy(job.model, job.ids));
};
