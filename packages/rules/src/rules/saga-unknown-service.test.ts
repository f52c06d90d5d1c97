import { datastore, model, service, testRule } from '../testing.js';
import rule from './saga-unknown-service.js';

testRule(rule, {
  valid: [
    {
      name: 'every reference a service',
      model: model({
        nodes: [service('a')],
        sagas: [
          {
            id: 's',
            name: 'S',
            style: 'orchestrated',
            orchestrator: 'a',
            steps: [{ service: 'a', action: 'Do' }],
          },
        ],
      }),
    },
    {
      name: 'choreographed, no orchestrator',
      model: model({
        nodes: [service('a')],
        sagas: [{ id: 's', name: 'S', style: 'choreographed', steps: [{ service: 'a', action: 'Do' }] }],
      }),
    },
  ],
  invalid: [
    {
      name: 'a missing orchestrator and a datastore as a step',
      model: model({
        nodes: [service('a'), datastore('d', { name: 'Orders DB' })],
        sagas: [
          {
            id: 's',
            name: 'Checkout',
            style: 'orchestrated',
            orchestrator: 'ghost',
            steps: [
              { service: 'a', action: 'Do' },
              { service: 'd', action: 'Write' },
            ],
          },
        ],
      }),
      findings: [
        {
          elements: ['s'],
          severity: 'error',
          message: 'Saga "Checkout" names "ghost" as its orchestrator, but the model has no such service.',
        },
        {
          elements: ['s', 'd'],
          message: /names datastore "Orders DB" as step 2 \("Write"\); only a service/,
        },
      ],
    },
  ],
});
