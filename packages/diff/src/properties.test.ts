import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Model, parseModel, syntheticModel } from '@meshplan/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContractChange, type ContractDiff, diffContracts } from './contracts.js';

// biome-ignore lint/suspicious/noExplicitAny: the generators edit plain JSON in place
type Loose = any;

const EXAMPLE = fileURLToPath(new URL('../../../../shared/examples/ecommerce.json', import.meta.url));
const hasExample = existsSync(EXAMPLE);

function example(): Model {
  const result = parseModel(readFileSync(EXAMPLE, 'utf8'));
  if (!result.ok) throw new Error('the shared e-commerce example does not parse');
  return result.model;
}

const byId = (model: Model, id: string): Loose => model.nodes.find((node) => node.id === id);

/** Whether `consumer` depends on the contract `change` is about, by an edge of the old model. */
function dependsOn(before: Model, change: ContractChange, consumer: string): boolean {
  return before.edges.some(
    (edge) =>
      ((edge.kind === 'sync' || edge.kind === 'route') &&
        edge.from === consumer &&
        edge.to === change.element) ||
      (edge.kind === 'subscribe' && edge.from === change.element && edge.to === consumer) ||
      (edge.kind === 'publish' && edge.to === change.element && edge.from === consumer),
  );
}

/** The invariants every diff keeps, whatever the models. */
function expectConsistent(before: Model, diff: ContractDiff): void {
  for (const change of diff.changes) {
    // Breaking for consumers iff listed with them, and they are real dependants.
    expect(change.severity === 'breaking').toBe(change.consumers.length > 0);
    for (const consumer of change.consumers) expect(dependsOn(before, change, consumer)).toBe(true);
    expect(change.impacted.slice(0, change.consumers.length)).toEqual(change.consumers);
    expect(new Set(change.impacted).size).toBe(change.impacted.length);
  }
  expect(diff.summary.breaking + diff.summary.nonBreaking + diff.summary.info).toBe(diff.changes.length);
}

/** Mutations of a synthetic model: each touches a contract or an element. */
const MUTATIONS = [
  'remove-endpoint',
  'change-status',
  'require-request-field',
  'add-response',
  'add-endpoint',
  'remove-message',
  'require-payload-field',
  'rename-service',
  'move-path',
] as const;

function mutate(model: Model, mutation: (typeof MUTATIONS)[number], pick: number): void {
  const services = model.nodes.filter((node) => node.kind === 'service') as Loose[];
  const topics = model.nodes.filter((node) => node.kind === 'topic') as Loose[];
  const service = services[pick % services.length];
  const topic = topics[pick % topics.length];
  const endpoints = service.api.endpoints;
  switch (mutation) {
    case 'remove-endpoint':
      endpoints.shift();
      break;
    case 'change-status':
      if (endpoints[0]) endpoints[0].status = 299;
      break;
    case 'require-request-field':
      if (endpoints[1])
        endpoints[1].request = {
          type: 'object',
          properties: { [`f${pick}`]: { type: 'string' } },
          required: [`f${pick}`],
        };
      break;
    case 'add-response':
      if (endpoints[0]) endpoints[0].response = { type: 'object', properties: { name: { type: 'string' } } };
      break;
    case 'add-endpoint':
      endpoints.push({ method: 'DELETE', path: `/v1/extra-${pick}/{id}`, status: 204 });
      break;
    case 'remove-message':
      topic.messages.pop();
      break;
    case 'require-payload-field': {
      const message = topic.messages[topic.messages.length - 1];
      message.payload = { type: 'object', properties: { at: { type: 'string' } }, required: ['at'] };
      break;
    }
    case 'rename-service':
      service.name = `${service.name} (renamed)`;
      break;
    case 'move-path':
      if (endpoints[0]) endpoints[0].path = `/v2${endpoints[0].path.slice(3)}`;
      break;
  }
}

const pairs = fc
  .record({
    services: fc.integer({ min: 3, max: 40 }),
    seed: fc.integer({ min: 1, max: 1000 }),
    mutations: fc.array(fc.record({ kind: fc.constantFrom(...MUTATIONS), pick: fc.nat(1000) }), {
      minLength: 1,
      maxLength: 6,
    }),
  })
  .map(({ services, seed, mutations }) => {
    const before = syntheticModel({ services, seed });
    const after = structuredClone(before);
    for (const { kind, pick } of mutations) mutate(after, kind, pick);
    return { before, after };
  });

const key = (change: ContractChange, kind = change.kind) =>
  JSON.stringify([kind, change.element, change.contract, change.location]);

describe('diffContracts: properties', () => {
  it('a model diffed with itself has no change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 1000 }), (services, seed) => {
        const model = syntheticModel({ services, seed });
        expect(diffContracts(model, structuredClone(model), { all: true })).toEqual({
          changes: [],
          summary: { breaking: 0, nonBreaking: 0, info: 0 },
        });
      }),
      { numRuns: 40 },
    );
  });

  it('swapping OLD and NEW turns every "added" into "removed" and back', () => {
    fc.assert(
      fc.property(pairs, ({ before, after }) => {
        const forward = diffContracts(before, after, { all: true }).changes;
        const backward = new Set(
          diffContracts(after, before, { all: true }).changes.map((change) => key(change)),
        );
        // Changes inside a moved endpoint are told under the contract its callers know, the old
        // one, which is the other one the other way round: those are compared by the move itself.
        const moved = new Set(
          forward
            .filter((change) => /^endpoint-(path|method)-changed$/.test(change.kind))
            .map((c) => c.contract),
        );
        for (const change of forward) {
          if (moved.has(change.contract) && !change.kind.startsWith('endpoint-')) continue;
          if (change.kind.endsWith('-added')) {
            expect(backward).toContain(key(change, change.kind.replace(/-added$/, '-removed')));
          } else if (change.kind.endsWith('-removed')) {
            expect(backward).toContain(key(change, change.kind.replace(/-removed$/, '-added')));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a change is breaking for consumers iff it is listed with them, and they depend on it', () => {
    fc.assert(
      fc.property(pairs, ({ before, after }) => {
        expectConsistent(before, diffContracts(before, after, { all: true }));
        expectConsistent(after, diffContracts(after, before, { all: true }));
      }),
      { numRuns: 60 },
    );
  });
});

describe('diffContracts on generated models: the verdict of each mutation', () => {
  const cases: [(typeof MUTATIONS)[number], string, string][] = [
    ['remove-endpoint', 'endpoint-removed', 'breaking'],
    ['change-status', 'success-status-changed', 'breaking'],
    ['require-request-field', 'request-property-added', 'breaking'],
    ['add-response', 'response-property-added', 'non-breaking'],
    ['add-endpoint', 'endpoint-added', 'non-breaking'],
    ['remove-message', 'message-removed', 'breaking'],
    ['require-payload-field', 'payload-property-added', 'breaking'],
    ['move-path', 'endpoint-path-changed', 'breaking'],
  ];
  it.each(cases)(
    '%s: %s is %s for the callers of a service every caller reaches',
    (mutation, kind, severity) => {
      const before = syntheticModel({ services: 30, seed: 7 });
      // svc-0 is called with no operations listed (it may call anything); topic-0 has subscribers
      // of its first message and publishers of its last.
      const target = mutation.includes('message') || mutation.includes('payload') ? 'topic-0' : 'svc-0';
      const pick = before.nodes
        .filter((node) => node.kind === byId(before, target).kind)
        .indexOf(byId(before, target));
      const after = structuredClone(before);
      mutate(after, mutation, pick);
      const diff = diffContracts(before, after);
      expectConsistent(before, diff);
      expect(diff.changes).toContainEqual(expect.objectContaining({ kind, severity, element: target }));
    },
  );
});

describe.skipIf(!hasExample)(
  `diffContracts on the e-commerce example${hasExample ? '' : ' (skipped: ../shared/examples/ecommerce.json is absent)'}`,
  () => {
    it('has no change against itself', () => {
      expect(diffContracts(example(), example(), { all: true }).changes).toEqual([]);
    });

    it('a response property removed from POST /v1/orders breaks the gateway that routes to it, and the web app', () => {
      const after = example();
      const endpoint = byId(after, 'order-svc').api.endpoints.find(
        (e: Loose) => e.method === 'POST' && e.path === '/v1/orders',
      );
      delete endpoint.response.properties.totalAmount;
      const diff = diffContracts(example(), after);
      expect(diff.changes).toEqual([
        expect.objectContaining({
          kind: 'response-property-removed',
          severity: 'breaking',
          element: 'order-svc',
          contract: 'POST /v1/orders',
          location: 'response.properties.totalAmount',
          consumers: ['gw'],
          impacted: ['gw', 'web'],
        }),
      ]);
    });

    it('a gRPC method removed breaks the caller whose operations name it: the contract is its name', () => {
      const after = example();
      const inventory = byId(after, 'inventory-svc');
      inventory.api.endpoints = inventory.api.endpoints.filter((e: Loose) => e.path !== 'ReleaseReservation');
      expect(diffContracts(example(), after).changes).toEqual([
        expect.objectContaining({
          kind: 'endpoint-removed',
          severity: 'breaking',
          element: 'inventory-svc',
          contract: 'ReleaseReservation',
          consumers: ['order-svc'],
        }),
      ]);
    });

    it('OrderCreated removed breaks its three subscribers; a GET /customers/{id} removed breaks both callers and says to version the API', () => {
      const after = example();
      byId(after, 'order-events').messages = byId(after, 'order-events').messages.filter(
        (m: Loose) => m.name !== 'OrderCreated',
      );
      byId(after, 'customer-svc').api.endpoints = byId(after, 'customer-svc').api.endpoints.filter(
        (e: Loose) => e.path !== '/customers/{id}',
      );
      const diff = diffContracts(example(), after);
      expectConsistent(example(), diff);
      const removed = diff.changes.find((c) => c.kind === 'message-removed');
      expect(removed?.consumers.slice().sort()).toEqual(['fulfillment-svc', 'inventory-svc', 'notify-svc']);
      const endpoint = diff.changes.find((c) => c.kind === 'endpoint-removed');
      expect(endpoint?.consumers.slice().sort()).toEqual(['mobile', 'order-svc']);
      expect(endpoint?.impacted).toContain('gw');
      expect(endpoint?.message).toMatch(/no version yet/);
    });
  },
);
