import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
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
