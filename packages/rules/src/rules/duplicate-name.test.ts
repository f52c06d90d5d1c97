import { client, datastore, model, service, testRule } from '../testing.js';
import rule from './duplicate-name.js';

testRule(rule, {
  valid: [
    {
      name: 'distinct DNS names',
      model: model({ nodes: [service('a', { name: 'Orders' }), service('b', { name: 'Order' })] }),
    },
    {
      // The rule compares hashes of DNS names first: a collision of hashes is not a finding.
      name: 'different DNS names whose 32-bit hashes are equal (S6RNW, snpba)',
      model: model({ nodes: [service('a', { name: 'S6RNW' }), service('b', { name: 'snpba' })] }),
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
          service('e', { name: 'snpba' }),
          service('f', { name: 's6rnw' }),
          service('g', { name: 'S6RNW!' }),
        ],
      }),
      findings: [
        {
          elements: ['a', 'd', 'c'],
          severity: 'error',
          message:
            /"Order Service \(EU\)", "order-service-eu", "ORDER {2}service \/ eu" all become "order-service-eu"/,
        },
        { elements: ['f', 'g'], severity: 'error', message: /"s6rnw", "S6RNW!" all become "s6rnw"/ },
      ],
    },
  ],
});
