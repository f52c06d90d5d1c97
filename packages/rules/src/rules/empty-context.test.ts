import { context, datastore, model, service, testRule } from '../testing.js';
import rule from './empty-context.js';

testRule(rule, {
  valid: [
    {
      name: 'a context with a service',
      model: model({ contexts: [context('c')], nodes: [service('a', { context: 'c' })] }),
    },
    {
      name: 'a context with only a datastore',
      model: model({ contexts: [context('c')], nodes: [datastore('d', { context: 'c' })] }),
    },
  ],
  invalid: [
    {
      name: 'an empty context next to a full one',
      model: model({
        contexts: [context('full'), context('empty', { name: 'Empty one' })],
        nodes: [service('a', { context: 'full' })],
      }),
      findings: [
        { elements: ['empty'], severity: 'info', message: /Bounded context "Empty one" holds no node/ },
      ],
    },
  ],
});
