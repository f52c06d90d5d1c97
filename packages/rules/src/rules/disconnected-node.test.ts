import { datastore, model, service, sync, testRule } from '../testing.js';
import rule from './disconnected-node.js';

testRule(rule, {
  valid: [
    {
      name: 'every node has an edge',
      model: model({ nodes: [service('a'), service('b')], edges: [sync('a', 'b')] }),
    },
    { name: 'an empty model', model: model({}) },
  ],
  invalid: [
    {
      name: 'a lonely datastore and a lonely service',
      model: model({
        nodes: [service('a'), service('b'), datastore('d'), service('e')],
        edges: [sync('a', 'b')],
      }),
      findings: [
        {
          elements: ['d'],
          severity: 'info',
          message: '"d" has no edge: it does nothing in the architecture as drawn; connect it or remove it.',
        },
        { elements: ['e'] },
      ],
    },
  ],
});
