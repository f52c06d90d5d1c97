import type { Model } from '@meshplan/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Box,
  crosses,
  diagramProblems,
  nodeBoxes,
  type Point,
  rerouteAround,
  routeEdges,
} from './index.js';
import { produce } from './test-support.js';

const node = (id: string, x: number, y: number): Model['nodes'][number] => ({
  id,
  kind: 'service',
  name: id,
  position: { x, y },
});
const sync = (id: string, from: string, to: string): Model['edges'][number] => ({
  id,
  kind: 'sync',
  from,
  to,
  protocol: 'rest',
});

/** A, B and C in a row; A calls C, so the straight line runs through B. */
const row: Model = {
  format: 'meshplan/v1',
  name: 'Row',
  nodes: [node('a', 0, 0), node('b', 300, 0), node('c', 600, 0), node('d', 300, 300)],
  edges: [sync('a-c', 'a', 'c'), sync('a-b', 'a', 'b'), sync('d-b', 'd', 'b')],
};

const onBorder = (p: Point, box: Box) =>
  ((p.x === box.x || p.x === box.x + box.width) && p.y >= box.y && p.y <= box.y + box.height) ||
  ((p.y === box.y || p.y === box.y + box.height) && p.x >= box.x && p.x <= box.x + box.width);

describe('routeEdges', () => {
  it('goes around a node that lies on the straight line between the ends', () => {
    const routes = routeEdges(row);
    const boxes = nodeBoxes(row);
    // The straight line would cross B: the check can fail.
    const a = boxes.get('a') as Box;
    const c = boxes.get('c') as Box;
    expect(
      crosses(
        [
          { x: a.x + a.width, y: a.y + 32 },
          { x: c.x, y: c.y + 32 },
        ],
        boxes.get('b') as Box,
      ),
    ).toBe(true);
    expect(crosses(routes['a-c'] as Point[], boxes.get('b') as Box)).toBe(false);
    expect(diagramProblems(row, routes)).toEqual([]);
  });

  it('starts on a side of the source box, ends on a side of the target box, in horizontal and vertical pieces', () => {
    const routes = routeEdges(row);
    const boxes = nodeBoxes(row);
    for (const edge of row.edges) {
      const route = routes[edge.id] as Point[];
      expect(
        onBorder(route[0] as Point, boxes.get(edge.from) as Box),
        `${edge.id} starts on ${edge.from}`,
      ).toBe(true);
      expect(
        onBorder(route.at(-1) as Point, boxes.get(edge.to) as Box),
        `${edge.id} ends on ${edge.to}`,
      ).toBe(true);
      for (let i = 1; i < route.length; i++) {
        const p = route[i - 1] as Point;
        const q = route[i] as Point;
        expect(p.x === q.x || p.y === q.y, `${edge.id} piece ${i} is straight`).toBe(true);
      }
    }
  });

  it('spreads a fan of edges along the side they leave by, in the order of their targets', () => {
    const fan: Model = {
      format: 'meshplan/v1',
      name: 'Fan',
      nodes: [
        node('hub', 0, 200),
        node('t0', 400, 0),
        node('t1', 400, 150),
        node('t2', 400, 300),
        node('t3', 400, 450),
      ],
      edges: [
        sync('e2', 'hub', 't2'),
        sync('e0', 'hub', 't0'),
        sync('e3', 'hub', 't3'),
        sync('e1', 'hub', 't1'),
      ],
    };
    const routes = routeEdges(fan);
    const starts = ['e0', 'e1', 'e2', 'e3'].map((id) => (routes[id] as Point[])[0] as Point);
    expect(new Set(starts.map((p) => `${p.x},${p.y}`)).size).toBe(4);
    const ys = starts.map((p) => p.y);
    expect([...ys].sort((p, q) => p - q)).toEqual(ys);
    expect(diagramProblems(fan, routes)).toEqual([]);
  });

  it('routes a self-call around its own box', () => {
    const loop: Model = {
      format: 'meshplan/v1',
      name: 'Loop',
      nodes: [node('a', 0, 0)],
      edges: [sync('self', 'a', 'a')],
    };
    const route = routeEdges(loop).self as Point[];
    expect(route.length).toBeGreaterThan(3);
    expect(crosses(route, nodeBoxes(loop).get('a') as Box)).toBe(false);
  });

  it('skips edges whose ends have no position', () => {
    const model = produce(row, (draft) => {
      draft.nodes.push({ id: 'x', kind: 'service', name: 'x' });
      draft.edges.push(sync('a-x', 'a', 'x'));
    });
    expect(routeEdges(model)['a-x']).toBeUndefined();
  });
});

describe('rerouteAround', () => {
  it('keeps the routes a move cannot touch and reroutes those of the moved node and those now crossing it', () => {
    const model: Model = {
      format: 'meshplan/v1',
      name: 'Two rows',
      nodes: [
        node('a', 0, 0),
        node('c', 600, 0),
        node('p', 0, 400),
        node('q', 600, 400),
        node('m', 300, 800),
      ],
      edges: [sync('a-c', 'a', 'c'), sync('p-q', 'p', 'q'), sync('m-q', 'm', 'q')],
    };
    const routes = routeEdges(model);
    // M moves onto the straight line from A to C.
    const moved = produce(model, (draft) => {
      const m = draft.nodes.find((n) => n.id === 'm');
      if (m) m.position = { x: 300, y: -10 };
    });
    const next = rerouteAround(moved, routes, ['m']);
    expect(next['p-q']).toBe(routes['p-q']);
    expect(next['a-c']).not.toBe(routes['a-c']);
    expect(next['m-q']).not.toBe(routes['m-q']);
    expect(diagramProblems(moved, next)).toEqual([]);
    expect(next).toEqual(routeEdges(moved));
  });
});

describe('routeEdges on random diagrams', () => {
  it('routes every edge around every node that is not one of its ends', () => {
    const diagrams = fc.record({
      cells: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), {
        minLength: 2,
        maxLength: 20,
        selector: ([c, r]) => `${c},${r}`,
      }),
      names: fc.array(fc.string({ minLength: 1, maxLength: 50 }), { minLength: 20, maxLength: 20 }),
      jitter: fc.array(fc.tuple(fc.nat(40), fc.nat(40)), { minLength: 20, maxLength: 20 }),
      links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
    });
    fc.assert(
      fc.property(diagrams, ({ cells, names, jitter, links }) => {
        // Nodes on a loose grid (a cell is wider and taller than any box), never overlapping.
        const nodes = cells.map(([c, r], i) => ({
          id: `n${i}`,
          kind: 'service' as const,
          name: names[i] ?? 'x',
          position: { x: c * 320 + (jitter[i]?.[0] ?? 0), y: r * 170 + (jitter[i]?.[1] ?? 0) },
        }));
        const edges = links.map(([a, b], i) => sync(`e${i}`, `n${a % nodes.length}`, `n${b % nodes.length}`));
        const model: Model = { format: 'meshplan/v1', name: 'Random', nodes, edges };
        const routes = routeEdges(model);
        expect(Object.keys(routes).length).toBe(edges.length);
        expect(diagramProblems(model, routes)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
