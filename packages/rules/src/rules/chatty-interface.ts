import type { SyncEdge } from '@meshplan/model';
import { defineRule } from '../define.js';
import { callsServiceAt, syncGraph } from '../graph/scc.js';

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
    const graph = syncGraph(index);
    const { offsets, targets, edges } = graph;
    const toService = (k: number) => callsServiceAt(index, graph, k);
    model.nodes.forEach((caller, v) => {
      if (caller.kind !== 'service') return;
      const first = offsets[v] as number;
      const end = offsets[v + 1] as number;
      // A caller has a handful of calls: pairs are found by scanning its row, each at its first edge.
      for (let k = first; k < end; k++) {
        const callee = targets[k] as number;
        if (!toService(k) || earlier(targets, first, k, callee)) continue;
        // Distinct operations are at most the listed ones: most pairs are decided without a list.
        let listed = 0;
        for (let j = k; j < end; j++) {
          if (targets[j] === callee && toService(j))
            listed += (model.edges[edges[j] as number] as SyncEdge).operations?.length ?? 0;
        }
        if (listed <= maxOperations) continue;
        const pair: SyncEdge[] = [];
        for (let j = k; j < end; j++)
          if (targets[j] === callee && toService(j)) pair.push(model.edges[edges[j] as number] as SyncEdge);
        const operations = new Set(pair.flatMap((edge) => edge.operations ?? []));
        if (operations.size <= maxOperations) continue;
        const { from, to } = pair[0] as SyncEdge;
        report({
          message:
            `"${index.label(from)}" uses ${operations.size} operations of "${index.label(to)}" (more than ${maxOperations}): ` +
            'a fine-grained interface means many round trips; offer a coarser operation or reconsider the boundary.',
          elements: [...pair.map((edge) => edge.id), from, to],
        });
      }
    });
  },
});

/** Whether `value` occurs in `list` from `start` up to (not including) `end`. */
function earlier(list: Int32Array, start: number, end: number, value: number): boolean {
  for (let i = start; i < end; i++) if (list[i] === value) return true;
  return false;
}
