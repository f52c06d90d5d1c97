import { context, datastore, model, service, testRule } from '../testing.js';
import rule from './ungrouped-service.js';

testRule(rule, {
  valid: [
    {
      name: 'a grouped service',
      model: model({ contexts: [context('c')], nodes: [service('a', { context: 'c' })] }),
    },
    { name: 'other kinds may stand alone', model: model({ nodes: [datastore('d')] }) },
  ],
  invalid: [
    {
      name: 'a model without contexts',
      model: model({ nodes: [service('a', { name: 'Orders' })] }),
      findings: [{ elements: ['a'], severity: 'info', message: /"Orders" belongs to no bounded context/ }],
      fixes: true,
    },
    {
      name: 'two services, and a context id already taken',
      model: model({ contexts: [context('ctx-a')], nodes: [service('a'), service('b')] }),
      findings: [{ elements: ['a'] }, { elements: ['b'] }],
      fixes: true,
    },
  ],
});
