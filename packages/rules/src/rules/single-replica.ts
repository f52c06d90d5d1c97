import { defineRule } from '../define.js';
import { syncOut } from '../graph/scc.js';

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
    // One breadth-first search from every client and gateway at once.
    const reached = new Set<string>();
    const queue: string[] = [];
    for (const node of model.nodes) {
      if (node.kind === 'client' || node.kind === 'gateway') {
        reached.add(node.id);
        queue.push(node.id);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      for (const edge of syncOut(index, queue[i] as string)) {
        if (reached.has(edge.to)) continue;
        reached.add(edge.to);
        queue.push(edge.to);
      }
    }
    for (const service of index.services) {
      if (service.runtime === undefined || !reached.has(service.id)) continue;
      const replicas = service.runtime.replicas ?? 1;
      if (replicas >= 2) continue;
      report({
        message: `"${service.name}" serves synchronous requests with ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}: a restart or a crash is an outage for its callers; run at least 2.`,
        elements: [service.id],
      });
    }
  },
});
