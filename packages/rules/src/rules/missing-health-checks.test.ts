import { model, service, testRule } from '../testing.js';
import rule from './missing-health-checks.js';

testRule(rule, {
  valid: [
    {
      name: 'both probes',
      model: model({ nodes: [service('a', { runtime: { health: '/h', readiness: '/r' } })] }),
    },
    {
      name: 'no runtime at all: one rule does not nag about every field',
      model: model({ nodes: [service('a')] }),
    },
  ],
  invalid: [
    {
      name: 'a runtime without probes',
      model: model({ nodes: [service('a', { runtime: { image: 'a:1' } })] }),
      findings: [
        {
          elements: ['a'],
          severity: 'warning',
          message: /without a health \(liveness\) path or a readiness path/,
        },
      ],
    },
    {
      name: 'only the readiness path missing',
      model: model({ nodes: [service('a', { runtime: { health: '/h' } })] }),
      findings: [{ elements: ['a'], message: /"a" runs without a readiness path:/ }],
    },
  ],
});
