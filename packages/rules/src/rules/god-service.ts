import { defineRule } from '../define.js';
import { syncOut } from '../graph/scc.js';

export default defineRule({
  meta: {
    id: 'god-service',
    severity: 'warning',
    description: 'A service with too many responsibilities, endpoints, entities or synchronous neighbours.',
    options: {
      maxResponsibilities: { type: 'integer', default: 7, minimum: 0, description: 'Most responsibilities' },
      maxEndpoints: { type: 'integer', default: 20, minimum: 0, description: 'Most API endpoints' },
      maxEntities: { type: 'integer', default: 8, minimum: 0, description: 'Most entities (aggregates)' },
      maxCoupling: {
        type: 'integer',
        default: 10,
        minimum: 0,
        description: 'Most distinct sync neighbours, callers plus callees',
      },
    },
    fixable: false,
  },
  check(_model, { index, options, report }) {
    for (const service of index.services) {
      const out = syncOut(index, service.id);
      const calledBy = index.inEdges(service.id, 'sync');
      const routedBy = index.inEdges(service.id, 'route');
      // Counting distinct neighbours needs a set only when the edges alone could exceed the limit.
      let coupling = out.length + calledBy.length + routedBy.length;
      if (coupling > (options.maxCoupling as number)) {
        const neighbours = new Set<string>();
        for (const edge of out) if (edge.to !== service.id) neighbours.add(edge.to);
        for (const edge of calledBy) if (edge.from !== service.id) neighbours.add(edge.from);
        for (const edge of routedBy) if (edge.from !== service.id) neighbours.add(edge.from);
        coupling = neighbours.size;
      }
      const measures: [string, number, number][] = [
        ['responsibilities', service.responsibilities?.length ?? 0, options.maxResponsibilities as number],
        ['endpoints', service.api?.endpoints?.length ?? 0, options.maxEndpoints as number],
        ['entities', service.entities?.length ?? 0, options.maxEntities as number],
        ['synchronous neighbours', coupling, options.maxCoupling as number],
      ];
      const exceeded = measures.filter(([, value, limit]) => value > limit);
      if (exceeded.length === 0) continue;
      report({
        message:
          `"${service.name}" has ${exceeded.map(([what, value, limit]) => `${value} ${what} (more than ${limit})`).join(', ')}: ` +
          'it does too much to be owned, changed and deployed on its own; split it along its subdomains.',
        elements: [service.id],
      });
    }
  },
});
