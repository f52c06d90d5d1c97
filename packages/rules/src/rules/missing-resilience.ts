import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'missing-resilience',
    severity: 'warning',
    description:
      'A sync call from a service or gateway without a timeout, or with neither retries nor a circuit breaker.',
    options: {},
    fixable: true,
  },
  check(_model, _context) {
    throw new Error('missing-resilience: not implemented yet');
  },
});
