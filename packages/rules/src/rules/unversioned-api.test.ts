import { describe, expect, it } from 'vitest';
import { applyFix } from '../fix.js';
import { findingsOf, model, service, sync, testRule } from '../testing.js';
import rule from './unversioned-api.js';

const rest = (paths: string[], extra = {}) => ({
  style: 'rest',
  endpoints: paths.map((path) => ({ method: 'GET', path })),
  ...extra,
});

testRule(rule, {
  valid: [
    {
      name: 'versioned paths',
      model: model({ nodes: [service('a', { api: rest(['/v1/orders', '/api/v2beta1/x']) })] }),
    },
    {
      name: 'api.version set',
      model: model({ nodes: [service('a', { api: rest(['/orders'], { version: 'v3' }) })] }),
    },
    {
      name: 'gRPC names are not paths',
      model: model({ nodes: [service('a', { api: { style: 'grpc', endpoints: [{ path: 'GetOrder' }] } })] }),
    },
    { name: 'no endpoints', model: model({ nodes: [service('a', { api: { style: 'rest' } })] }) },
  ],
  invalid: [
    {
      name: 'one path without a version',
      model: model({ nodes: [service('a', { api: rest(['/v1/orders', '/customers/{id}']) })] }),
      findings: [
        {
          elements: ['a'],
          severity: 'warning',
          message: /REST paths without a version \(\/customers\/\{id\}\)/,
        },
      ],
      fixes: true,
    },
    {
      name: 'many paths: three named, the rest counted; "/version" is not a version',
      model: model({ nodes: [service('a', { api: rest(['/a', '/b', '/c', '/d', '/version']) })] }),
      findings: [{ elements: ['a'], message: /\(\/a, \/b, \/c and 2 more\)/ }],
      fixes: true,
    },
  ],
});

describe('the unversioned-api fix', () => {
  it('sets the version, prefixes the paths and keeps callers’ operations pointing at them', () => {
    const m = model({
      nodes: [service('caller'), service('a', { api: rest(['/customers/{id}', 'orders', '/v1/ok']) })],
      edges: [sync('caller', 'a', { operations: ['GET /customers/{id}', 'GET /v1/ok', 'Ping'] })],
    });
    const fixed = applyFix(m, findingsOf(rule, m)[0] as never);
    const api = fixed.nodes[1]?.kind === 'service' ? fixed.nodes[1].api : undefined;
    expect(api?.version).toBe('v1');
    expect(api?.endpoints?.map((e) => e.path)).toEqual(['/v1/customers/{id}', '/v1/orders', '/v1/ok']);
    const edge = fixed.edges[0];
    expect(edge?.kind === 'sync' && edge.operations).toEqual([
      'GET /v1/customers/{id}',
      'GET /v1/ok',
      'Ping',
    ]);
  });
});
