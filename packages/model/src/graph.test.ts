import { describe, expect, it } from 'vitest';
import { edgeKindsBetween, indexModel, parseModelOrThrow, syntheticModel } from './index.js';

const model = parseModelOrThrow({
  format: 'meshplan/v1',
  name: 'g',
  contexts: [{ id: 'c1', name: 'One' }],
  nodes: [
    { id: 'a', kind: 'service', name: 'Alpha', context: 'c1' },
    { id: 'b', kind: 'service', name: 'Beta' },
    { id: 'db', kind: 'datastore', name: 'Store', engine: 'mysql', context: 'c1' },
  ],
  edges: [
    { id: 'ab', kind: 'sync', from: 'a', to: 'b', protocol: 'rest' },
    { id: 'ba', kind: 'sync', from: 'b', to: 'a', protocol: 'rest' },
    { id: 'adb', kind: 'data', from: 'a', to: 'db', access: 'write' },
  ],
});

describe('ModelIndex', () => {
  const index = indexModel(model);

  it('finds edges in and out of a node, by kind or all', () => {
    expect(index.outEdges('a').map((e) => e.id)).toEqual(['ab', 'adb']);
    expect(index.outEdges('a', 'sync').map((e) => e.id)).toEqual(['ab']);
    expect(index.inEdges('a', 'sync').map((e) => e.id)).toEqual(['ba']);
    expect(index.inEdges('db', 'sync')).toEqual([]);
    expect(index.outEdges('nobody')).toEqual([]);
  });

  it('groups nodes by kind and by context', () => {
    expect(index.services.map((s) => s.id)).toEqual(['a', 'b']);
    expect(index.nodesOfKind('datastore').map((s) => s.id)).toEqual(['db']);
    expect(index.nodesInContext('c1').map((n) => n.id)).toEqual(['a', 'db']);
    expect(index.servicesInContext('c1').map((n) => n.id)).toEqual(['a']);
  });

  it('knows nodes by position in model.nodes, and edge ends as positions', () => {
    expect(index.position('db')).toBe(2);
    expect(index.position('nobody')).toBe(-1);
    expect([...index.edgeFrom]).toEqual([0, 1, 0]);
    expect([...index.edgeTo]).toEqual([1, 0, 2]);
    expect(index.kindAt(2)).toBe('datastore');
    expect(index.kindAt(-1)).toBeUndefined();
    expect([0, 1, 2].map((at) => index.degreeAt(at))).toEqual([3, 2, 1]);
    expect(index.outEdgesAt(0, 'data').map((e) => e.id)).toEqual(['adb']);
    expect(index.inEdgesAt(0, 'sync').map((e) => e.id)).toEqual(['ba']);
  });

  it('marks an edge end that names no node with -1', () => {
    const draft = indexModel({
      ...model,
      edges: [{ id: 'x', kind: 'sync', from: 'a', to: 'gone', protocol: 'rest' }],
    });
    expect([draft.edgeFrom[0], draft.edgeTo[0]]).toEqual([0, -1]);
    expect(draft.outEdges('a').map((e) => e.id)).toEqual(['x']);
    expect(draft.degree('a')).toBe(1);
  });

  it('labels elements by name, edges by their ends', () => {
    expect(index.label('a')).toBe('Alpha');
    expect(index.label('c1')).toBe('One');
    expect(index.label('ab')).toBe('Alpha → Beta');
    expect(index.label('missing')).toBe('missing');
  });

  it('is built in linear time for large models', () => {
    const big = syntheticModel({ services: 10_000 });
    const built = indexModel(big);
    expect(built.node(big.nodes.at(-1)?.id ?? '')).toBe(big.nodes.at(-1));
    expect(built.position(big.nodes[5]?.id ?? '')).toBe(5);
    expect(built.edge(big.edges.at(-1)?.id ?? '')).toBe(big.edges.at(-1));
    expect(built.edge('nobody')).toBeUndefined();
  });
});

describe('edgeKindsBetween', () => {
  it('offers the edge kinds that fit two node kinds', () => {
    expect(edgeKindsBetween('gateway', 'service')).toEqual(['sync', 'route']);
    expect(edgeKindsBetween('service', 'topic')).toEqual(['publish']);
    expect(edgeKindsBetween('datastore', 'service')).toEqual([]);
  });
});

describe('syntheticModel', () => {
  it('is valid and deterministic', () => {
    const first = syntheticModel({ services: 300, seed: 7 });
    expect(parseModelOrThrow(first)).toEqual(first);
    expect(syntheticModel({ services: 300, seed: 7 })).toEqual(first);
    expect(first.edges.length / 300).toBeGreaterThan(3.5);
  });
});
