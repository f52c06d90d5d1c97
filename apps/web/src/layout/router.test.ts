import { type Model, syntheticModel } from '@meshplan/model';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { applyRouteUpdate } from '../canvas/useRoutes.js';
import { createModelSender } from '../replica/sender.js';
import type { RouteUpdate } from './layout.js';
import { createRouter } from './router.js';

/** A synthetic model laid out on a grid, every node placed (routing needs positions). */
const base = produce(syntheticModel({ services: 40 }), (draft) => {
  draft.nodes.forEach((node, i) => {
    node.position = { x: (i % 8) * 280, y: Math.floor(i / 8) * 180 };
  });
});

const moved = produce(base, (draft) => {
  const node = draft.nodes[9];
  if (node?.position !== undefined) node.position = { x: node.position.x + 40, y: node.position.y + 90 };
});
const renamed = produce(moved, (draft) => {
  (draft.nodes[2] as { name: string }).name = 'A much longer name than it had';
});
const lessOne = produce(renamed, (draft) => {
  const gone = draft.nodes[12]?.id;
  draft.nodes.splice(12, 1);
  draft.edges = draft.edges.filter((edge) => edge.from !== gone && edge.to !== gone);
});
const steps: Model[] = [base, moved, renamed, lessOne];

/** What the canvas holds after each answer, the worker's messages passed as a worker gets them. */
function canvasRoutes(send: (model: Model) => Parameters<ReturnType<typeof createRouter>>[0]) {
  const route = createRouter();
  let routes: ReturnType<typeof applyRouteUpdate> = new Map();
  const held = [];
  const updates: RouteUpdate[] = [];
  for (const model of steps) {
    const update = structuredClone(route(structuredClone(send(model))));
    updates.push(update);
    routes = applyRouteUpdate(routes, update);
    held.push(routes);
  }
  return { held, updates };
}

describe('the canvas’s router', () => {
  it('gives the canvas the same routes from patches as from whole models', () => {
    const patched = canvasRoutes(createModelSender());
    const whole = canvasRoutes((model) => ({ kind: 'whole', model }));
    expect(patched.held).toEqual(whole.held);
    for (const [i, routes] of patched.held.entries())
      expect([...routes.keys()].sort()).toEqual(steps[i]?.edges.map((edge) => edge.id).sort());
  });

  it('answers an edit with the routes it changed, and the canvas keeps every other entry', () => {
    const { held, updates } = canvasRoutes(createModelSender());
    const [first, afterMove] = updates;
    expect(first?.whole).toBe(true);
    expect(first?.changed.length).toBe(base.edges.length);
    expect(afterMove?.whole).toBe(false);
    const changed = new Set(afterMove?.changed.map(([id]) => id));
    const movedId = base.nodes[9]?.id;
    // The moved node's own edges are among those re-routed; most edges are not.
    for (const edge of base.edges)
      if (edge.from === movedId || edge.to === movedId) expect(changed).toContain(edge.id);
    expect(changed.size).toBeLessThan(base.edges.length / 2);
    const [before, after] = held;
    for (const [id, routed] of after ?? []) if (!changed.has(id)) expect(routed).toBe(before?.get(id));
    // The edges of the removed node leave the canvas's routes.
    const goneId = renamed.nodes[12]?.id;
    const goneEdges = renamed.edges
      .filter((edge) => edge.from === goneId || edge.to === goneId)
      .map((e) => e.id);
    expect(goneEdges.length).toBeGreaterThan(0);
    expect(updates[3]?.removed.sort()).toEqual(goneEdges.sort());
  });

  it('replaces the canvas’s routes on a whole answer, keeping the entries that did not change', () => {
    const kept = {
      points: [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ],
    };
    const previous = new Map([
      ['a', kept],
      ['stale', { points: [{ x: 5, y: 5 }] }],
    ]);
    const next = applyRouteUpdate(previous, {
      whole: true,
      removed: [],
      changed: [
        [
          'a',
          {
            points: [
              { x: 0, y: 0 },
              { x: 10, y: 0 },
            ],
          },
        ],
        ['b', { points: [{ x: 1, y: 1 }] }],
      ],
    });
    expect([...next.keys()]).toEqual(['a', 'b']);
    expect(next.get('a')).toBe(kept);
    expect(applyRouteUpdate(next, { whole: false, changed: [], removed: [] })).toBe(next);
  });
});
