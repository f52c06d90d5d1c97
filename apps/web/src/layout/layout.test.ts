import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { needsLayout, withPositionsOf } from './layout.js';

describe('a revision from before the first layout', () => {
  it('takes the positions the same elements have now, and keeps its own where it has them', () => {
    const revision: Model = {
      format: 'meshplan/v1',
      name: 'R',
      contexts: [{ id: 'c', name: 'C' }],
      nodes: [
        { id: 'a', kind: 'service', name: 'A', context: 'c' },
        { id: 'b', kind: 'service', name: 'B', position: { x: 5, y: 5 } },
        { id: 'gone', kind: 'service', name: 'Gone since' },
      ],
      edges: [],
    };
    const now: Model = {
      ...revision,
      contexts: [{ id: 'c', name: 'C', position: { x: 1, y: 2 }, size: { width: 300, height: 200 } }],
      nodes: [
        { id: 'a', kind: 'service', name: 'A', position: { x: 10, y: 20 } },
        { id: 'b', kind: 'service', name: 'B', position: { x: 99, y: 99 } },
      ],
    };
    const placed = withPositionsOf(revision, now);
    expect(placed.nodes.map((n) => n.position)).toEqual([{ x: 10, y: 20 }, { x: 5, y: 5 }, undefined]);
    expect(placed.contexts?.[0]).toMatchObject({
      position: { x: 1, y: 2 },
      size: { width: 300, height: 200 },
    });
    // An element that is gone since still needs a layout of its own.
    expect(needsLayout(placed)).toBe(true);
  });
});
