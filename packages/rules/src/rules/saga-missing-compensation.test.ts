import { model, service, testRule } from '../testing.js';
import rule from './saga-missing-compensation.js';

const saga = (steps: object[]) => ({
  id: 'saga',
  name: 'Checkout',
  style: 'orchestrated',
  orchestrator: 'a',
  steps,
});
const nodes = [service('a'), service('b'), service('c')];

testRule(rule, {
  valid: [
    {
      name: 'steps before the pivot compensated, the rest need not be',
      model: model({
        nodes,
        sagas: [
          saga([
            { service: 'a', action: 'Reserve', compensation: 'Release' },
            { service: 'b', action: 'Charge', pivot: true },
            { service: 'c', action: 'Ship' },
          ]),
        ],
      }),
    },
    {
      name: 'no pivot: every step but the last compensated',
      model: model({
        nodes,
        sagas: [
          saga([
            { service: 'a', action: 'Reserve', compensation: 'Release' },
            { service: 'b', action: 'Charge' },
          ]),
        ],
      }),
    },
    {
      name: 'a pivot first',
      model: model({
        nodes,
        sagas: [
          saga([
            { service: 'a', action: 'Charge', pivot: true },
            { service: 'b', action: 'Ship' },
          ]),
        ],
      }),
    },
  ],
  invalid: [
    {
      name: 'two steps before the pivot without compensation',
      model: model({
        nodes,
        sagas: [
          saga([
            { service: 'a', action: 'Reserve' },
            { service: 'b', action: 'Hold', compensation: '  ' },
            { service: 'c', action: 'Charge', pivot: true },
          ]),
        ],
      }),
      findings: [
        {
          elements: ['saga', 'a'],
          severity: 'error',
          message: /Step 1 of saga "Checkout" \("Reserve"\) has no compensation/,
        },
        { elements: ['saga', 'b'], message: /Step 2 of saga "Checkout" \("Hold"\)/ },
      ],
    },
    {
      name: 'no pivot: the first of two steps',
      model: model({
        nodes,
        sagas: [
          saga([
            { service: 'a', action: 'Reserve' },
            { service: 'b', action: 'Charge' },
          ]),
        ],
      }),
      findings: [{ elements: ['saga', 'a'] }],
    },
  ],
});
