import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  contextView,
  formatError,
  type Model,
  modelJsonSchema,
  parseModel,
  pruneViews,
  syntheticModel,
  VIEW_LIMITS,
  viewContents,
} from './index.js';
import { sharedPath } from './test-support.js';

const errorsOf = (value: unknown) => {
  const result = parseModel(value);
  return result.ok ? [] : result.errors.map(formatError);
};

/** Two contexts, a loose gateway and a client: small enough to read every expectation. */
const shop = (): Model => ({
  format: 'meshplan/v1',
  name: 'Shop',
  contexts: [
    { id: 'orders', name: 'Orders', position: { x: 0, y: 0 }, size: { width: 400, height: 300 } },
    { id: 'payments', name: 'Payments', position: { x: 600, y: 0 } },
  ],
  nodes: [
    { id: 'web', kind: 'client', name: 'Web' },
    { id: 'gw', kind: 'gateway', name: 'Gateway', position: { x: -300, y: 40 } },
    { id: 'order-svc', kind: 'service', name: 'Orders', context: 'orders', position: { x: 40, y: 60 } },
    { id: 'orders-db', kind: 'datastore', engine: 'postgres', name: 'Orders DB', context: 'orders' },
    { id: 'pay-svc', kind: 'service', name: 'Payments', context: 'payments', position: { x: 640, y: 60 } },
    { id: 'pay-db', kind: 'datastore', engine: 'postgres', name: 'Pay DB', context: 'payments' },
  ],
  edges: [
    { id: 'e-web-gw', kind: 'route', from: 'web', to: 'gw' },
    { id: 'e-gw-order', kind: 'route', from: 'gw', to: 'order-svc' },
    { id: 'e-order-db', kind: 'data', from: 'order-svc', to: 'orders-db', access: 'readwrite' },
    { id: 'e-order-pay', kind: 'sync', from: 'order-svc', to: 'pay-svc', protocol: 'rest' },
    { id: 'e-order-pay-2', kind: 'sync', from: 'order-svc', to: 'pay-svc', protocol: 'grpc' },
    { id: 'e-pay-db', kind: 'data', from: 'pay-svc', to: 'pay-db', access: 'readwrite' },
  ],
});

describe('views in the model format', () => {
  it('leaves every model without views as it was: the e-commerce example parses and round-trips unchanged', (context) => {
    const file = sharedPath('examples/ecommerce.json');
    if (file === undefined) return context.skip('../shared is absent: the shared example is not available');
    const text = readFileSync(file, 'utf8');
    const result = parseModel(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.model.views).toBeUndefined();
    expect(JSON.stringify(result.model)).toBe(JSON.stringify(JSON.parse(text)));
    // The synthetic models the benchmarks and tests use have none either.
    const synthetic = syntheticModel({ services: 30 });
    expect(parseModel(synthetic)).toEqual({ ok: true, model: synthetic });
  });

  it('round-trips a model with views, unknown fields of a view included', () => {
    const model = {
      ...shop(),
      views: [
        {
          id: 'checkout',
          name: 'Checkout',
          description: 'What a purchase touches',
          elements: ['orders', 'order-svc', 'pay-svc'],
          positions: { 'order-svc': { x: 10, y: 20 }, orders: { x: 0, y: 0 } },
          pinned: true,
        },
        { id: 'empty', name: 'Nothing yet', elements: [] },
      ],
    };
    const text = JSON.stringify(model);
    const result = parseModel(text);
    expect(result.ok && JSON.stringify(result.model)).toBe(text);
  });

  it('names the place of a view that lists what the model does not have', () => {
    const model = {
      ...shop(),
      views: [
        { id: 'v1', name: 'One', elements: ['orders'] },
        { id: 'v2', name: 'Two', elements: ['gw'] },
        {
          id: 'v3',
          name: 'Three',
          elements: ['x', 'e-gw-order', 'gw', 'gw'],
          positions: { web: { x: 0, y: 0 } },
        },
      ],
    };
    expect(errorsOf(model)).toEqual([
      'views[2].elements[0]: no context or node "x"',
      // An edge is no element a view lists: its edges follow from its nodes.
      'views[2].elements[1]: no context or node "e-gw-order"',
      'views[2].elements[3]: "gw" is listed twice',
      'views[2].positions.web: "web" is not one of the view\'s elements',
    ]);
  });

  it('shares the model’s id space: a view cannot take the id of a node, a context or another view', () => {
    const model = {
      ...shop(),
      views: [
        { id: 'gw', name: 'A', elements: [] },
        { id: 'orders', name: 'B', elements: [] },
        { id: 'v', name: 'C', elements: [] },
        { id: 'v', name: 'D', elements: [] },
      ],
    };
    expect(errorsOf(model)).toEqual([
      'views[0].id: "gw" is already the id of nodes[1]',
      'views[1].id: "orders" is already the id of contexts[0]',
      'views[3].id: "v" is already the id of views[2]',
    ]);
  });

  it('bounds views: their count, the length of a name, what an id and a position may be', () => {
    const many = Array.from({ length: VIEW_LIMITS.views + 1 }, (_, i) => ({
      id: `v${i}`,
      name: 'V',
      elements: [],
    }));
    expect(errorsOf({ ...shop(), views: many })).toEqual([
      `views: may hold at most ${VIEW_LIMITS.views} views`,
    ]);
    expect(
      errorsOf({
        ...shop(),
        views: [
          { id: 'v', name: '', elements: [] },
          { id: 'w', name: 'x'.repeat(VIEW_LIMITS.name + 1), elements: ['../etc'] },
          { id: 'y', name: 'Y', elements: [], positions: { gw: { x: 'left', y: 0 } } },
        ],
      }),
    ).toEqual([
      'views[0].name: must not be empty, got ""',
      `views[1].name: must be at most ${VIEW_LIMITS.name} characters, got "${'x'.repeat(57)}..."`,
      'views[1].elements[0]: must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-", got "../etc"',
      'views[2].positions.gw.x: expected a number, got "left"',
    ]);
    const tooLong = Array.from({ length: VIEW_LIMITS.elements + 1 }, () => 'gw');
    expect(errorsOf({ ...shop(), views: [{ id: 'v', name: 'V', elements: tooLong }] })).toEqual([
      `views[0].elements: may list at most ${VIEW_LIMITS.elements} elements`,
    ]);
  });

  it('is in the JSON Schema other tools read', () => {
    const schema = modelJsonSchema() as { properties: Record<string, { type?: string; maxItems?: number }> };
    expect(schema.properties.views?.type).toBe('array');
    expect(schema.properties.views?.maxItems).toBe(VIEW_LIMITS.views);
  });
});

describe('contextView', () => {
  it('lists the context, its members and their neighbours, a neighbour in another context as that context', () => {
    const view = contextView(shop(), 'orders');
    expect(view).toEqual({
      id: 'orders',
      name: 'Orders',
      elements: ['orders', 'order-svc', 'orders-db', 'gw', 'payments'],
      // What is placed in the model keeps its place; the rest is placed when drawn.
      positions: { orders: { x: 0, y: 0 }, 'order-svc': { x: 40, y: 60 } },
    });
    expect(contextView(shop(), 'nope')).toBeUndefined();
    expect(contextView(shop(), 'gw')).toBeUndefined();
  });

  it('on the e-commerce example: Order Management with the gateway and four other contexts', (context) => {
    const file = sharedPath('examples/ecommerce.json');
    if (file === undefined) return context.skip('../shared is absent: the shared example is not available');
    const model = JSON.parse(readFileSync(file, 'utf8')) as Model;
    const view = contextView(model, 'ctx-orders');
    expect(view?.elements).toEqual([
      'ctx-orders',
      'order-svc',
      'fulfillment-svc',
      'orders-db',
      'order-events',
      'gw',
      'ctx-customers',
      'ctx-payments',
      'ctx-inventory',
      'ctx-notify',
    ]);
    // A generated view is a valid view of its model, once saved under an id of its own.
    if (view === undefined) return;
    expect(parseModel({ ...model, views: [{ ...view, id: 'orders-view' }] }).ok).toBe(true);
  });
});

describe('viewContents', () => {
  it('collapses a context listed without members to one box and ends edges to its members there', () => {
    const model = shop();
    const contents = viewContents(model, contextView(model, 'orders') ?? { elements: [] });
    expect(contents.frames.map((c) => c.id)).toEqual(['orders']);
    expect(contents.collapsed.map((c) => c.id)).toEqual(['payments']);
    expect(contents.nodes.map((n) => n.id)).toEqual(['gw', 'order-svc', 'orders-db']);
    // Two calls to Payments are one line to its box; the gateway's own caller is a stub.
    expect(contents.edges.map((e) => [e.from, e.to, e.count, e.edge.id])).toEqual([
      ['stub:web', 'gw', 1, 'e-web-gw'],
      ['gw', 'order-svc', 1, 'e-gw-order'],
      ['order-svc', 'orders-db', 1, 'e-order-db'],
      ['order-svc', 'payments', 2, 'e-order-pay'],
    ]);
    expect(contents.stubs.map((s) => [s.id, s.node.name])).toEqual([['stub:web', 'Web']]);
  });

  it('ends an edge to an unlisted node at a stub naming it, and leaves out edges between unlisted ones', () => {
    const contents = viewContents(shop(), { elements: ['order-svc', 'gone'] });
    expect(contents.frames).toEqual([]);
    expect(contents.collapsed).toEqual([]);
    expect(contents.edges.map((e) => [e.from, e.to])).toEqual([
      ['stub:gw', 'order-svc'],
      ['order-svc', 'stub:orders-db'],
      ['order-svc', 'stub:pay-svc'],
    ]);
    expect(contents.stubs.map((s) => s.node.name)).toEqual(['Gateway', 'Orders DB', 'Payments']);
  });
});

describe('pruneViews', () => {
  it('removes gone elements from every view, with their positions, and keeps the rest as it was', () => {
    const untouched = { id: 'v2', name: 'Two', elements: ['gw'] };
    const model: Model = {
      ...shop(),
      views: [
        {
          id: 'v1',
          name: 'One',
          elements: ['gw', 'order-svc', 'payments'],
          positions: { gw: { x: 1, y: 2 }, 'order-svc': { x: 3, y: 4 } },
        },
        untouched,
      ],
    };
    expect(pruneViews(model).model).toBe(model);
    const without: Model = {
      ...model,
      nodes: model.nodes.filter((n) => n.id !== 'order-svc'),
      contexts: model.contexts?.filter((c) => c.id !== 'payments'),
    };
    expect(parseModel(without).ok).toBe(false);
    const { model: pruned, pruned: said } = pruneViews(without);
    expect(pruned.views?.[0]).toEqual({
      id: 'v1',
      name: 'One',
      elements: ['gw'],
      positions: { gw: { x: 1, y: 2 } },
    });
    expect(pruned.views?.[1]).toBe(untouched);
    expect(said).toEqual(['Removed "order-svc", "payments" from view "One": no longer in the model']);
  });
});

describe('pruneViews after a merge', () => {
  it('drops the position of an element the view no longer lists, and says so', () => {
    const model: Model = {
      ...shop(),
      views: [
        { id: 'v', name: 'V', elements: ['gw'], positions: { gw: { x: 0, y: 0 }, web: { x: 5, y: 5 } } },
      ],
    };
    const { model: pruned, pruned: said } = pruneViews(model);
    expect(pruned.views?.[0]?.positions).toEqual({ gw: { x: 0, y: 0 } });
    expect(said).toEqual(['Removed the position of "web" from view "V": not one of its elements']);
    expect(parseModel(pruned).ok).toBe(true);
  });
});
