import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { applyLayout, layOut, layoutRequest, needsLayout, nodeBox } from './index.js';

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

type Box = { x: number; y: number; width: number; height: number };
const boxOf = (node: Model['nodes'][number]): Box => ({
  ...(node.position as { x: number; y: number }),
  ...nodeBox(node.name),
});
const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layered layout', () => {
  it('places every element, each node inside its context, no two nodes overlapping', async () => {
    expect(needsLayout(model)).toBe(true);
    const result = await layOut(layoutRequest(model));
    const draft = structuredClone(model);
    applyLayout(draft, result);
    expect(needsLayout(draft)).toBe(false);
    for (const node of draft.nodes) {
      const context = draft.contexts?.find((c) => c.id === node.context);
      if (context?.position === undefined || context.size === undefined) continue;
      expect(
        contains({ ...context.position, ...context.size }, boxOf(node)),
        `${node.id} in its context`,
      ).toBe(true);
    }
    for (const a of draft.nodes)
      for (const b of draft.nodes)
        if (a !== b) expect(overlap(boxOf(a), boxOf(b)), `${a.id} and ${b.id} overlap`).toBe(false);
  });

  it('leaves out a context that is named but not there', () => {
    const request = layoutRequest({
      ...model,
      nodes: [{ id: 'x', kind: 'service', name: 'X', context: 'nowhere' }],
    });
    expect(request.nodes).toEqual([{ id: 'x', width: 150, height: 64 }]);
  });
});
