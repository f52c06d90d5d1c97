import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { type ContractChange, diffContracts } from './contracts.js';
import { shop } from './test-support.js';

// biome-ignore lint/suspicious/noExplicitAny: the table edits plain JSON in place
type Loose = any;
type ModelJson = ReturnType<typeof shop>;

const node = (model: ModelJson, id: string): Loose => model.nodes.find((n) => n.id === id);
const getOrder = (model: ModelJson): Loose => node(model, 'orders').api.endpoints[0];
const postOrder = (model: ModelJson): Loose => node(model, 'orders').api.endpoints[1];
const orderCreated = (model: ModelJson): Loose => node(model, 'order-events').messages[0];
const without = (model: ModelJson, id: string) => {
  model.nodes = model.nodes.filter((n) => n.id !== id);
  model.edges = model.edges.filter((e) => e.from !== id && e.to !== id);
};

interface Row {
  line: string;
  change: (model: ModelJson) => void;
  expected: Partial<ContractChange>;
  /** A word the message must contain (the versioning advice, say). */
  says?: RegExp;
}

const CALLERS = { consumers: ['bff'], impacted: ['bff', 'gw', 'web'] };
const SUBSCRIBERS = { consumers: ['notify'], impacted: ['notify', 'order-events', 'audit'] };

/** One row per line of diff.md's verdict table (and its sides): the change and what it is judged. */
const TABLE: Row[] = [
  {
    line: 'endpoint removed',
    change: (m) => node(m, 'orders').api.endpoints.shift(),
    expected: { kind: 'endpoint-removed', severity: 'breaking', contract: 'GET /v1/orders/{id}', ...CALLERS },
    says: /keep GET \/v1\/orders\/\{id\} beside/,
  },
  {
    line: 'endpoint method changed',
    change: (m) => {
      postOrder(m).method = 'PUT';
    },
    expected: {
      kind: 'endpoint-method-changed',
      severity: 'breaking',
      contract: 'POST /v1/orders',
      ...CALLERS,
    },
  },
  {
    line: 'endpoint path changed',
    change: (m) => {
      getOrder(m).path = '/v1/order/{id}';
    },
    expected: { kind: 'endpoint-path-changed', severity: 'breaking', location: 'path', ...CALLERS },
  },
  {
    line: 'service removed while edges still reach it',
    change: (m) => without(m, 'orders'),
    expected: {
      kind: 'service-removed',
      severity: 'breaking',
      element: 'orders',
      contract: 'orders',
      ...CALLERS,
    },
  },
  {
    line: 'API style changed while edges still reach it',
    change: (m) => {
      node(m, 'orders').api.style = 'grpc';
    },
    expected: { kind: 'api-style-changed', severity: 'breaking', ...CALLERS },
  },
  {
    line: 'request: a required property added',
    change: (m) => {
      postOrder(m).request.properties.coupon = { type: 'string' };
      postOrder(m).request.required.push('coupon');
    },
    expected: {
      kind: 'request-property-added',
      severity: 'breaking',
      location: 'request.properties.coupon',
      ...CALLERS,
    },
    says: /make coupon optional/,
  },
  {
    line: 'request: an optional property made required',
    change: (m) => postOrder(m).request.required.push('note'),
    expected: {
      kind: 'request-property-made-required',
      severity: 'breaking',
      location: 'request.properties.note',
    },
  },
  {
    line: 'request: a property type changed',
    change: (m) => {
      postOrder(m).request.properties.sku.type = 'number';
    },
    expected: { kind: 'request-type-changed', severity: 'breaking', location: 'request.properties.sku' },
  },
  {
    line: 'request: a property type narrowed (number to integer)',
    change: (m) => {
      postOrder(m).request.properties.amount.type = 'integer';
    },
    expected: { kind: 'request-type-narrowed', severity: 'breaking', location: 'request.properties.amount' },
  },
  {
    line: 'request: enum values removed',
    change: (m) => {
      postOrder(m).request.properties.channel.enum = ['web'];
    },
    expected: {
      kind: 'request-enum-value-removed',
      severity: 'breaking',
      location: 'request.properties.channel',
    },
  },
  {
    line: 'request: an optional property added',
    change: (m) => {
      postOrder(m).request.properties.gift = { type: 'boolean' };
    },
    expected: { kind: 'request-property-added', severity: 'non-breaking', consumers: [], impacted: [] },
  },
  {
    line: 'request: a required property made optional',
    change: (m) => {
      postOrder(m).request.required = [];
    },
    expected: { kind: 'request-property-made-optional', severity: 'non-breaking', consumers: [] },
  },
  {
    line: 'request: enum values added',
    change: (m) => postOrder(m).request.properties.channel.enum.push('kiosk'),
    expected: { kind: 'request-enum-value-added', severity: 'non-breaking' },
  },
  {
    line: 'response: a property removed',
    change: (m) => {
      delete getOrder(m).response.properties.totalAmount;
      getOrder(m).response.required = ['id', 'status'];
    },
    expected: {
      kind: 'response-property-removed',
      severity: 'breaking',
      element: 'orders',
      contract: 'GET /v1/orders/{id}',
      location: 'response.properties.totalAmount',
      message:
        'GET /v1/orders/{id} of "Order service" no longer returns totalAmount, which "Checkout BFF" reads; keep returning totalAmount (deprecated), or serve the change from a /v2 endpoint beside this one',
      ...CALLERS,
    },
  },
  {
    line: 'response: a nested property removed (arrays, recursively)',
    change: (m) => {
      delete getOrder(m).response.properties.items.items.properties.price;
    },
    expected: {
      kind: 'response-property-removed',
      severity: 'breaking',
      location: 'response.properties.items.items.properties.price',
    },
  },
  {
    line: 'response: a property removed behind a $ref',
    change: (m) => {
      getOrder(m).response.$defs.Customer.properties = {};
    },
    expected: {
      kind: 'response-property-removed',
      severity: 'breaking',
      location: 'response.properties.customer.properties.email',
    },
  },
  {
    line: 'response: a property type changed',
    change: (m) => {
      getOrder(m).response.properties.id.type = 'integer';
    },
    expected: { kind: 'response-type-changed', severity: 'breaking', location: 'response.properties.id' },
  },
  {
    line: 'response: a required property made optional',
    change: (m) => {
      getOrder(m).response.required = ['id', 'status'];
    },
    expected: {
      kind: 'response-property-made-optional',
      severity: 'breaking',
      location: 'response.properties.totalAmount',
    },
  },
  {
    line: 'response: an enum value added',
    change: (m) => getOrder(m).response.properties.status.enum.push('refunded'),
    expected: {
      kind: 'response-enum-value-added',
      severity: 'breaking',
      location: 'response.properties.status',
    },
  },
  {
    line: 'response: a property added',
    change: (m) => {
      getOrder(m).response.properties.discount = { type: 'number' };
    },
    expected: { kind: 'response-property-added', severity: 'non-breaking', consumers: [] },
  },
  {
    line: 'response: an optional property made required',
    change: (m) => getOrder(m).response.required.push('currency'),
    expected: { kind: 'response-property-made-required', severity: 'non-breaking' },
  },
  {
    line: 'message payload: a property removed',
    change: (m) => {
      delete orderCreated(m).payload.properties.total;
    },
    expected: {
      kind: 'payload-property-removed',
      severity: 'breaking',
      element: 'order-events',
      contract: 'order-events/OrderCreated',
      location: 'payload.properties.total',
      ...SUBSCRIBERS,
    },
    says: /new version of OrderCreated \(version 2\)/,
  },
  {
    line: 'message payload: a property type changed',
    change: (m) => {
      orderCreated(m).payload.properties.total.type = 'string';
    },
    expected: { kind: 'payload-type-changed', severity: 'breaking', ...SUBSCRIBERS },
  },
  {
    line: 'message payload: a required property made optional',
    change: (m) => {
      orderCreated(m).payload.required = [];
    },
    expected: { kind: 'payload-property-made-optional', severity: 'breaking', ...SUBSCRIBERS },
  },
  {
    line: 'message payload: an enum value added',
    change: (m) => orderCreated(m).payload.properties.state.enum.push('old'),
    expected: { kind: 'payload-enum-value-added', severity: 'breaking', ...SUBSCRIBERS },
  },
  {
    line: 'message payload: a property added',
    change: (m) => {
      orderCreated(m).payload.properties.channel = { type: 'string' };
    },
    expected: { kind: 'payload-property-added', severity: 'non-breaking', consumers: [] },
  },
  {
    line: 'message payload: an optional property made required',
    change: (m) => orderCreated(m).payload.required.push('total'),
    expected: { kind: 'payload-property-made-required', severity: 'non-breaking' },
  },
  {
    line: 'message payload: a required field added, which its publishers do not know of',
    change: (m) => {
      orderCreated(m).payload.properties.region = { type: 'string' };
      orderCreated(m).payload.required.push('region');
    },
    expected: {
      kind: 'payload-property-added',
      severity: 'breaking',
      consumers: ['orders'],
      impacted: ['orders', 'bff', 'gw', 'web'],
    },
  },
  {
    line: 'message removed from a topic while subscribers consume it',
    change: (m) => node(m, 'order-events').messages.shift(),
    expected: {
      kind: 'message-removed',
      severity: 'breaking',
      contract: 'order-events/OrderCreated',
      ...SUBSCRIBERS,
    },
  },
  {
    line: 'topic removed while subscribers consume it',
    change: (m) => without(m, 'order-events'),
    expected: {
      kind: 'topic-removed',
      severity: 'breaking',
      contract: 'order-events',
      consumers: ['notify'],
    },
  },
  {
    line: 'success status changed',
    change: (m) => {
      getOrder(m).status = 201;
    },
    expected: { kind: 'success-status-changed', severity: 'breaking', location: 'status', ...CALLERS },
  },
  {
    line: 'API version changed with breaking changes: still breaking, the message says so',
    change: (m) => {
      node(m, 'orders').api.version = 'v2';
      delete getOrder(m).response.properties.currency;
    },
    expected: { kind: 'response-property-removed', severity: 'breaking', ...CALLERS },
    says: /api\.version moves from v1 to v2.*must move/,
  },
  {
    line: 'message version changed in place with breaking changes: still breaking, the message says so',
    change: (m) => {
      orderCreated(m).version = 2;
      orderCreated(m).payload.required = [];
    },
    expected: { kind: 'payload-property-made-optional', severity: 'breaking', ...SUBSCRIBERS },
    says: /version moves from 1 to 2 in place/,
  },
  {
    line: 'an unversioned API: the advice says to version it',
    change: (m) => {
      node(m, 'bff').api = { style: 'rest', endpoints: [] };
      m.edges.push({ id: 's3', kind: 'sync', from: 'bff', to: 'spare', protocol: 'rest' });
      m.edges.push({ id: 's4', kind: 'sync', from: 'audit', to: 'spare', protocol: 'rest' });
    },
    // New edges are no consumers of the old contract: nothing breaks.
    expected: {},
  },
  {
    line: 'breaking by the table but nobody depends on it: not breaking, and it says so',
    change: (m) => node(m, 'spare').api.endpoints.pop(),
    expected: { kind: 'endpoint-removed', severity: 'non-breaking', consumers: [], impacted: [] },
    says: /nothing in the model depends on it/,
  },
];

function changesOf(row: Row): ContractChange[] {
  const before = shop();
  const after = shop();
  row.change(after);
  // Both sides are valid models: what the table compares is what a user could save.
  const parsed = parseModel(JSON.stringify(after));
  expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  return diffContracts(before, after).changes;
}

describe('diffContracts: a verdict per line of diff.md', () => {
  it.each(TABLE.filter((row) => row.expected.kind !== undefined))('$line', (row) => {
    const changes = changesOf(row);
    const found = changes.filter((change) => change.kind === row.expected.kind);
    expect(found).toContainEqual(expect.objectContaining(row.expected));
    if (row.says !== undefined) expect(found.some((change) => row.says?.test(change.message))).toBe(true);
    // The JSON is diff.md's: exactly these fields, and a summary that counts them.
    for (const change of changes)
      expect(Object.keys(change).sort()).toEqual(
        ['consumers', 'contract', 'element', 'impacted', 'kind', 'location', 'message', 'severity'].sort(),
      );
  });

  it('new callers are no consumers of the old contract', () => {
    expect(changesOf(TABLE.find((row) => row.expected.kind === undefined) as Row)).toEqual([]);
  });

  it('path parameter names do not matter: a rename is no contract change', () => {
    const after = shop();
    getOrder(after).path = '/v1/orders/{orderId}';
    expect(diffContracts(shop(), after).changes).toEqual([]);
    expect(diffContracts(shop(), after, { all: true }).changes.map((c) => c.kind)).toContain(
      'endpoint-parameter-renamed',
    );
  });

  it('names, descriptions, positions and runtime are info, listed only with all', () => {
    const after = shop();
    node(after, 'orders').name = 'Orders';
    node(after, 'orders').description = 'Takes orders';
    node(after, 'bff').position = { x: 10, y: 20 };
    node(after, 'bff').runtime = { replicas: 3 };
    expect(diffContracts(shop(), after)).toEqual({
      changes: [],
      summary: { breaking: 0, nonBreaking: 0, info: 0 },
    });
    const all = diffContracts(shop(), after, { all: true });
    expect(all.changes.every((change) => change.severity === 'info')).toBe(true);
    expect(all.changes.map((change) => [change.kind, change.element, change.location])).toEqual([
      ['node-changed', 'bff', 'position, runtime'],
      ['node-changed', 'orders', 'description, name'],
    ]);
    expect(all.summary).toEqual({ breaking: 0, nonBreaking: 0, info: 2 });
  });

  it('an unversioned API: the advice says to give it a version', () => {
    const before = shop();
    node(before, 'spare').api.endpoints.push({ method: 'POST', path: '/things', status: 201 });
    before.edges.push({ id: 's3', kind: 'sync', from: 'audit', to: 'spare', protocol: 'rest' });
    const after = structuredClone(before);
    node(after, 'spare').api.endpoints.pop();
    const [change] = diffContracts(before, after).changes;
    expect(change).toMatchObject({ kind: 'endpoint-removed', severity: 'breaking', consumers: ['audit'] });
    expect(change?.message).toMatch(/no version yet: set api\.version or put \/v1 in its paths/);
  });

  it('a new message version beside the old one is an addition, not a break', () => {
    const after = shop();
    const next = structuredClone(orderCreated(after));
    next.version = 2;
    next.payload.required = [];
    delete next.payload.properties.total;
    node(after, 'order-events').messages.push(next);
    expect(diffContracts(shop(), after).changes).toEqual([
      expect.objectContaining({
        kind: 'message-added',
        severity: 'non-breaking',
        contract: 'order-events/OrderCreated',
      }),
    ]);
  });

  it('an operation limits the consumers: a caller of another endpoint is not one', () => {
    const after = shop();
    delete getOrder(after).response.properties.totalAmount;
    const before = shop();
    const edge = before.edges.find((e) => e.id === 's1') as Loose;
    edge.operations = ['POST /v1/orders'];
    const [change] = diffContracts(before, after).changes;
    expect(change).toMatchObject({
      kind: 'response-property-removed',
      severity: 'non-breaking',
      consumers: [],
    });
  });

  it('breaking changes come first, and the summary counts each severity', () => {
    const after = shop();
    getOrder(after).response.properties.discount = { type: 'number' };
    getOrder(after).status = 202;
    const diff = diffContracts(shop(), after);
    expect(diff.changes.map((change) => change.severity)).toEqual(['breaking', 'non-breaking']);
    expect(diff.summary).toEqual({ breaking: 1, nonBreaking: 1, info: 0 });
  });

  it('schemas nested beyond the budget are compared down to it, and the change says so', () => {
    const deep = (levels: number, leaf: Loose): Loose => {
      let schema = leaf;
      for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { next: schema } };
      return schema;
    };
    const before = shop();
    const after = shop();
    getOrder(before).response = deep(80, { type: 'string' });
    getOrder(after).response = deep(80, { type: 'number' });
    const changes = diffContracts(before, after).changes;
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'response-comparison-incomplete', severity: 'non-breaking' }),
    ]);
    expect(changes[0]?.message).toMatch(/nest deeper than 64 levels/);
  });

  it('a $ref that points nowhere (or is malformed) is compared by its text', () => {
    const before = shop();
    const after = shop();
    getOrder(before).response.properties.customer = { $ref: '#/$defs/%E0%A4%A' };
    getOrder(after).response.properties.customer = { $ref: '#/$defs/Nowhere' };
    const changes = diffContracts(before, after).changes;
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'response-type-changed',
        severity: 'breaking',
        location: 'response.properties.customer',
      }),
    ]);
    expect(diffContracts(before, structuredClone(before)).changes).toEqual([]);
  });

  it('hostile names are data in messages; recursive $refs end', () => {
    const before = shop();
    node(before, 'bff').name = '<script>"x"</script>';
    getOrder(before).response.$defs.Customer.properties.friend = { $ref: '#/$defs/Customer' };
    const after = structuredClone(before);
    getOrder(after).response.$defs.Customer.properties.friend = { $ref: '#/$defs/Customer' };
    delete getOrder(after).response.$defs.Customer.properties.email;
    const changes = diffContracts(before, after).changes;
    expect(changes.map((change) => change.location)).toEqual([
      'response.properties.customer.properties.email',
    ]);
    expect(changes[0]?.message).toContain('"<script>\\"x\\"</script>"');
  });
});
