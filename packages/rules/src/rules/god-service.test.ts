import { model, service, sync, testRule } from '../testing.js';
import rule from './god-service.js';

const list = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const endpoints = (n: number) => list('/v1/e', n).map((path) => ({ method: 'GET', path }));
const neighbours = (n: number) => list('n', n).map((id) => service(id));

testRule(rule, {
  valid: [
    {
      name: 'at every limit',
      model: model({
        nodes: [
          service('g', {
            responsibilities: list('r', 7),
            entities: list('E', 8),
            api: { style: 'rest', endpoints: endpoints(20) },
          }),
          ...neighbours(10),
        ],
        edges: list('n', 10).map((id, i) => (i % 2 === 0 ? sync('g', id) : sync(id, 'g'))),
      }),
    },
  ],
  invalid: [
    {
      name: 'too many responsibilities',
      model: model({ nodes: [service('g', { responsibilities: list('r', 8) })] }),
      findings: [{ elements: ['g'], severity: 'warning', message: /8 responsibilities \(more than 7\)/ }],
    },
    {
      name: 'too many endpoints and entities, named together',
      model: model({
        nodes: [service('g', { entities: list('E', 9), api: { style: 'rest', endpoints: endpoints(21) } })],
      }),
      findings: [{ elements: ['g'], message: /21 endpoints \(more than 20\), 9 entities \(more than 8\)/ }],
    },
    {
      name: 'too many distinct sync neighbours, callers plus callees',
      model: model({
        nodes: [service('g'), ...neighbours(11)],
        edges: [
          ...list('n', 11).map((id, i) => (i % 2 === 0 ? sync('g', id) : sync(id, 'g'))),
          sync('n0', 'g'),
        ],
      }),
      findings: [{ elements: ['g'], message: /11 synchronous neighbours \(more than 10\)/ }],
    },
    {
      name: 'options lower the limits',
      model: model({ nodes: [service('g', { responsibilities: list('r', 3) })] }),
      options: { maxResponsibilities: 2 },
      findings: [{ elements: ['g'] }],
    },
  ],
});
