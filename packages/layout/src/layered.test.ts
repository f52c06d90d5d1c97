import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { applyLayout, layOut, layoutRequest, NODE_SIZE, needsLayout } from './index.js';

const model: Model = {
  format: 'meshplan/v1',
  name: 'Two contexts',
  contexts: [
    { id: 'orders', name: 'Orders' },
    { id: 'billing', name: 'Billing' },
  ],
  nodes: [
    { id: 'web', kind: 'client', name: 'Web' },
    { id: 'order-api', kind: 'service', name: 'Order API', context: 'orders' },
    { id: 'order-db', kind: 'datastore', name: 'Order DB', engine: 'postgres', context: 'orders' },
    { id: 'billing-api', kind: 'service', name: 'Billing API', context: 'billing' },
  ],
  edges: [
    { id: 'e1', kind: 'sync', from: 'web', to: 'order-api', protocol: 'rest' },
    { id: 'e2', kind: 'data', from: 'order-api', to: 'order-db', access: 'readwrite' },
    { id: 'e3', kind: 'sync', from: 'order-api', to: 'billing-api', protocol: 'grpc' },
  ],
};

const inside = (
  point: { x: number; y: number },
  origin: { x: number; y: number },
  size: { width: number; height: number },
) =>
  point.x >= origin.x &&
  point.y >= origin.y &&
  point.x + NODE_SIZE.width <= origin.x + size.width &&
  point.y + NODE_SIZE.height <= origin.y + size.height;

describe('layered layout', () => {
  it('places every element, each node inside its context, no two nodes overlapping', async () => {
    expect(needsLayout(model)).toBe(true);
    const result = await layOut(layoutRequest(model));
    const draft = structuredClone(model);
    applyLayout(draft, result);
    expect(needsLayout(draft)).toBe(false);
    for (const node of draft.nodes) {
      const context = draft.contexts?.find((c) => c.id === node.context);
      if (context === undefined) continue;
      expect(
        inside(
          node.position as { x: number; y: number },
          context.position as { x: number; y: number },
          context.size as { width: number; height: number },
        ),
      ).toBe(true);
    }
    for (const a of draft.nodes)
      for (const b of draft.nodes) {
        if (a === b || a.position === undefined || b.position === undefined) continue;
        const apart =
          Math.abs(a.position.x - b.position.x) >= NODE_SIZE.width ||
          Math.abs(a.position.y - b.position.y) >= NODE_SIZE.height;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
  });

  it('leaves out a context that is named but not there', () => {
    const request = layoutRequest({
      ...model,
      nodes: [{ id: 'x', kind: 'service', name: 'X', context: 'nowhere' }],
    });
    expect(request.nodes).toEqual([{ id: 'x' }]);
  });
});
