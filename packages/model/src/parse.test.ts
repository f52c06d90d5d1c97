import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatError, parseModel } from './index.js';
import { sharedPath } from './test-support.js';

const minimal = { format: 'meshplan/v1', name: 'm', nodes: [], edges: [] };
const errorsOf = (value: unknown) => {
  const result = parseModel(value);
  return result.ok ? [] : result.errors.map(formatError);
};

describe('parseModel', () => {
  it('accepts the smallest model: format, name, nodes and edges', () => {
    expect(parseModel(minimal)).toEqual({ ok: true, model: minimal });
  });

  it('reads JSON text as well as values', () => {
    expect(parseModel(JSON.stringify(minimal)).ok).toBe(true);
  });

  it('accepts the shared e-commerce example', (context) => {
    const file = sharedPath('examples/ecommerce.json');
    if (file === undefined) return context.skip('../shared is absent: the shared example is not available');
    const result = parseModel(readFileSync(file, 'utf8'));
    expect(result.ok && result.model.nodes.length).toBeGreaterThan(20);
  });

  it('keeps unknown fields everywhere (round trip)', () => {
    const input = {
      ...minimal,
      x: { deep: [1] },
      contexts: [{ id: 'c', name: 'C', color: 'red' }],
      nodes: [
        {
          id: 's',
          kind: 'service',
          name: 'S',
          context: 'c',
          owner: 'ann',
          runtime: { port: 80, sidecar: true },
        },
      ],
      edges: [{ id: 'e', kind: 'sync', from: 's', to: 's', protocol: 'rest', weight: 3 }],
      settings: { rules: {}, theme: 'dark' },
    };
    const result = parseModel(input);
    expect(result.ok && result.model).toEqual(input);
  });

  it('names the place of a wrong type, a missing field and a wrong enum', () => {
    expect(
      errorsOf({
        format: 'meshplan/v1',
        name: 3,
        nodes: [{ id: 'd', kind: 'datastore', name: 'D' }],
        edges: [{ id: 'e', kind: 'data', from: 'd', to: 'd', access: 'rw' }],
      }),
    ).toEqual([
      'name: expected a string, got number 3',
      'nodes[0].engine: is required (one of "postgres", "mysql", "mongodb", "redis", "cassandra", "elasticsearch", "dynamodb", "other")',
      'edges[0].access: expected one of "read", "write", "readwrite"; got "rw"',
    ]);
  });

  it('requires format, name, nodes and edges', () => {
    expect(errorsOf({})).toEqual([
      'format: is required (one of "meshplan/v1")',
      'name: is required (a string)',
      'nodes: is required (an array)',
      'edges: is required (an array)',
    ]);
  });

  it('refuses other format versions with a clear message', () => {
    expect(errorsOf({ ...minimal, format: 'meshplan/v2' })).toEqual([
      'format: unsupported format "meshplan/v2"; this version of Meshplan reads "meshplan/v1"',
    ]);
  });

  it('names unknown node and edge kinds with the kinds allowed', () => {
    expect(errorsOf({ ...minimal, nodes: [{ id: 'a', kind: 'svc', name: 'A' }] })).toEqual([
      'nodes[0].kind: "svc" is not one; expected one of "service", "datastore", "topic", "gateway", "client", "external"',
    ]);
  });

  it('checks id syntax', () => {
    expect(errorsOf({ ...minimal, nodes: [{ id: '../x', kind: 'client', name: 'A' }] })).toEqual([
      'nodes[0].id: must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-", got "../x"',
    ]);
    expect(errorsOf({ ...minimal, nodes: [{ id: 'a'.repeat(65), kind: 'client', name: 'A' }] })).toHaveLength(
      1,
    );
  });

  it('resolves an edge to the node of a repeated id, not to the context that has it first', () => {
    expect(
      errorsOf({
        ...minimal,
        contexts: [{ id: 'x', name: 'X' }],
        nodes: [
          { id: 'x', kind: 'service', name: 'A', context: 'x' },
          { id: 'b', kind: 'service', name: 'B' },
        ],
        edges: [{ id: 'b', kind: 'sync', from: 'x', to: 'b', protocol: 'rest' }],
      }),
    ).toEqual([
      'nodes[0].id: "x" is already the id of contexts[0]',
      'edges[0].id: "b" is already the id of nodes[1]',
    ]);
  });

  it('finds ids used twice, across every kind of element', () => {
    expect(
      errorsOf({
        ...minimal,
        contexts: [{ id: 'x', name: 'X' }],
        nodes: [
          { id: 'x', kind: 'client', name: 'A' },
          { id: 'b', kind: 'client', name: 'B' },
        ],
        sagas: [{ id: 'b', name: 'S', style: 'choreographed', steps: [] }],
      }),
    ).toEqual([
      'nodes[0].id: "x" is already the id of contexts[0]',
      'sagas[0].id: "b" is already the id of nodes[1]',
    ]);
  });

  it('finds dangling edge ends and contexts', () => {
    expect(
      errorsOf({
        ...minimal,
        nodes: [{ id: 'a', kind: 'service', name: 'A', context: 'nowhere' }],
        edges: [
          { id: 'e0', kind: 'sync', from: 'a', to: 'a', protocol: 'rest' },
          { id: 'e1', kind: 'sync', from: 'ghost', to: 'svc-x', protocol: 'rest' },
        ],
      }),
    ).toEqual([
      'nodes[0].context: no context "nowhere"',
      'edges[1].from: no node "ghost"',
      'edges[1].to: no node "svc-x"',
    ]);
  });

  it('checks edge kinds against node kinds, naming the edge, its ends and what is allowed', () => {
    expect(
      errorsOf({
        ...minimal,
        nodes: [
          { id: 's', kind: 'service', name: 'Orders' },
          { id: 't', kind: 'topic', name: 'Order events', broker: 'kafka' },
        ],
        edges: [{ id: 'e', kind: 'data', from: 's', to: 't', access: 'write' }],
      }),
    ).toEqual([
      'edges[0].kind: a data edge cannot go from service "Orders" to topic "Order events"; data edges go service → datastore',
    ]);
  });

  it('allows every edge kind between the node kinds the format lists', () => {
    const nodes = ['service', 'datastore', 'topic', 'gateway', 'client', 'external'].map((kind) => ({
      id: kind,
      kind,
      name: kind,
      ...(kind === 'datastore' ? { engine: 'redis' } : kind === 'topic' ? { broker: 'nats' } : {}),
    }));
    const edges = [
      ['sync', 'client', 'service', { protocol: 'rest' }],
      ['sync', 'gateway', 'external', { protocol: 'grpc' }],
      ['sync', 'service', 'service', { protocol: 'graphql' }],
      ['route', 'client', 'gateway', {}],
      ['route', 'gateway', 'service', {}],
      ['publish', 'service', 'topic', {}],
      ['subscribe', 'topic', 'service', {}],
      ['data', 'service', 'datastore', { access: 'read' }],
    ].map(([kind, from, to, extra], i) => ({ id: `e${i}`, kind, from, to, ...(extra as object) }));
    expect(errorsOf({ ...minimal, nodes, edges })).toEqual([]);
  });

  it('reports bad JSON with line and column, and empty documents', () => {
    expect(errorsOf('{\n  "format": "meshplan/v1",\n  "name": }')).toEqual([
      'not valid JSON at line 3, column 11: value expected',
    ]);
    expect(errorsOf('{"a": 1,}')).toEqual(['not valid JSON at line 1, column 9: property name expected']);
    expect(errorsOf('   ')).toEqual(['not valid JSON: the document is empty']);
  });

  it('refuses documents that are not objects', () => {
    expect(errorsOf('[]')).toEqual(['expected an object, got an array']);
    expect(errorsOf(null)).toEqual(['expected an object, got null']);
  });

  it('treats hostile names as data', () => {
    const name = '../../etc/passwd "quoted" <script>alert(1)</script>\n: # {{}}';
    const value = { ...minimal, name, nodes: [{ id: 'a', kind: 'client', name }] };
    expect(parseModel(value)).toEqual({ ok: true, model: value });
  });

  it('does not let __proto__ keys change object prototypes', () => {
    const result = parseModel(
      '{"format":"meshplan/v1","name":"m","nodes":[],"edges":[],"__proto__":{"polluted":true}}',
    );
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
