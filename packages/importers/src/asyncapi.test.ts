import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { edgeList, nodeNamed } from './test-support.js';

describe('AsyncAPI importer', () => {
  it('2.6: a publish operation means others publish, so the service subscribes (and the reverse)', () => {
    const text = `asyncapi: 2.6.0
info: { title: Billing, version: 1.0.0 }
servers:
  prod: { url: 'kafka.internal:9092', protocol: kafka }
channels:
  orders.placed:
    publish:
      operationId: onOrderPlaced
      message: { $ref: '#/components/messages/OrderPlaced' }
  invoices.issued:
    subscribe:
      message:
        oneOf:
          - { name: InvoiceIssued, payload: { type: object, properties: { id: { type: string } } } }
          - { name: InvoiceVoided }
components:
  messages:
    OrderPlaced:
      name: OrderPlaced
      payload: { $ref: '#/components/schemas/Order' }
  schemas:
    Order: { type: object, properties: { id: { type: string } } }
`;
    const { model } = importModel({ files: [{ path: 'billing.yaml', text }] });
    expect(edgeList(model)).toEqual([
      'Billing -publish-> invoices.issued',
      'orders.placed -subscribe-> Billing',
    ]);
    expect(nodeNamed(model, 'orders.placed')).toMatchObject({
      kind: 'topic',
      broker: 'kafka',
      messages: [
        { name: 'OrderPlaced', payload: { type: 'object', properties: { id: { type: 'string' } } } },
      ],
    });
    expect(model.edges.find((edge) => edge.kind === 'publish')).toMatchObject({
      messages: ['InvoiceIssued', 'InvoiceVoided'],
    });
  });

  it('3.0: send is a publish edge, receive a subscribe edge', () => {
    const text = `asyncapi: 3.0.0
info: { title: Shipping, version: 1.0.0 }
servers: { prod: { host: 'nats:4222', protocol: nats } }
channels:
  shipments:
    address: shipments.created
    messages:
      created: { name: ShipmentCreated, payload: { type: object } }
  orders:
    messages:
      placed: { payload: { type: object } }
operations:
  announce: { action: send, channel: { $ref: '#/channels/shipments' }, messages: [{ $ref: '#/channels/shipments/messages/created' }] }
  listen: { action: receive, channel: { $ref: '#/channels/orders' } }
  broken: { action: send, channel: { $ref: '#/channels/missing' } }
`;
    const { model, report } = importModel({ files: [{ path: 'shipping.yaml', text }] });
    expect(edgeList(model)).toEqual(['orders -subscribe-> Shipping', 'Shipping -publish-> shipments'].sort());
    expect(nodeNamed(model, 'shipments')).toMatchObject({
      broker: 'nats',
      description: 'address shipments.created',
    });
    expect(nodeNamed(model, 'orders')).toMatchObject({ messages: [{ name: 'placed' }] });
    expect(model.edges.find((edge) => edge.kind === 'publish')).toMatchObject({
      messages: ['ShipmentCreated'],
    });
    expect(report.unmapped.map((item) => item.message)).toContain(
      'operation on channel missing, which the document does not define',
    );
  });
});
