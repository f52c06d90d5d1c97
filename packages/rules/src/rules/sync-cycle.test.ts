import { describe, expect, it } from 'vitest';
import { client, external, findingsOf, gateway, model, route, service, sync, testRule } from '../testing.js';
import rule from './sync-cycle.js';

testRule(rule, {
  valid: [
    {
      name: 'a chain',
      model: model({
        nodes: [service('a'), service('b'), service('c')],
        edges: [sync('a', 'b'), sync('b', 'c')],
      }),
    },
    {
      name: 'a diamond',
      model: model({
        nodes: [service('a'), service('b'), service('c'), service('d')],
        edges: [sync('a', 'b'), sync('a', 'c'), sync('b', 'd'), sync('c', 'd')],
      }),
    },
    {
      name: 'two services calling the same external',
      model: model({
        nodes: [service('a'), service('b'), external('x')],
        edges: [sync('a', 'x'), sync('b', 'x')],
      }),
    },
  ],
  invalid: [
    {
      name: 'two services calling each other',
      model: model({ nodes: [service('a'), service('b')], edges: [sync('a', 'b'), sync('b', 'a')] }),
      findings: [
        { elements: ['a', 'b', 'a.b', 'b.a'], severity: 'error', message: /"a", "b" call each other/ },
      ],
    },
    {
      name: 'a service calling itself',
      model: model({ nodes: [service('a')], edges: [sync('a', 'a')] }),
      findings: [{ elements: ['a', 'a.a'], message: /calls itself/ }],
    },
    {
      name: 'two separate cycles, one finding each, edges outside left out',
      model: model({
        nodes: [service('a'), service('b'), service('c'), service('d'), service('e')],
        edges: [
          sync('a', 'b'),
          sync('b', 'a'),
          sync('b', 'c'),
          sync('c', 'd'),
          sync('d', 'e'),
          sync('e', 'c'),
        ],
      }),
      findings: [{ elements: ['a', 'b', 'a.b', 'b.a'] }, { elements: ['c', 'd', 'e', 'c.d', 'd.e', 'e.c'] }],
    },
    {
      name: 'a cycle reached through a gateway: only the cycle is reported',
      model: model({
        nodes: [client('web'), gateway('g'), service('a'), service('b')],
        edges: [route('web', 'g'), route('g', 'a'), sync('a', 'b'), sync('b', 'a')],
      }),
      findings: [{ elements: ['a', 'b', 'a.b', 'b.a'] }],
    },
  ],
});

describe('sync-cycle at scale', () => {
  it('finds one 20,000-node cycle without overflowing the stack', () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => service(`s${i}`));
    const edges = nodes.map((_, i) => sync(`s${i}`, `s${(i + 1) % n}`));
    const found = findingsOf(rule, model({ nodes, edges }));
    expect(found).toHaveLength(1);
    expect(found[0]?.elements).toHaveLength(2 * n);
  });
});
