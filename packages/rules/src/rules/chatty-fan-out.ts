import type { Edge, Node } from '@meshplan/model';
import { defineRule } from '../define.js';
import { callsServiceAt, syncGraph } from '../graph/scc.js';

export default defineRule({
  meta: {
    id: 'chatty-fan-out',
    severity: 'warning',
    description: 'A service with synchronous calls to more than `maxFanOut` distinct services.',
    options: {
      maxFanOut: {
        type: 'integer',
        default: 5,
        minimum: 0,
        description: 'Most distinct services one service may call synchronously',
      },
    },
    fixable: false,
  },
  check(model, { index, options, report }) {
    const maxFanOut = options.maxFanOut as number;
    const graph = syncGraph(index);
    const { offsets, targets, edges } = graph;
    const counted = new Int32Array(model.nodes.length);
    const callsService = (k: number) => callsServiceAt(index, graph, k);
    model.nodes.forEach((service, v) => {
      if (service.kind !== 'service') return;
      const first = offsets[v] as number;
      const end = offsets[v + 1] as number;
      // Distinct callees counted first (`counted[callee] === v + 1`); lists only for a finding.
      let distinct = 0;
      for (let k = first; k < end; k++) {
        const callee = targets[k] as number;
        if (!callsService(k) || counted[callee] === v + 1) continue;
        counted[callee] = v + 1;
        distinct++;
      }
      if (distinct <= maxFanOut) return;
      const callees = new Set<string>();
      const calls: string[] = [];
      for (let k = first; k < end; k++) {
        if (!callsService(k)) continue;
        callees.add((model.nodes[targets[k] as number] as Node).id);
        calls.push((model.edges[edges[k] as number] as Edge).id);
      }
      report({
        message:
          `"${service.name}" calls ${callees.size} services synchronously (more than ${maxFanOut}): ` +
          'each call adds latency and a way to fail; aggregate, cache, or move some calls to events.',
        elements: [service.id, ...callees, ...calls],
      });
    });
  },
});
