import { model, service, sync, testRule } from '../testing.js';
import rule from './timeout-inversion.js';

const services = (...ids: string[]) => ids.map((id) => service(id));
const call = (from: string, to: string, resilience: Record<string, unknown>) =>
  sync(from, to, { resilience });

testRule(rule, {
  valid: [
    {
      name: 'each caller waits longer than its callee’s whole chain',
      model: model({
        nodes: services('a', 'b', 'c'),
        edges: [
          call('a', 'b', { timeoutMs: 3000, retries: 1 }),
          call('b', 'c', { timeoutMs: 1000, retries: 1 }),
        ],
      }),
    },
    {
      name: 'a timeout equal to the callee’s worst time is not shorter',
      model: model({
        nodes: services('a', 'b', 'c'),
        edges: [call('a', 'b', { timeoutMs: 2000 }), call('b', 'c', { timeoutMs: 1000, retries: 1 })],
      }),
    },
    {
      name: 'a callee whose chain is unbounded (no timeout below) is missing-resilience’s',
      model: model({
        nodes: services('a', 'b', 'c'),
        edges: [call('a', 'b', { timeoutMs: 100 }), call('b', 'c', { retries: 1 })],
      }),
    },
    {
      name: 'a caller without a timeout never gives up first',
      model: model({
        nodes: services('a', 'b', 'c'),
        edges: [call('a', 'b', { retries: 1 }), call('b', 'c', { timeoutMs: 1000 })],
      }),
    },
  ],
  invalid: [
    {
      name: 'a caller gives up before its callee’s retries are done',
      model: model({
        nodes: [service('a', { name: 'Orders' }), service('b', { name: 'Stock' }), service('c')],
        edges: [
          call('a', 'b', { timeoutMs: 1000, retries: 2 }),
          call('b', 'c', { timeoutMs: 600, retries: 1 }),
        ],
      }),
      findings: [
        {
          elements: ['a.b', 'a', 'b'],
          severity: 'warning',
          message: /^"Orders" gives up on "Stock" after 1,000 ms, but "Stock" may take 1,200 ms/,
        },
      ],
    },
    {
      name: 'every inverted call of a chain, the worst times adding up',
      model: model({
        nodes: services('a', 'b', 'c', 'd'),
        edges: [
          call('a', 'b', { timeoutMs: 2000 }),
          call('b', 'c', { timeoutMs: 1000 }),
          call('c', 'd', { timeoutMs: 1500 }),
        ],
      }),
      findings: [{ elements: ['a.b', 'a', 'b'] }, { elements: ['b.c', 'b', 'c'] }],
    },
  ],
});
