import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'missing-gateway',
    severity: 'warning',
    description: 'A client calling a service directly, or clients present and no gateway at all.',
    options: {},
    fixable: true,
  },
  check(_model, _context) {
    throw new Error('missing-gateway: not implemented yet');
  },
});
