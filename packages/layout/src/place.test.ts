import type { Model } from '@meshplan/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyLayout,
  contains,
  contextFrames,
  diagramProblems,
  frameInterior,
  layOut,
  layoutRequest,
  movedBetween,
  nodeBoxes,
  overlaps,
  placeUnplaced,
} from './index.js';
import { produce } from './test-support.js';

const base: Model = {
  format: 'meshplan/v1',
  name: 'Placed',
  contexts: [
    { id: 'orders', name: 'Orders', position: { x: 0, y: 0 }, size: { width: 460, height: 150 } },
    { id: 'billing', name: 'Billing', position: { x: 600, y: 0 }, size: { width: 260, height: 150 } },
  ],
  nodes: [
    { id: 'web', kind: 'client', name: 'Web', position: { x: 0, y: 300 } },
    { id: 'order-api', kind: 'service', name: 'Order API', context: 'orders', position: { x: 24, y: 48 } },
    {
      id: 'order-db',
      kind: 'datastore',
      name: 'Order DB',
      engine: 'postgres',
      context: 'orders',
      position: { x: 250, y: 48 },
    },
    {
      id: 'billing-api',
      kind: 'service',
      name: 'Billing API',
      context: 'billing',
      position: { x: 624, y: 48 },
    },
  ],
  edges: [{ id: 'e1', kind: 'sync', from: 'web', to: 'order-api', protocol: 'rest' }],
};

async function placed(model: Model): Promise<Model> {
  const result = await placeUnplaced(model);
  return produce(model, (draft) => applyLayout(draft, result));
}

describe('placeUnplaced', () => {
  it('puts a new node inside its context, beside the node it connects to, growing the frame only where it must', async () => {
    const model = produce(base, (draft) => {
      draft.nodes.push({ id: 'order-worker', kind: 'service', name: 'Order worker', context: 'orders' });
      draft.edges.push({ id: 'e2', kind: 'sync', from: 'order-worker', to: 'order-db', protocol: 'rest' });
    });
    const after = await placed(model);
    expect(movedBetween(model, after)).toEqual([]);
    expect(diagramProblems(after)).toEqual([]);
    const boxes = nodeBoxes(after);
    const worker = boxes.get('order-worker');
    const db = boxes.get('order-db');
    // Beside the store it reads: within one box and a gap of it, not across the diagram.
    expect(
      Math.abs((worker?.x ?? 0) - (db?.x ?? 0)) + Math.abs((worker?.y ?? 0) - (db?.y ?? 0)),
    ).toBeLessThan(260);
    // The frame grew down (there is room below, none to the right), keeping its place.
    const orders = after.contexts?.find((c) => c.id === 'orders');
    expect(orders?.position).toEqual({ x: 0, y: 0 });
    expect(orders?.size?.height).toBeGreaterThan(150);
    expect(orders?.size?.width).toBeLessThanOrEqual(600 - 12);
  });

  it('grows a context the other way when growing its usual way would cover a neighbour', async () => {
    const model = produce(base, (draft) => {
      // Billing right under Orders: Orders cannot grow down.
      const billing = draft.contexts?.[1];
      if (billing) billing.position = { x: 0, y: 170 };
      const api = draft.nodes.find((n) => n.id === 'billing-api');
      if (api) api.position = { x: 24, y: 218 };
      const web = draft.nodes.find((n) => n.id === 'web');
      if (web) web.position = { x: 900, y: 400 };
      draft.nodes.push({ id: 'order-worker', kind: 'service', name: 'Order worker', context: 'orders' });
      draft.edges.push({ id: 'e2', kind: 'sync', from: 'order-worker', to: 'order-db', protocol: 'rest' });
    });
    const after = await placed(model);
    expect(movedBetween(model, after)).toEqual([]);
    expect(diagramProblems(after)).toEqual([]);
  });

  it('places a new context with its members in free space, beside what they connect to', async () => {
    const model = produce(base, (draft) => {
      draft.contexts?.push({ id: 'shipping', name: 'Shipping' });
      draft.nodes.push(
        { id: 'ship-api', kind: 'service', name: 'Shipping API', context: 'shipping' },
        { id: 'ship-db', kind: 'datastore', name: 'Shipping DB', engine: 'postgres', context: 'shipping' },
      );
      draft.edges.push(
        { id: 'e2', kind: 'sync', from: 'order-api', to: 'ship-api', protocol: 'rest' },
        { id: 'e3', kind: 'data', from: 'ship-api', to: 'ship-db', access: 'readwrite' },
      );
    });
    const after = await placed(model);
    expect(movedBetween(model, after)).toEqual([]);
    expect(diagramProblems(after)).toEqual([]);
    expect(after.contexts?.find((c) => c.id === 'shipping')?.size).toBeDefined();
  });

  it('places a loose node outside every context frame', async () => {
    const model = produce(base, (draft) => {
      draft.nodes.push({ id: 'partner', kind: 'external', name: 'Partner API' });
      draft.edges.push({ id: 'e2', kind: 'sync', from: 'billing-api', to: 'partner', protocol: 'rest' });
    });
    const after = await placed(model);
    const partner = nodeBoxes(after).get('partner');
    expect(partner).toBeDefined();
    for (const frame of contextFrames(after).values()) expect(overlaps(frame, partner as never)).toBe(false);
    expect(diagramProblems(after)).toEqual([]);
  });

  it('fills placed contexts with nodes that have no position, growing each to hold them', async () => {
    const model = produce(base, (draft) => {
      for (let i = 0; i < 6; i++)
        draft.nodes.push({
          id: `extra-${i}`,
          kind: 'service',
          name: `Extra service ${i}`,
          context: 'billing',
        });
    });
    const after = await placed(model);
    expect(movedBetween(model, after)).toEqual([]);
    expect(diagramProblems(after)).toEqual([]);
    const billing = after.contexts?.find((c) => c.id === 'billing');
    expect((billing?.size?.width ?? 0) * (billing?.size?.height ?? 0)).toBeGreaterThan(260 * 150);
  });

  it('gives a model with no positions at all the full layered layout', async () => {
    const bare = produce(base, (draft) => {
      for (const node of draft.nodes) delete node.position;
      for (const context of draft.contexts ?? []) {
        delete context.position;
        delete context.size;
      }
    });
    const result = await placeUnplaced(bare);
    expect(result).toEqual(await layOut(layoutRequest(bare)));
  });
});

/** A random model: a few contexts, nodes with names of every width, edges among them. */
const models = fc
  .record({
    contexts: fc.integer({ min: 0, max: 4 }),
    names: fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 18 }),
    homes: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 18, maxLength: 18 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 25 }),
    added: fc.array(
      fc.record({
        name: fc.string({ minLength: 1, maxLength: 40 }),
        home: fc.integer({ min: -1, max: 4 }),
        link: fc.nat(),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ contexts, names, homes, links, added }) => {
    const contextIds = Array.from({ length: contexts }, (_, i) => `c${i}`);
    const nodes = names.map((name, i) => {
      const home = homes[i] ?? -1;
      return {
        id: `n${i}`,
        kind: 'service' as const,
        name,
        ...(home >= 0 && home < contexts ? { context: `c${home}` } : {}),
      };
    });
    const edges = links
      .map(([a, b], i) => ({
        id: `e${i}`,
        kind: 'sync' as const,
        from: `n${a % nodes.length}`,
        to: `n${b % nodes.length}`,
        protocol: 'rest' as const,
      }))
      .filter((e) => e.from !== e.to);
    const model: Model = {
      format: 'meshplan/v1',
      name: 'Random',
      contexts: contextIds.map((id) => ({ id, name: id })),
      nodes,
      edges,
    };
    return { model, added };
  });

describe('placeUnplaced on random models', () => {
  it('moves no placed node and overlaps nothing, each new node inside its context', async () => {
    await fc.assert(
      fc.asyncProperty(models, async ({ model, added }) => {
        const layout = await layOut(layoutRequest(model));
        const before = produce(model, (draft) => applyLayout(draft, layout));
        const grown = produce(before, (draft) => {
          added.forEach((a, i) => {
            const context = (draft.contexts ?? [])[a.home];
            draft.nodes.push({
              id: `new${i}`,
              kind: 'service',
              name: a.name,
              ...(context ? { context: context.id } : {}),
            });
            const other = draft.nodes[a.link % draft.nodes.length];
            if (other && other.id !== `new${i}`)
              draft.edges.push({
                id: `new-e${i}`,
                kind: 'sync',
                from: `new${i}`,
                to: other.id,
                protocol: 'rest',
              });
          });
        });
        const result = await placeUnplaced(grown);
        const after = produce(grown, (draft) => applyLayout(draft, result));
        expect(movedBetween(before, after)).toEqual([]);
        const boxes = nodeBoxes(after);
        const frames = contextFrames(after);
        // A context hemmed in on every side cannot grow without covering a neighbour (nothing
        // placed may move): placement says so, and only such a context may overlap another.
        const crowded = new Set(result.crowded ?? []);
        const problems = diagramProblems(after).filter(
          (p) =>
            !/^contexts (\S+) and (\S+) overlap$/.test(p) || !p.split(' ').some((word) => crowded.has(word)),
        );
        expect(problems).toEqual([]);
        for (const node of after.nodes) {
          if (!node.id.startsWith('new')) continue;
          const box = boxes.get(node.id);
          expect(box).toBeDefined();
          if (node.context !== undefined)
            expect(contains(frameInterior(frames.get(node.context) as never), box as never)).toBe(true);
          else for (const frame of frames.values()) expect(overlaps(frame, box as never)).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
