import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Model, parseModel, syntheticModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { diffContracts } from './contracts.js';
import { shop } from './test-support.js';

// biome-ignore lint/suspicious/noExplicitAny: the rows edit plain JSON in place
type Loose = any;

/**
 * diff.md's verdict table once more, on three models: the hand-built shop, a generated model and
 * the e-commerce example. Each model names a service endpoint and a topic message that have
 * consumers; every row gives both sides the same starting schemas, then changes one thing.
 */
interface Target {
  name: string;
  /** Why the rows are skipped on this model (its file is absent). */
  skip?: string | undefined;
  model: () => Model;
  service: string;
  endpoint: number;
  topic: string;
  message: string;
}

const EXAMPLE = fileURLToPath(new URL('../../../../shared/examples/ecommerce.json', import.meta.url));
const hasExample = existsSync(EXAMPLE);

const TARGETS: Target[] = [
  {
    name: 'the hand-built shop',
    model: shop,
    service: 'orders',
    endpoint: 0,
    topic: 'order-events',
    message: 'OrderCreated',
  },
  {
    name: 'a generated 30-service model',
    model: () => syntheticModel({ services: 30, seed: 3 }),
    service: 'svc-10',
    endpoint: 0,
    topic: 'topic-0',
    message: 'Event0A',
  },
  {
    name: 'the e-commerce example',
    skip: hasExample ? undefined : ' (skipped: ../shared/examples/ecommerce.json is absent)',
    model: () => {
      const result = parseModel(readFileSync(EXAMPLE, 'utf8'));
      if (!result.ok) throw new Error('the e-commerce example does not parse');
      return result.model;
    },
    service: 'order-svc',
    endpoint: 0,
    topic: 'order-events',
    message: 'OrderCreated',
  },
];

const objectSchema = () => ({
  type: 'object',
  properties: {
    name: { type: 'string' },
    amount: { type: 'number' },
    kind: { type: 'string', enum: ['a', 'b'] },
    note: { type: 'string' },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
  },
  required: ['name', 'amount', 'kind'],
});

interface Parts {
  model: Loose;
  service: Loose;
  endpoint: Loose;
  topic: Loose;
  message: Loose;
}

function parts(model: Model, target: Target): Parts {
  const service = model.nodes.find((node) => node.id === target.service) as Loose;
  const topic = model.nodes.find((node) => node.id === target.topic) as Loose;
  return {
    model,
    service,
    endpoint: service.api.endpoints[target.endpoint],
    topic,
    message: topic.messages.find((m: Loose) => m.name === target.message),
  };
}

function prepare(model: Model, target: Target): void {
  const { endpoint, message } = parts(model, target);
  endpoint.request = objectSchema();
  endpoint.response = objectSchema();
  endpoint.status = 200;
  message.payload = objectSchema();
}

const without = (model: Loose, id: string) => {
  model.nodes = model.nodes.filter((n: Loose) => n.id !== id);
  model.edges = model.edges.filter((e: Loose) => e.from !== id && e.to !== id);
};

type Row = [
  line: string,
  change: (p: Parts) => void,
  kind: string,
  severity: 'breaking' | 'non-breaking',
  on: 'service' | 'topic',
];

const ROWS: Row[] = [
  [
    'endpoint removed',
    (p) => p.service.api.endpoints.splice(p.service.api.endpoints.indexOf(p.endpoint), 1),
    'endpoint-removed',
    'breaking',
    'service',
  ],
  [
    'endpoint method changed',
    (p) => {
      p.endpoint.method = p.endpoint.method === 'PATCH' ? 'PUT' : 'PATCH';
    },
    'endpoint-method-changed',
    'breaking',
    'service',
  ],
  [
    'endpoint path changed',
    (p) => {
      p.endpoint.path = `${p.endpoint.path}/moved`;
    },
    'endpoint-path-changed',
    'breaking',
    'service',
  ],
  [
    'service removed while edges reach it',
    (p) => without(p.model, p.service.id),
    'service-removed',
    'breaking',
    'service',
  ],
  [
    'API style changed',
    (p) => {
      p.service.api.style = 'graphql';
    },
    'api-style-changed',
    'breaking',
    'service',
  ],
  [
    'request: a required property added',
    (p) => {
      p.endpoint.request.properties.extra = { type: 'string' };
      p.endpoint.request.required.push('extra');
    },
    'request-property-added',
    'breaking',
    'service',
  ],
  [
    'request: an optional property made required',
    (p) => p.endpoint.request.required.push('note'),
    'request-property-made-required',
    'breaking',
    'service',
  ],
  [
    'request: a property type changed',
    (p) => {
      p.endpoint.request.properties.name.type = 'boolean';
    },
    'request-type-changed',
    'breaking',
    'service',
  ],
  [
    'request: number narrowed to integer',
    (p) => {
      p.endpoint.request.properties.amount.type = 'integer';
    },
    'request-type-narrowed',
    'breaking',
    'service',
  ],
  [
    'request: an enum value removed',
    (p) => {
      p.endpoint.request.properties.kind.enum = ['a'];
    },
    'request-enum-value-removed',
    'breaking',
    'service',
  ],
  [
    'request: an optional property added',
    (p) => {
      p.endpoint.request.properties.extra = { type: 'string' };
    },
    'request-property-added',
    'non-breaking',
    'service',
  ],
  [
    'request: a required property made optional',
    (p) => {
      p.endpoint.request.required = ['name', 'amount'];
    },
    'request-property-made-optional',
    'non-breaking',
    'service',
  ],
  [
    'request: an enum value added',
    (p) => p.endpoint.request.properties.kind.enum.push('c'),
    'request-enum-value-added',
    'non-breaking',
    'service',
  ],
  [
    'response: a property removed',
    (p) => {
      delete p.endpoint.response.properties.note;
    },
    'response-property-removed',
    'breaking',
    'service',
  ],
  [
    'response: a nested property removed',
    (p) => {
      p.endpoint.response.properties.lines.items.properties = {};
    },
    'response-property-removed',
    'breaking',
    'service',
  ],
  [
    'response: a property type changed',
    (p) => {
      p.endpoint.response.properties.name.type = 'integer';
    },
    'response-type-changed',
    'breaking',
    'service',
  ],
  [
    'response: a required property made optional',
    (p) => {
      p.endpoint.response.required = ['name', 'amount'];
    },
    'response-property-made-optional',
    'breaking',
    'service',
  ],
  [
    'response: an enum value added',
    (p) => p.endpoint.response.properties.kind.enum.push('c'),
    'response-enum-value-added',
    'breaking',
    'service',
  ],
  [
    'response: a property added',
    (p) => {
      p.endpoint.response.properties.extra = { type: 'string' };
    },
    'response-property-added',
    'non-breaking',
    'service',
  ],
  [
    'response: an optional property made required',
    (p) => p.endpoint.response.required.push('note'),
    'response-property-made-required',
    'non-breaking',
    'service',
  ],
  [
    'success status changed',
    (p) => {
      p.endpoint.status = 201;
    },
    'success-status-changed',
    'breaking',
    'service',
  ],
  [
    'payload: a property removed',
    (p) => {
      delete p.message.payload.properties.note;
    },
    'payload-property-removed',
    'breaking',
    'topic',
  ],
  [
    'payload: a property type changed',
    (p) => {
      p.message.payload.properties.amount.type = 'string';
    },
    'payload-type-changed',
    'breaking',
    'topic',
  ],
  [
    'payload: a required property made optional',
    (p) => {
      p.message.payload.required = ['name'];
    },
    'payload-property-made-optional',
    'breaking',
    'topic',
  ],
  [
    'payload: an enum value added',
    (p) => p.message.payload.properties.kind.enum.push('c'),
    'payload-enum-value-added',
    'breaking',
    'topic',
  ],
  [
    'payload: an optional property added',
    (p) => {
      p.message.payload.properties.extra = { type: 'string' };
    },
    'payload-property-added',
    'non-breaking',
    'topic',
  ],
  [
    'payload: an optional property made required',
    (p) => p.message.payload.required.push('note'),
    'payload-property-made-required',
    'non-breaking',
    'topic',
  ],
  [
    'message removed while subscribers consume it',
    (p) => p.topic.messages.splice(p.topic.messages.indexOf(p.message), 1),
    'message-removed',
    'breaking',
    'topic',
  ],
  [
    'topic removed while subscribers consume it',
    (p) => without(p.model, p.topic.id),
    'topic-removed',
    'breaking',
    'topic',
  ],
];

for (const target of TARGETS)
  describe.skipIf(target.skip !== undefined)(`diff.md verdicts on ${target.name}${target.skip ?? ''}`, () => {
    it.each(ROWS)('%s', (_line, change, kind, severity, on) => {
      const before = target.model();
      prepare(before, target);
      const after = structuredClone(before);
      change(parts(after, target));
      const changes = diffContracts(before, after).changes;
      const element = on === 'service' ? target.service : target.topic;
      const found = changes.filter((c) => c.kind === kind && c.element === element);
      expect(found.map((c) => c.severity)).toContain(severity);
      // Breaking for the consumers the model names, and only then.
      for (const c of found) expect(c.severity === 'breaking').toBe(c.consumers.length > 0);
    });
  });
