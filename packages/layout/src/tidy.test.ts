import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { applyLayout, diagramProblems, fitContexts, movedBetween, tidy } from './index.js';
import { produce } from './test-support.js';

const svc = (id: string, x: number, y: number, context?: string): Model['nodes'][number] => ({
  id,
  kind: 'service',
  name: `Service ${id}`,
  position: { x, y },
  ...(context === undefined ? {} : { context }),
});
const sync = (id: string, from: string, to: string): Model['edges'][number] => ({
  id,
  kind: 'sync',
  from,
  to,
  protocol: 'rest',
});

/** Orders is a mess (members on top of each other); Billing beside it is tidy. */
const messy: Model = {
  format: 'meshplan/v1',
  name: 'Messy',
  contexts: [
    { id: 'orders', name: 'Orders', position: { x: 0, y: 0 }, size: { width: 700, height: 400 } },
    { id: 'billing', name: 'Billing', position: { x: 800, y: 0 }, size: { width: 260, height: 160 } },
  ],
  nodes: [
    svc('a', 30, 60, 'orders'),
    svc('b', 50, 70, 'orders'),
    svc('c', 60, 90, 'orders'),
    svc('d', 400, 300, 'orders'),
    svc('x', 824, 48, 'billing'),
    svc('loose', 0, 600),
  ],
  edges: [sync('ab', 'a', 'b'), sync('bc', 'b', 'c'), sync('cx', 'c', 'x'), sync('ad', 'a', 'd')],
};

async function tidied(model: Model, ids: string[]): Promise<Model> {
  const result = await tidy(model, ids);
  return produce(model, (draft) => applyLayout(draft, result));
}

describe('tidy', () => {
  it('lays out a selected context and moves nothing outside it', async () => {
    expect(diagramProblems(messy).length).toBeGreaterThan(0);
    const after = await tidied(messy, ['orders']);
    expect(diagramProblems(after)).toEqual([]);
    expect(movedBetween(messy, after).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(after.contexts?.find((c) => c.id === 'orders')?.position).toEqual({ x: 0, y: 0 });
    expect(after.contexts?.find((c) => c.id === 'billing')).toEqual(messy.contexts?.[1]);
  });

  it('lays out selected nodes among themselves where they were, leaving the other members in place', async () => {
    const after = await tidied(messy, ['a', 'b', 'c']);
    expect(diagramProblems(after)).toEqual([]);
    // The block starts where the selection did: the first node may keep its place.
    expect(movedBetween(messy, after).every((id) => ['a', 'b', 'c'].includes(id))).toBe(true);
    expect(after.contexts).toEqual(messy.contexts);
  });

  it('keeps a grown context off its neighbour: it grows the other way or moves to free space', async () => {
    // Eight members in a row need a wide frame: growing right from Orders' corner would cover Billing.
    const crowded = produce(messy, (draft) => {
      for (let i = 0; i < 6; i++) {
        draft.nodes.push(svc(`r${i}`, 30 + i * 5, 60 + i * 5, 'orders'));
        draft.edges.push(sync(`chain${i}`, i === 0 ? 'd' : `r${i - 1}`, `r${i}`));
      }
    });
    const after = await tidied(crowded, ['orders']);
    expect(diagramProblems(after)).toEqual([]);
    expect(after.contexts?.find((c) => c.id === 'billing')).toEqual(messy.contexts?.[1]);
    expect(movedBetween(crowded, after).filter((id) => !id.startsWith('r') && !'abcd'.includes(id))).toEqual(
      [],
    );
  });
});

describe('fitContexts', () => {
  it('grows a context to hold a node dropped half outside it, moving nothing else', () => {
    const dropped = produce(messy, (draft) => {
      const d = draft.nodes.find((n) => n.id === 'd');
      if (d) d.position = { x: 640, y: 380 };
    });
    expect(diagramProblems(dropped)).toContain('node d is outside its context orders');
    const after = produce(dropped, (draft) => applyLayout(draft, fitContexts(dropped, ['d'])));
    expect(diagramProblems(after).filter((p) => p.includes('outside'))).toEqual([]);
    expect(movedBetween(dropped, after)).toEqual([]);
    expect(after.contexts?.find((c) => c.id === 'orders')?.position).toEqual({ x: 0, y: 0 });
  });
});
