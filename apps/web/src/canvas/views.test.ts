import { readFileSync } from 'node:fs';
import { openedView, viewScene } from '@meshplan/layout';
import { contextView, type Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { viewFlow } from './views.js';

const template = JSON.parse(
  readFileSync(new URL('../../../server/templates/ecommerce.json', import.meta.url), 'utf8'),
) as Model;

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box) =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

/** Every box a view draws, as a reader sees it: frames, nodes, collapsed contexts and stubs. */
function drawn(model: Model, viewId: string) {
  const view = openedView(model, viewId);
  if (view === undefined) throw new Error(`no view ${viewId}`);
  const scene = viewScene(model, view);
  const flow = viewFlow(scene, new Set(), new Map());
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const absolute = (id: string): Box => {
    const node = byId.get(id);
    if (node === undefined) throw new Error(`not drawn: ${id}`);
    const parent = node.parentId === undefined ? undefined : absolute(node.parentId);
    return {
      x: node.position.x + (parent?.x ?? 0),
      y: node.position.y + (parent?.y ?? 0),
      width: node.width ?? 0,
      height: node.height ?? 0,
    };
  };
  return { scene, flow, absolute };
}

const example = (() => {
  try {
    return JSON.parse(
      readFileSync(new URL('../../../../../shared/examples/ecommerce.json', import.meta.url), 'utf8'),
    ) as Model;
  } catch {
    return undefined; // ../shared is absent: the template (no positions at all) is tested alone
  }
})();

const models: [string, Model][] = [['the e-commerce template, without positions', template]];
if (example !== undefined) models.push(['the shared e-commerce example', example]);

describe.each(models)('%s', (_name, model) => {
  for (const context of model.contexts ?? []) {
    it(`${context.name}: every listed element drawn, frames around their members, nothing overlapping`, () => {
      const { scene, flow, absolute } = drawn(model, context.id);
      const view = contextView(model, context.id);
      for (const id of view?.elements ?? []) expect(flow.nodes.some((node) => node.id === id)).toBe(true);
      const frames = flow.nodes.filter((node) => node.type === 'context');
      expect(frames.map((node) => node.id)).toEqual([context.id]);
      const boxes = flow.nodes.filter((node) => node.type !== 'context');
      for (const node of boxes) {
        const box = absolute(node.id);
        const member = model.nodes.find((n) => n.id === node.id)?.context === context.id;
        // Members sit inside their frame; nothing else does.
        expect(inside(box, absolute(context.id)), node.id).toBe(member);
        if (!member) expect(overlap(box, absolute(context.id)), node.id).toBe(false);
        for (const other of boxes)
          if (other.id !== node.id)
            expect(overlap(box, absolute(other.id)), `${node.id} / ${other.id}`).toBe(false);
      }
      // Every edge ends at something drawn.
      for (const edge of flow.edges) {
        expect(byIdHas(flow.nodes, edge.source), edge.id).toBe(true);
        expect(byIdHas(flow.nodes, edge.target), edge.id).toBe(true);
      }
      expect(scene.bounds).toBeDefined();
    });
  }
});

describe('a context view, drawn', () => {
  it('ends the calls of Ordering to other contexts at their boxes, and the gateway’s caller at a stub', () => {
    const { flow } = drawn(template, 'ctx-ordering');
    const types = new Map(flow.nodes.map((node) => [node.id, node.type]));
    const stubs = flow.nodes.filter((node) => node.id.startsWith('stub:'));
    expect(stubs.length).toBeGreaterThan(0);
    for (const stub of stubs) expect(stub.draggable).toBe(false);
    const toBoxes = flow.edges.filter(
      (edge) => types.get(edge.target) === 'viewbox' && !edge.target.startsWith('stub:'),
    );
    expect(toBoxes.length).toBeGreaterThan(0);
  });

  it('places what a saved view lists without a position where it overlaps nothing placed', () => {
    const model: Model = {
      ...template,
      views: [
        {
          id: 'v',
          name: 'V',
          elements: ['orders', 'payments', 'inventory', 'shipping'],
          positions: { orders: { x: 0, y: 0 } },
        },
      ],
    };
    const { absolute } = drawn(model, 'v');
    const ids = ['orders', 'payments', 'inventory', 'shipping'];
    for (const a of ids)
      for (const b of ids) if (a < b) expect(overlap(absolute(a), absolute(b)), `${a}/${b}`).toBe(false);
    expect(absolute('orders')).toMatchObject({ x: 0, y: 0 });
  });
});

function byIdHas(nodes: { id: string }[], id: string): boolean {
  return nodes.some((node) => node.id === id);
}
