import { placeLabels, type Routes, rerouteAround, routeEdges } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { edgeLabelSize } from '../canvas/edge-label.js';
import type { Point } from '../canvas/geometry.js';
import { applyReplicaMessage, type ReplicaMessage } from '../replica/replica.js';
import type { RouteUpdate } from './layout.js';
import { sameRoute } from './same-route.js';

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

/**
 * The canvas's router, as its worker keeps it for the canvas's life: a replica of the model
 * (`replica.ts`), its routes, and what the canvas was last told. Each message routes the model
 * after it (after a small change, only what the change touched: `rerouteAround`) and answers with
 * the routes and label places that differ from the last answer's.
 */
export function createRouter(): (message: ReplicaMessage) => RouteUpdate {
  let routed: { model: Model; routes: Routes } | undefined;
  let told = new Map<string, { points: Point[]; label?: Point }>();
  return (message) => {
    const model = applyReplicaMessage(routed?.model, message);
    const moved = routed === undefined ? undefined : movedSince(routed.model, model);
    const routes =
      routed !== undefined && moved !== undefined && moved.size <= MOST_MOVED
        ? rerouteAround(model, routed.routes, moved)
        : routeEdges(model);
    routed = { model, routes };
    const edges = new Map(model.edges.map((edge) => [edge.id, edge]));
    const labels = placeLabels(model, routes, (id) => {
      const edge = edges.get(id);
      return edge === undefined ? undefined : edgeLabelSize(edge);
    });
    const update: RouteUpdate = { changed: [], removed: [], whole: told.size === 0 };
    const next = new Map<string, { points: Point[]; label?: Point }>();
    for (const [id, points] of Object.entries(routes)) {
      const label = labels[id];
      const now = label === undefined ? { points } : { points, label };
      const old = told.get(id);
      const same = old !== undefined && sameRoute(old, now);
      next.set(id, same ? old : now);
      if (!same) update.changed.push([id, now]);
    }
    for (const id of told.keys()) if (!next.has(id)) update.removed.push(id);
    told = next;
    return update;
  };
}
