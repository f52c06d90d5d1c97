import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
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
