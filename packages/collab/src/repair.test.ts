import { type Model, parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { repairModel } from './index.js';

const merged = {
  format: 'meshplan/v1',
  name: 'After a merge',
  contexts: [{ id: 'ordering', name: 'Ordering' }],
  nodes: [
    { id: 'web', kind: 'client', name: 'Web' },
    { id: 'orders', kind: 'service', name: 'Orders', context: 'ordering' },
    { id: 'payments', kind: 'service', name: 'Payments', context: 'billing' },
    { id: 'db', kind: 'topic', name: 'Now a topic', broker: 'kafka' },
  ],
  edges: [
    { id: 'ok', kind: 'sync', from: 'web', to: 'orders', protocol: 'rest' },
    { id: 'to-gone', kind: 'sync', from: 'orders', to: 'shipping', protocol: 'rest' },
    { id: 'both-gone', kind: 'sync', from: 'a', to: 'b', protocol: 'rest' },
    { id: 'misfit', kind: 'data', from: 'orders', to: 'db', access: 'read' },
  ],
  sagas: [
    {
      id: 'saga',
      name: 'Checkout',
      style: 'orchestrated',
      orchestrator: 'gone',
      steps: [{ service: 'gone', action: 'do' }],
    },
  ],
} as Model;

describe('repairModel', () => {
  it('removes dangling edges and context references, and says so', () => {
    const { model, repairs } = repairModel(merged);
    expect(model.edges.map((edge) => edge.id)).toEqual(['ok']);
    expect(model.nodes.find((node) => node.id === 'payments')).not.toHaveProperty('context');
    expect(model.nodes.find((node) => node.id === 'orders')?.context).toBe('ordering');
    expect(model.sagas).toEqual(merged.sagas);
    expect(repairs).toEqual([
      'Removed service "Payments" from context "billing", which no longer exists',
      'Removed sync edge "Orders → shipping": node "shipping" no longer exists',
      'Removed sync edge "a → b": nodes "a" and "b" no longer exist',
      'Removed data edge "Orders → Now a topic": a data edge cannot go from service to topic',
    ]);
    expect(parseModel(model)).toMatchObject({ ok: true });
  });

  it('does not change its input, and returns a valid model as it is', () => {
    const before = structuredClone(merged);
    repairModel(merged);
    expect(merged).toEqual(before);
    const { model } = repairModel(merged);
    const again = repairModel(model);
    expect(again.repairs).toEqual([]);
    expect(again.model).toBe(model);
  });
});
