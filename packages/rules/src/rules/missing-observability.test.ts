import { model, service, testRule } from '../testing.js';
import rule from './missing-observability.js';

testRule(rule, {
  valid: [
    {
      name: 'tracing and metrics',
      model: model({ nodes: [service('a', { observability: { tracing: true, metrics: true } })] }),
    },
  ],
  invalid: [
    {
      name: 'absent counts as not enabled',
      model: model({ nodes: [{ id: 'a', kind: 'service', name: 'a' }] }),
      findings: [{ elements: ['a'], severity: 'info', message: /has no tracing and no metrics/ }],
    },
    {
      name: 'metrics off',
      model: model({ nodes: [service('a', { observability: { tracing: true, metrics: false } })] }),
      findings: [{ elements: ['a'], message: /has no metrics:/ }],
    },
  ],
});
