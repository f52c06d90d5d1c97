import { client, datastore, model, service, testRule } from '../testing.js';
import rule from './duplicate-name.js';

testRule(rule, {
  valid: [
    {
      name: 'distinct DNS names',
      model: model({ nodes: [service('a', { name: 'Orders' }), service('b', { name: 'Order' })] }),
    },
  ],
  invalid: [
    {
      name: 'three names that become one, of different kinds',
      model: model({
        nodes: [
          service('a', { name: 'Order Service (EU)' }),
          datastore('d', { name: 'order-service-eu' }),
          client('c', { name: 'ORDER  service / eu' }),
          service('b', { name: 'Payments' }),
        ],
      }),
      findings: [
        {
          elements: ['a', 'd', 'c'],
          severity: 'error',
          message:
            /"Order Service \(EU\)", "order-service-eu", "ORDER {2}service \/ eu" all become "order-service-eu"/,
        },
      ],
    },
  ],
});
