import { defineRule } from '../define.js';

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
  check(model, { index, options, report }) {
    const { outgoing, incoming } = index;
    model.nodes.forEach((service, v) => {
      if (service.kind !== 'service') return;
      // Counting distinct neighbours needs a set only when the edges alone could exceed the limit.
      let coupling =
        outgoing.count(v, 'sync') +
        outgoing.count(v, 'route') +
        incoming.count(v, 'sync') +
        incoming.count(v, 'route');
      if (coupling > (options.maxCoupling as number)) {
        const neighbours = new Set<string>();
        for (const edge of [...index.outEdgesAt(v, 'sync'), ...index.outEdgesAt(v, 'route')])
          if (edge.to !== service.id) neighbours.add(edge.to);
        for (const edge of [...index.inEdgesAt(v, 'sync'), ...index.inEdgesAt(v, 'route')])
          if (edge.from !== service.id) neighbours.add(edge.from);
        coupling = neighbours.size;
      }
      const responsibilities = service.responsibilities?.length ?? 0;
      const endpoints = service.api?.endpoints?.length ?? 0;
      const entities = service.entities?.length ?? 0;
      if (
        responsibilities <= (options.maxResponsibilities as number) &&
        endpoints <= (options.maxEndpoints as number) &&
        entities <= (options.maxEntities as number) &&
        coupling <= (options.maxCoupling as number)
      )
        return;
      const measures: [string, number, number][] = [
        ['responsibilities', responsibilities, options.maxResponsibilities as number],
        ['endpoints', endpoints, options.maxEndpoints as number],
        ['entities', entities, options.maxEntities as number],
        ['synchronous neighbours', coupling, options.maxCoupling as number],
      ];
      const exceeded = measures.filter(([, value, limit]) => value > limit);
      report({
        message:
          `"${service.name}" has ${exceeded.map(([what, value, limit]) => `${value} ${what} (more than ${limit})`).join(', ')}: ` +
          'it does too much to be owned, changed and deployed on its own; split it along its subdomains.',
        elements: [service.id],
      });
    });
  },
});
