import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { applyLayout, diagramProblems, keepPinned, layOut, layoutRequest, pinnedIds } from './index.js';

const model: Model = {
  format: 'meshplan/v1',
  name: 'Pins',
  contexts: [
    { id: 'orders', name: 'Orders' },
    { id: 'billing', name: 'Billing' },
  ],
  nodes: [
    { id: 'web', kind: 'client', name: 'Web' },
    { id: 'gw', kind: 'gateway', name: 'Gateway' },
    { id: 'order-api', kind: 'service', name: 'Order API', context: 'orders' },
    { id: 'order-db', kind: 'datastore', name: 'Order DB', engine: 'postgres', context: 'orders' },
    { id: 'billing-api', kind: 'service', name: 'Billing API', context: 'billing' },
    { id: 'billing-db', kind: 'datastore', name: 'Billing DB', engine: 'postgres', context: 'billing' },
  ],
  edges: [
    { id: 'e1', kind: 'route', from: 'web', to: 'gw' },
    { id: 'e2', kind: 'route', from: 'gw', to: 'order-api' },
    { id: 'e3', kind: 'data', from: 'order-api', to: 'order-db', access: 'readwrite' },
    { id: 'e4', kind: 'sync', from: 'order-api', to: 'billing-api', protocol: 'rest' },
    { id: 'e5', kind: 'data', from: 'billing-api', to: 'billing-db', access: 'readwrite' },
  ],
};

async function laidOut(m: Model): Promise<Model> {
  const draft = structuredClone(m);
  applyLayout(draft, await layOut(layoutRequest(draft)));
  return draft;
}

describe('pinned elements and Auto-layout', () => {
  it('a pinned node stays where it was put, even where the layout puts another; nothing overlaps', async () => {
    const placed = await laidOut(model);
    // The gateway pinned onto the place the layout gives Billing's frame: both cannot stay.
    const billing = placed.contexts?.find((c) => c.id === 'billing')?.position as { x: number; y: number };
    const pinnedAt = { x: billing.x + 30, y: billing.y + 60 };
    const pinned: Model = {
      ...placed,
      nodes: placed.nodes.map((n) => (n.id === 'gw' ? { ...n, position: pinnedAt, pinned: true } : n)),
    };
    expect([...pinnedIds(pinned)]).toEqual(['gw']);
    const again = structuredClone(pinned);
    applyLayout(again, keepPinned(pinned, await layOut(layoutRequest(pinned))));
    expect(again.nodes.find((n) => n.id === 'gw')?.position).toEqual(pinnedAt);
    expect(diagramProblems(again).filter((p) => !p.includes('route'))).toEqual([]);
    // Without the pin, the layout moves it.
    const unpinned = structuredClone(pinned);
    applyLayout(unpinned, await layOut(layoutRequest(pinned)));
    expect(unpinned.nodes.find((n) => n.id === 'gw')?.position).not.toEqual(pinnedAt);
  });

  it('a pinned context keeps its place, its size and its members where they are', async () => {
    const placed = await laidOut(model);
    const orders = placed.contexts?.find((c) => c.id === 'orders');
    const moved: Model = {
      ...placed,
      contexts: placed.contexts?.map((c) =>
        c.id === 'orders' ? { ...c, position: { x: 2000, y: 1500 }, pinned: true } : c,
      ),
      nodes: placed.nodes.map((n) =>
        n.context === 'orders' && n.position
          ? {
              ...n,
              position: {
                x: n.position.x + 2000 - (orders?.position?.x ?? 0),
                y: n.position.y + 1500 - (orders?.position?.y ?? 0),
              },
            }
          : n,
      ),
    };
    expect(pinnedIds(moved)).toEqual(new Set(['orders', 'order-api', 'order-db']));
    const again = structuredClone(moved);
    applyLayout(again, keepPinned(moved, await layOut(layoutRequest(moved))));
    const context = again.contexts?.find((c) => c.id === 'orders');
    expect(context?.position).toEqual({ x: 2000, y: 1500 });
    expect(context?.size).toEqual(orders?.size);
    for (const id of ['order-api', 'order-db'])
      expect(again.nodes.find((n) => n.id === id)?.position).toEqual(
        moved.nodes.find((n) => n.id === id)?.position,
      );
    expect(diagramProblems(again).filter((p) => !p.includes('route'))).toEqual([]);
  });

  it('a model with nothing pinned takes the layout as it is', async () => {
    const layout = await layOut(layoutRequest(model));
    expect(keepPinned(model, layout)).toBe(layout);
  });
});
