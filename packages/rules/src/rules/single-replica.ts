import { defineRule } from '../define.js';
import { syncGraph } from '../graph/scc.js';

export default defineRule({
  meta: {
    id: 'single-replica',
    severity: 'info',
    description:
      'A service with a runtime and fewer than 2 replicas on a synchronous path from a client or gateway.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    // One breadth-first search from every client and gateway at once, over node positions.
    const { offsets, targets } = syncGraph(index);
    const reached = new Uint8Array(model.nodes.length);
    const queue: number[] = [];
    model.nodes.forEach((node, v) => {
      if (node.kind === 'client' || node.kind === 'gateway') {
        reached[v] = 1;
        queue.push(v);
      }
    });
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i] as number;
      for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) {
        const w = targets[k] as number;
        if (reached[w] === 1) continue;
        reached[w] = 1;
        queue.push(w);
      }
    }
    model.nodes.forEach((service, v) => {
      if (service.kind !== 'service' || service.runtime === undefined || reached[v] === 0) return;
      const replicas = service.runtime.replicas ?? 1;
      if (replicas >= 2) return;
      report({
        message: `"${service.name}" serves synchronous requests with ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}: a restart or a crash is an outage for its callers; run at least 2.`,
        elements: [service.id],
      });
    });
  },
});
