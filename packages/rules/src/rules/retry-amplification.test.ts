import { describe, expect, it } from 'vitest';
import { lint } from '../engine.js';
import { checkSettings } from '../settings.js';
import { model, service, sync, testRule } from '../testing.js';
import rule from './retry-amplification.js';

const services = (...ids: string[]) => ids.map((id) => service(id));
const retrying = (from: string, to: string, retries: number) =>
  sync(from, to, { resilience: { timeoutMs: 100, retries, circuitBreaker: true } });
const chain = (retries: number, ...ids: string[]) =>
  ids.slice(1).map((id, i) => retrying(ids[i] as string, id, retries));

testRule(rule, {
  valid: [
    {
      name: 'two hops of three attempts each make nine',
      model: model({ nodes: services('a', 'b', 'c'), edges: chain(2, 'a', 'b', 'c') }),
    },
    {
      name: 'three hops make 27, within maxAttempts 27',
      model: model({ nodes: services('a', 'b', 'c', 'd'), edges: chain(2, 'a', 'b', 'c', 'd') }),
      options: { maxAttempts: 27 },
    },
    {
      name: 'retries only at the entry',
      model: model({
        nodes: services('a', 'b', 'c', 'd'),
        edges: [retrying('a', 'b', 5), ...chain(0, 'b', 'c', 'd')],
      }),
    },
    {
      name: 'a cycle with no entry is sync-cycle’s',
      model: model({
        nodes: services('a', 'b', 'c'),
        edges: [...chain(4, 'a', 'b', 'c'), retrying('c', 'a', 4)],
      }),
    },
  ],
  invalid: [
    {
      name: 'three hops of three attempts each: 27 calls at the end',
      model: model({
        nodes: [service('a', { name: 'Front' }), ...services('b', 'c', 'd')],
        edges: chain(2, 'a', 'b', 'c', 'd'),
      }),
      findings: [
        {
          elements: ['a.b', 'b.c', 'c.d'],
          severity: 'warning',
          message:
            /^Retries multiply along "Front" → "b" → "c" → "d": one call to "Front" may become 27 calls/,
        },
      ],
    },
    {
      name: 'maxAttempts 5 reports nine',
      model: model({ nodes: services('a', 'b', 'c'), edges: chain(2, 'a', 'b', 'c') }),
      options: { maxAttempts: 5 },
      findings: [{ elements: ['a.b', 'b.c'] }],
    },
    {
      name: 'the chain of most attempts from each entry, two entries sharing a tail',
      model: model({
        nodes: services('x', 'y', 'a', 'b', 'c', 'z'),
        edges: [
          retrying('x', 'a', 1),
          retrying('y', 'a', 3),
          ...chain(2, 'a', 'b', 'c'),
          retrying('a', 'z', 1),
        ],
      }),
      findings: [{ elements: ['x.a', 'a.b', 'b.c'] }, { elements: ['y.a', 'a.b', 'b.c'] }],
    },
  ],
});

describe('retry-amplification settings', () => {
  it('takes maxAttempts from the model’s settings and refuses one below 1, naming its place', () => {
    const chainModel = (settings: Record<string, unknown>) =>
      model({
        nodes: services('a', 'b', 'c'),
        edges: chain(2, 'a', 'b', 'c'),
        settings: { rules: settings },
      });
    const found = (settings: Record<string, unknown>) =>
      lint(chainModel(settings)).filter((f) => f.rule === 'retry-amplification');
    expect(found({})).toEqual([]);
    expect(found({ 'retry-amplification': { maxAttempts: 8 } }).map((f) => f.elements)).toEqual([
      ['a.b', 'b.c'],
    ]);
    expect(checkSettings({ 'retry-amplification': { maxAttempts: 0 } })).toEqual([
      {
        path: 'settings.rules.retry-amplification.maxAttempts',
        message: 'expected an integer of at least 1; got 0',
      },
    ]);
  });
});
