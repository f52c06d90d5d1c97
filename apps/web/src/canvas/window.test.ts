import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearWindow, nextWindow, shownRect } from './window.js';

const box = (id: string, x: number, y: number, parentId?: string): FlowNode => ({
  id,
  position: { x, y },
  width: 100,
  height: 50,
  data: {},
  ...(parentId === undefined ? {} : { parentId }),
});
const edge = (id: string, source: string, target: string): FlowEdge => ({ id, source, target });

// A context far to the right holding `far`; `here` at the origin; `across` an edge from a node
// left of the window to one right of it, passing through it.
const nodes = [
  { ...box('ctx', 5000, 0), width: 800, height: 600 },
  box('here', 0, 0),
  box('far', 100, 100, 'ctx'),
  box('left', -3000, 20),
  box('right', 3000, 20),
  box('lonely', 9000, 9000),
];
const edges = [
  edge('here-far', 'here', 'far'),
  edge('across', 'left', 'right'),
  edge('far-lonely', 'far', 'lonely'),
];
const window = { x: -200, y: -200, width: 600, height: 500 };

describe('nearWindow', () => {
  it('hands over the very arrays when the window holds everything', () => {
    const all = nearWindow(nodes, edges, { x: -5000, y: -5000, width: 20000, height: 20000 }, new Set());
    expect(all.nodes).toBe(nodes);
    expect(all.edges).toBe(edges);
    expect(nearWindow(nodes, edges, undefined, new Set()).nodes).toBe(nodes);
  });

  it('keeps what meets the window, the ends of its edges and their parents, in their order', () => {
    const near = nearWindow(nodes, edges, window, new Set());
    expect(near.edges.map((e) => e.id)).toEqual(['here-far', 'across']);
    // `far` is an end of an edge from `here` (its parent comes along); `left` and `right` are the
    // ends of an edge that passes through; `lonely` is far from everything shown.
    expect(near.nodes.map((n) => n.id)).toEqual(['ctx', 'here', 'far', 'left', 'right']);
  });

  it('keeps what is asked for wherever it lies', () => {
    const near = nearWindow(nodes, edges, window, new Set(['lonely', 'far-lonely']));
    expect(near.nodes.map((n) => n.id)).toEqual(['ctx', 'here', 'far', 'left', 'right', 'lonely']);
    expect(near.edges.map((e) => e.id)).toEqual(['here-far', 'across', 'far-lonely']);
  });
});

describe('nearWindow after an edit', () => {
  const ids = (near: { nodes: FlowNode[]; edges: FlowEdge[] }) => ({
    nodes: near.nodes.map((n) => n.id),
    edges: near.edges.map((e) => e.id),
  });
  const keep = new Set<string>();

  it('hands the renamed node itself, and nothing else anew, when nothing moved', () => {
    const before = nearWindow(nodes, edges, window, keep);
    const renamed = nodes.map((n) => (n.id === 'far' ? { ...n, data: { label: 'Far away' } } : n));
    const after = nearWindow(renamed, edges, window, keep, before);
    expect(after.edges).toBe(before.edges);
    expect(ids(after)).toEqual(ids(before));
    expect(after.nodes.find((n) => n.id === 'far')).toBe(renamed[2]);
    // The same arrays again: the same answer, the very object.
    expect(nearWindow(renamed, edges, window, keep, after)).toBe(after);
  });

  it('brings in the ends of a connection drawn near, and leaves a far one out', () => {
    const before = nearWindow(nodes, edges, window, keep);
    const drawn = [...edges, edge('here-lonely', 'here', 'lonely'), edge('far-away', 'lonely', 'far')];
    const after = nearWindow(nodes, drawn, window, keep, before);
    expect(ids(after)).toEqual(ids(nearWindow(nodes, drawn, window, keep)));
    expect(after.edges.map((e) => e.id)).toContain('here-lonely');
    expect(after.nodes.map((n) => n.id)).toContain('lonely');
  });

  it('works the geometry out again when a node moved', () => {
    const before = nearWindow(nodes, edges, window, keep);
    const moved = nodes.map((n) => (n.id === 'lonely' ? { ...n, position: { x: 0, y: 100 } } : n));
    expect(ids(nearWindow(moved, edges, window, keep, before)).nodes).toContain('lonely');
  });

  // Whatever the edits, an answer built on the last one is the answer worked out from scratch.
  it('answers as if from scratch after any series of edits', () => {
    const place = fc.record({
      x: fc.integer({ min: -3000, max: 3000 }),
      y: fc.integer({ min: -3000, max: 3000 }),
    });
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('rename' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: place }),
      fc.record({ kind: fc.constant('connect' as const), from: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant('disconnect' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('select' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('pan' as const), to: place }),
    );
    fc.assert(
      fc.property(
        fc.array(place, { minLength: 2, maxLength: 12 }),
        fc.array(edit, { maxLength: 12 }),
        (places, edits) => {
          let shown: typeof nodes = [
            { ...box('ctx', 1000, 1000), width: 1500, height: 1200 },
            ...places.map((p, i) => box(`n${i}`, p.x, p.y, i % 3 === 0 ? 'ctx' : undefined)),
          ];
          let lines: FlowEdge[] = [];
          let chosen: ReadonlySet<string> = new Set();
          let at = { x: -500, y: -500, width: 1200, height: 900 };
          let last = nearWindow(shown, lines, at, chosen);
          let serial = 0;
          for (const step of edits) {
            const pick = (i: number) => shown[1 + (i % (shown.length - 1))] as FlowNode;
            if (step.kind === 'rename')
              shown = shown.map((n) => (n === pick(step.at) ? { ...n, data: { i: serial } } : n));
            else if (step.kind === 'move')
              shown = shown.map((n) => (n === pick(step.at) ? { ...n, position: step.to } : n));
            else if (step.kind === 'connect')
              lines = [...lines, edge(`e${serial}`, pick(step.from).id, pick(step.to).id)];
            else if (step.kind === 'disconnect')
              lines = lines.filter((_, i) => i !== step.at % Math.max(1, lines.length));
            else if (step.kind === 'select') chosen = new Set([pick(step.at).id]);
            else at = { ...at, ...step.to };
            serial++;
            last = nearWindow(shown, lines, at, chosen, last);
            expect(ids(last)).toEqual(ids(nearWindow(shown, lines, at, chosen)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('nextWindow', () => {
  const shown = shownRect([100, 50, 2], 800, 600);

  it('reads what a pane shows from React Flow’s transform', () => {
    expect(shown).toEqual({ x: -50, y: -25, width: 400, height: 300 });
  });

  it('reaches a shown width and height past each side, and stays while what is shown is inside', () => {
    const first = nextWindow(undefined, shown);
    expect(first).toEqual({ x: -450, y: -325, width: 1200, height: 900 });
    expect(nextWindow(first, { ...shown, x: shown.x + 300 })).toBe(first);
    // Panned past its edge: a new window around what is shown now.
    const moved = nextWindow(first, { ...shown, x: shown.x + 500 });
    expect(moved).not.toBe(first);
    expect(moved.x).toBe(shown.x + 500 - 400);
  });

  it('is drawn anew when zooming out leaves it, or zooming far in makes it loose', () => {
    const first = nextWindow(undefined, shown);
    expect(nextWindow(first, shownRect([100, 50, 0.5], 800, 600))).not.toBe(first);
    expect(nextWindow(first, shownRect([100, 50, 3], 800, 600))).toBe(first);
    expect(nextWindow(first, shownRect([0, 0, 20], 800, 600))).not.toBe(first);
  });
});
