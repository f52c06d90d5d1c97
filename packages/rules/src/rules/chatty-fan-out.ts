import { defineRule } from '../define.js';

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
  check(_model, { index, options, report }) {
    const maxFanOut = options.maxFanOut as number;
    for (const service of index.services) {
      const edges = index
        .outEdges(service.id, 'sync')
        .filter((edge) => index.node(edge.to)?.kind === 'service');
      const callees = [...new Set(edges.map((edge) => edge.to))];
      if (callees.length <= maxFanOut) continue;
      report({
        message:
          `"${service.name}" calls ${callees.length} services synchronously (more than ${maxFanOut}): ` +
          'each call adds latency and a way to fail; aggregate, cache, or move some calls to events.',
        elements: [service.id, ...callees, ...edges.map((edge) => edge.id)],
      });
    }
  },
});
