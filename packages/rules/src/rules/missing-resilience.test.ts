import { describe, expect, it } from 'vitest';
import { applyFix } from '../fix.js';
import { client, external, findingsOf, gateway, model, route, service, sync, testRule } from '../testing.js';
import rule from './missing-resilience.js';

const bare = (from: string, to: string, resilience?: object) => ({ ...sync(from, to), resilience });

testRule(rule, {
  valid: [
    {
      name: 'timeout and retries',
      model: model({
        nodes: [service('a'), service('b')],
        edges: [bare('a', 'b', { timeoutMs: 500, retries: 1 })],
      }),
    },
    {
      name: 'timeout and a circuit breaker',
      model: model({
        nodes: [service('a'), external('x')],
        edges: [bare('a', 'x', { timeoutMs: 500, circuitBreaker: true })],
      }),
    },
    {
      name: 'a client call is missing-gateway’s',
      model: model({ nodes: [client('c'), service('b')], edges: [bare('c', 'b')] }),
    },
    {
      name: 'routes carry no resilience',
      model: model({ nodes: [gateway('g'), service('b')], edges: [route('g', 'b')] }),
    },
  ],
  invalid: [
    {
      name: 'nothing at all',
      model: model({ nodes: [service('a'), service('b')], edges: [bare('a', 'b')] }),
      findings: [
        {
          elements: ['a.b', 'a', 'b'],
          severity: 'warning',
          message: /has no timeout and neither retries nor a circuit breaker/,
        },
      ],
      fixes: true,
    },
    {
      name: 'a timeout, but retries 0 and the breaker off',
      model: model({
        nodes: [gateway('g'), service('b')],
        edges: [bare('g', 'b', { timeoutMs: 100, retries: 0, circuitBreaker: false })],
      }),
      findings: [{ elements: ['g.b', 'g', 'b'], message: /has neither retries nor a circuit breaker/ }],
      fixes: true,
    },
    {
      name: 'retries but no timeout, to an external',
      model: model({ nodes: [service('a'), external('x')], edges: [bare('a', 'x', { retries: 3 })] }),
      findings: [{ elements: ['a.x', 'a', 'x'], message: /has no timeout:/ }],
      fixes: true,
    },
  ],
});

describe('the missing-resilience fix', () => {
  it('fills what is missing and keeps what the edge has', () => {
    const m = model({ nodes: [service('a'), service('b')], edges: [bare('a', 'b', { timeoutMs: 700 })] });
    const fixed = applyFix(m, findingsOf(rule, m)[0] as never);
    const edge = fixed.edges[0];
    expect(edge?.kind === 'sync' && edge.resilience).toEqual({
      timeoutMs: 700,
      retries: 2,
      circuitBreaker: true,
    });
  });
});
