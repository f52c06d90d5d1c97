import { context, data, datastore, model, service, testRule } from '../testing.js';
import rule from './cross-context-datastore.js';

const contexts = [context('orders'), context('billing')];

testRule(rule, {
  valid: [
    {
      name: 'a service and its store in one context',
      model: model({
        contexts,
        nodes: [service('a', { context: 'orders' }), datastore('d', { context: 'orders' })],
        edges: [data('a', 'd')],
      }),
    },
    {
      name: 'a store in no context',
      model: model({
        contexts,
        nodes: [service('a', { context: 'orders' }), datastore('d')],
        edges: [data('a', 'd')],
      }),
    },
  ],
  invalid: [
    {
      name: "a service reaching another context's store",
      model: model({
        contexts,
        nodes: [service('a', { context: 'billing' }), datastore('d', { context: 'orders' })],
        edges: [data('a', 'd', 'read')],
      }),
      findings: [
        {
          elements: ['a', 'd', 'a-data-d'],
          message: /"a" \(in "billing"\) reaches datastore "d" of context "orders"/,
        },
      ],
    },
    {
      name: 'a service in no context reaching a grouped store',
      model: model({
        contexts,
        nodes: [service('a'), datastore('d', { context: 'orders' })],
        edges: [data('a', 'd')],
      }),
      findings: [{ elements: ['a', 'd', 'a-data-d'], message: /in no bounded context/ }],
    },
  ],
});
