import { edgeFits, type Model, type Node, pruneViews } from '@meshplan/model';
import { edgeLabel, elementName, nodeNames } from './labels.js';

/**
 * Repairs what merging concurrent edits can break: an edge whose end another peer deleted, a node
 * whose context another peer deleted, an edge whose end another peer changed to a kind the edge
 * cannot join, a view that lists an element another peer deleted (or places one it does not list,
 * after one peer took it out of the view while another moved it). Saga steps and orchestrators naming a deleted service are left alone: that is the
 * `saga-unknown-service` rule's finding, not a broken model. Returns the model unchanged (the same
 * object) when there is nothing to repair.
 */
export function repairModel(model: Model): { model: Model; repairs: string[] } {
  const repairs: string[] = [];
  const contextIds = new Set((model.contexts ?? []).map((context) => context.id));
  const nodes = model.nodes.map((node): Node => {
    if (node.context === undefined || contextIds.has(node.context)) return node;
    repairs.push(
      `Removed ${node.kind} "${elementName(node)}" from context "${node.context}", which no longer exists`,
    );
    const { context: _deleted, ...rest } = node;
    return rest as Node;
  });

  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const names = nodeNames(model);
  const edges = model.edges.filter((edge) => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    const label = `${edge.kind} edge "${edgeLabel(edge, names)}"`;
    const missing = [from === undefined ? edge.from : undefined, to === undefined ? edge.to : undefined]
      .filter((id) => id !== undefined)
      .map((id) => `"${id}"`);
    if (missing.length > 0) {
      const what =
        missing.length === 1
          ? `node ${missing[0]} no longer exists`
          : `nodes ${missing.join(' and ')} no longer exist`;
      repairs.push(`Removed ${label}: ${what}`);
      return false;
    }
    if (from !== undefined && to !== undefined && !edgeFits(edge.kind, from.kind, to.kind)) {
      repairs.push(`Removed ${label}: a ${edge.kind} edge cannot go from ${from.kind} to ${to.kind}`);
      return false;
    }
    return true;
  });

  const views = pruneViews(model);
  repairs.push(...views.pruned);
  if (repairs.length === 0 && views.model === model) return { model, repairs };
  return { model: { ...views.model, nodes, edges }, repairs };
}
