import { layOut, layoutRequest, needsLayout } from '@meshplan/layout';
import type { Model } from '@meshplan/model';

/**
 * The model with a position for every node and context (and a size for every context): the
 * model itself when it has them all; otherwise the layered layout of @meshplan/layout gives the
 * ones that are missing, and positions that exist are kept. A model that was never laid out (an
 * import) is laid out whole. The model passed in is not changed.
 */
export async function positioned(model: Model): Promise<Model> {
  const contextsUnsized = (model.contexts ?? []).some((c) => c.size === undefined);
  if (!needsLayout(model) && !contextsUnsized) return model;
  const { positions, sizes } = await layOut(layoutRequest(model));
  return {
    ...model,
    contexts: model.contexts?.map((context) => ({
      ...context,
      position: context.position ?? positions[context.id] ?? { x: 0, y: 0 },
      size: context.size ?? sizes[context.id] ?? { width: 260, height: 160 },
    })),
    nodes: model.nodes.map((node) => ({
      ...node,
      position: node.position ?? positions[node.id] ?? { x: 0, y: 0 },
    })),
  };
}
