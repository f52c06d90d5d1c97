import type { SyncEdge } from '@meshplan/model';
import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'chatty-interface',
    severity: 'info',
    description: 'A sync edge listing more than `maxOperations` operations between the same two services.',
    options: {
      maxOperations: {
        type: 'integer',
        default: 6,
        minimum: 0,
        description: 'Most operations one sync edge may list',
      },
    },
    fixable: false,
  },
  check(model, { index, options, report }) {
    const maxOperations = options.maxOperations as number;
    const pairs = new Map<string, SyncEdge[]>();
    for (const edge of model.edges) {
      if (
        edge.kind !== 'sync' ||
        index.node(edge.from)?.kind !== 'service' ||
        index.node(edge.to)?.kind !== 'service'
      )
        continue;
      const key = `${edge.from}\u0000${edge.to}`;
      const list = pairs.get(key);
      if (list === undefined) pairs.set(key, [edge]);
      else list.push(edge);
    }
    for (const edges of pairs.values()) {
      const operations = new Set(edges.flatMap((edge) => edge.operations ?? []));
      if (operations.size <= maxOperations) continue;
      const { from, to } = edges[0] as SyncEdge;
      report({
        message:
          `"${index.label(from)}" uses ${operations.size} operations of "${index.label(to)}" (more than ${maxOperations}): ` +
          'a fine-grained interface means many round trips; offer a coarser operation or reconsider the boundary.',
        elements: [...edges.map((edge) => edge.id), from, to],
      });
    }
  },
});
