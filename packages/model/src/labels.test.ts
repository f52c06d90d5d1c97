import { describe, expect, it } from 'vitest';
import {
  EDGE_KINDS,
  edgeHeading,
  edgeKindName,
  edgeLabel,
  edgeSpoken,
  elementName,
  nodeNames,
} from './index.js';

const names = nodeNames({
  nodes: [
    { id: 'service-3', name: 'Orders' },
    { id: 'service-5', name: 'Payments' },
    { id: 'client-1', name: '' },
  ],
});

describe('labels: names, never ids', () => {
  it('names an element by its name, and by its id only when it has none', () => {
    expect(elementName({ id: 'ctx-1', name: 'Checkout' })).toBe('Checkout');
    expect(elementName({ id: 'ctx-1', name: '' })).toBe('ctx-1');
    expect(elementName({ id: 'ctx-1' })).toBe('ctx-1');
    expect(elementName({ id: 'ctx-1', name: 42 })).toBe('ctx-1');
  });

  it('heads an edge with its kind in words and the names of its ends', () => {
    const edge = { id: 'sync-1', kind: 'sync', from: 'service-3', to: 'service-5' };
    expect(edgeLabel(edge, names)).toBe('Orders → Payments');
    expect(edgeHeading(edge, names)).toBe('Sync call: Orders → Payments');
    expect(edgeSpoken(edge, names)).toBe('Sync call from Orders to Payments');
  });

  it('falls back to an end’s id when that node has no name or is missing', () => {
    const edge = { kind: 'route', from: 'client-1', to: 'gateway-9' };
    expect(edgeHeading(edge, names)).toBe('Route: client-1 → gateway-9');
    expect(edgeSpoken(edge, names)).toBe('Route from client-1 to gateway-9');
  });

  it('has words for every edge kind, and leaves an unknown kind as written', () => {
    for (const kind of EDGE_KINDS) expect(edgeKindName(kind)).not.toBe(kind);
    expect(edgeKindName('teleport')).toBe('teleport');
    expect(edgeKindName('toString')).toBe('toString');
  });
});
