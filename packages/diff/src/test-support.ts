import type { Model } from '@meshplan/model';

/**
 * A small shop with one of every kind of dependency diff.md names: a client routed through a
 * gateway to a BFF that calls two operations of the order service, a topic with a publisher and
 * a subscriber (whom an audit service calls), and a service nobody calls.
 */
export function shop(): Model {
  return {
    format: 'meshplan/v1',
    name: 'Shop',
    nodes: [
      { id: 'web', kind: 'client', name: 'Web shop' },
      { id: 'gw', kind: 'gateway', name: 'Gateway' },
      { id: 'bff', kind: 'service', name: 'Checkout BFF' },
      {
        id: 'orders',
        kind: 'service',
        name: 'Order service',
        api: {
          style: 'rest',
          version: 'v1',
          endpoints: [
            {
              method: 'GET',
              path: '/v1/orders/{id}',
              status: 200,
              response: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  totalAmount: { type: 'number' },
                  currency: { type: 'string' },
                  status: { type: 'string', enum: ['open', 'paid'] },
                  items: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { sku: { type: 'string' }, price: { type: 'number' } },
                    },
                  },
                  customer: { $ref: '#/$defs/Customer' },
                },
                required: ['id', 'totalAmount', 'status'],
                $defs: { Customer: { type: 'object', properties: { email: { type: 'string' } } } },
              },
            },
            {
              method: 'POST',
              path: '/v1/orders',
              status: 201,
              request: {
                type: 'object',
                properties: {
                  sku: { type: 'string' },
                  quantity: { type: 'integer' },
                  amount: { type: 'number' },
                  note: { type: 'string' },
                  channel: { type: 'string', enum: ['web', 'app'] },
                },
                required: ['sku'],
              },
            },
          ],
        },
      },
      {
        id: 'order-events',
        kind: 'topic',
        name: 'Order events',
        broker: 'kafka',
        messages: [
          {
            name: 'OrderCreated',
            version: 1,
            payload: {
              type: 'object',
              properties: {
                orderId: { type: 'string' },
                total: { type: 'number' },
                state: { type: 'string', enum: ['new'] },
              },
              required: ['orderId'],
            },
          },
          { name: 'OrderShipped', version: 1 },
        ],
      },
      { id: 'notify', kind: 'service', name: 'Notifications' },
      { id: 'audit', kind: 'service', name: 'Audit' },
      {
        id: 'spare',
        kind: 'service',
        name: 'Spare',
        api: { style: 'rest', endpoints: [{ method: 'GET', path: '/things', status: 200 }] },
      },
    ],
    edges: [
      { id: 'r1', kind: 'route', from: 'web', to: 'gw' },
      { id: 'r2', kind: 'route', from: 'gw', to: 'bff' },
      {
        id: 's1',
        kind: 'sync',
        from: 'bff',
        to: 'orders',
        protocol: 'rest',
        operations: ['GET /v1/orders/{orderId}', 'POST /v1/orders'],
      },
      { id: 'p1', kind: 'publish', from: 'orders', to: 'order-events', messages: ['OrderCreated'] },
      { id: 'sub1', kind: 'subscribe', from: 'order-events', to: 'notify', messages: ['OrderCreated'] },
      { id: 's2', kind: 'sync', from: 'audit', to: 'notify', protocol: 'rest' },
    ],
  };
}
