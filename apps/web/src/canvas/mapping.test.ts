import type { Model } from '@meshplan/model';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { toFlowEdges, toFlowNodes } from './mapping.js';

const model: Model = {
  format: 'meshplan/v1',
  name: 'Mapping',
  contexts: [{ id: 'ctx', name: 'Orders', position: { x: 0, y: 0 }, size: { width: 600, height: 400 } }],
  nodes: [
    { id: 'a', kind: 'service', name: 'A', context: 'ctx', position: { x: 40, y: 60 } },
    { id: 'b', kind: 'service', name: 'B', position: { x: 900, y: 60 } },
  ],
  edges: [],
};
const selected = (nodes: ReturnType<typeof toFlowNodes>) => nodes.filter((n) => n.selected).map((n) => n.id);

describe('toFlowNodes', () => {
  it('hands over the same objects while nothing they show changed, and new ones when it did', () => {
    const first = toFlowNodes(model, new Set(['a']));
    const again = toFlowNodes({ ...model }, new Set(['a']));
    expect(again.every((node, i) => node === first[i])).toBe(true);
    const moved = {
      ...model,
      nodes: [{ ...(model.nodes[0] as Model['nodes'][number]), name: 'A2' }, model.nodes[1]],
    };
    const afterRename = toFlowNodes(moved as Model, new Set(['a']));
    expect(afterRename[1]).not.toBe(first[1]);
    expect(afterRename[2]).toBe(first[2]);
  });

  it('never reuses an element made for another selection, even one that left the model and came back', () => {
    const selectionA = new Set(['b']);
    expect(selected(toFlowNodes(model, selectionA))).toEqual(['b']);
    // `b` leaves, the selection changes, `b` comes back (the same object, as an undo may bring it).
    const withoutB = { ...model, nodes: [model.nodes[0]] } as Model;
    const selectionB = new Set(['a']);
    toFlowNodes(withoutB, selectionB);
    toFlowNodes(withoutB, selectionB);
    expect(selected(toFlowNodes(model, selectionB))).toEqual(['a']);
    // The same inputs twice in a row: the second call takes its answers from the first.
    expect(selected(toFlowNodes(model, selectionB))).toEqual(['a']);
  });

  it('places a context member relative to its context, and follows the context when it moves', () => {
    const [, a] = toFlowNodes(model, new Set());
    expect(a?.position).toEqual({ x: 40, y: 60 });
    const shifted = {
      ...model,
      contexts: [
        { ...(model.contexts?.[0] as NonNullable<Model['contexts']>[number]), position: { x: 10, y: 20 } },
      ],
    } as Model;
    const [, a2] = toFlowNodes(shifted, new Set());
    expect(a2?.position).toEqual({ x: 30, y: 40 });
  });
});

describe('toFlowNodes over a series of edits', () => {
  type Node = Model['nodes'][number];
  type Context = NonNullable<Model['contexts']>[number];
  const place = fc.record({ x: fc.integer({ min: -900, max: 900 }), y: fc.integer({ min: -900, max: 900 }) });
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('rename' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: place }),
    fc.record({ kind: fc.constant('move-context' as const), to: place }),
    fc.record({ kind: fc.constant('join' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('add' as const), to: place }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('select' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('undo' as const) }),
  );

  it('answers as a call with nothing kept from before would', async () => {
    // A second copy of the module: its caches hold nothing from the calls under test.
    vi.resetModules();
    const fresh = (await import('./mapping.js')).toFlowNodes;
    await fc.assert(
      fc.asyncProperty(
        fc.array(place, { minLength: 1, maxLength: 8 }),
        fc.array(edit, { maxLength: 16 }),
        async (places, edits) => {
          let serial = 0;
          const node = (position: { x: number; y: number }): Node => {
            serial += 1;
            return { id: `n${serial}`, kind: 'service', name: `N${serial}`, position };
          };
          let context: Context = {
            id: 'ctx',
            name: 'C',
            position: { x: 0, y: 0 },
            size: { width: 900, height: 600 },
          };
          let current: Pick<Model, 'contexts' | 'nodes'> = { contexts: [context], nodes: places.map(node) };
          const seen: Array<typeof current> = [current];
          let selection = new Set<string>();
          for (const step of edits) {
            const nodes = current.nodes;
            const at = nodes.length === 0 ? -1 : ('at' in step ? step.at : 0) % nodes.length;
            const target = nodes[at];
            const replace = (next: Node) => nodes.map((n, i) => (i === at ? next : n));
            if (step.kind === 'rename' && target)
              current = { ...current, nodes: replace({ ...target, name: `${target.name}!` }) };
            else if (step.kind === 'move' && target)
              current = { ...current, nodes: replace({ ...target, position: step.to }) };
            else if (step.kind === 'join' && target)
              current = { ...current, nodes: replace({ ...target, context: 'ctx' }) };
            else if (step.kind === 'move-context') {
              context = { ...context, position: step.to };
              current = { ...current, contexts: [context] };
            } else if (step.kind === 'add') current = { ...current, nodes: [...nodes, node(step.to)] };
            else if (step.kind === 'remove' && target)
              current = { ...current, nodes: nodes.filter((_, i) => i !== at) };
            else if (step.kind === 'select') selection = new Set(target ? [target.id] : []);
            // An undo brings back the very objects of an earlier model.
            else if (step.kind === 'undo') current = seen[Math.max(0, seen.length - 2)] ?? current;
            seen.push(current);
            expect(toFlowNodes(current, selection)).toEqual(fresh(current, new Set(selection)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('toFlowEdges', () => {
  const edges: Model['edges'] = [
    { id: 'ab', kind: 'sync', from: 'a', to: 'b', protocol: 'rest' },
    { id: 'ba', kind: 'sync', from: 'b', to: 'a', protocol: 'grpc' },
  ];

  it('keeps every other flow edge when a connection is drawn, and makes new ones when the selection changes', () => {
    const selection = new Set<string>();
    const first = toFlowEdges(edges, selection);
    const drawn = toFlowEdges(
      [...edges, { id: 'aa', kind: 'sync', from: 'a', to: 'a', protocol: 'rest' }],
      selection,
    );
    expect(drawn.slice(0, 2).every((edge, i) => edge === first[i])).toBe(true);
    expect(drawn.map((e) => e.id)).toEqual(['ab', 'ba', 'aa']);
    const picked = toFlowEdges(edges, new Set(['ab']));
    expect(picked[0]).not.toBe(first[0]);
    expect(picked[0]?.selected).toBe(true);
    // Only what the selection touched is new.
    expect(picked[1]).toBe(first[1]);
  });
});
