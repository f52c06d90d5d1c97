import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';

const openapi31 = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Orders API', version: 'v2', description: 'Takes orders' },
  paths: {
    '/v2/orders': {
      post: {
        summary: 'Place an order',
        requestBody: { $ref: '#/components/requestBodies/NewOrder' },
        responses: { '201': { $ref: '#/components/responses/Created' }, '400': { description: 'bad' } },
      },
      get: { operationId: 'listOrders', responses: { default: { description: 'all' } } },
      options: { responses: { '204': { description: 'cors' } } },
    },
    '/v2/orders/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        responses: {
          '200': {
            description: 'one',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
          },
        },
      },
    },
  },
  components: {
    requestBodies: {
      NewOrder: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
    },
    responses: {
      Created: {
        description: 'made',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
      },
    },
    schemas: {
      Order: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } },
          parent: { $ref: '#/components/schemas/Order' },
          customer: { $ref: 'https://example.com/customer.json' },
        },
      },
      Line: { type: 'object', properties: { sku: { type: 'string' } } },
    },
  },
});

describe('OpenAPI importer', () => {
  it('reads JSON 3.1: one service, endpoints, local refs inlined, recursion stopped, remote refs reported', () => {
    const { model, report } = importModel({ files: [{ path: 'orders.json', text: openapi31 }] });
    expect(model.nodes).toHaveLength(1);
    const service = model.nodes[0];
    expect(service).toMatchObject({
      id: 'orders-api',
      kind: 'service',
      name: 'Orders API',
      description: 'Takes orders',
    });
    if (service?.kind !== 'service') throw new Error('expected a service');
    expect(service.api?.style).toBe('rest');
    expect(service.api?.version).toBe('v2');
    const endpoints = service.api?.endpoints ?? [];
    expect(endpoints.map(({ method, path, summary, status }) => ({ method, path, summary, status }))).toEqual(
      [
        { method: 'POST', path: '/v2/orders', summary: 'Place an order', status: 201 },
        { method: 'GET', path: '/v2/orders', summary: 'listOrders', status: undefined },
        { method: 'GET', path: '/v2/orders/{id}', summary: undefined, status: 200 },
      ],
    );
    const order = endpoints[0]?.request as { properties: Record<string, unknown> };
    expect(order.properties.lines).toEqual({
      type: 'array',
      items: { type: 'object', properties: { sku: { type: 'string' } } },
    });
    expect(order.properties.parent).toEqual({
      description: 'recursive reference to #/components/schemas/Order',
    });
    expect(endpoints[0]?.response).toEqual(endpoints[0]?.request);
    expect(JSON.stringify(model)).not.toContain('"$ref"');
    expect(report.unmapped.map((item) => item.message)).toEqual(
      expect.arrayContaining([
        'OPTIONS /v2/orders: the model has no OPTIONS method',
        '$ref https://example.com/customer.json points outside the document; not fetched',
      ]),
    );
    expect(report.unmapped[0]?.source).toMatchObject({
      path: 'orders.json',
      line: 1,
      pointer: expect.any(String),
    });
  });

  it('refuses other versions clearly', () => {
    expect(() =>
      importModel({ files: [{ path: 'a.yaml', text: 'openapi: 2.5.0\ninfo: {title: a, version: "1"}\n' }] }),
    ).toThrow('a.yaml:1:10: OpenAPI 2.5.0 is not supported; this importer reads 3.0 and 3.1');
  });
});
