import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'missing-health-checks',
    severity: 'warning',
    description: 'A service with a runtime but no health or no readiness path.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('missing-health-checks: not implemented yet');
  },
});
