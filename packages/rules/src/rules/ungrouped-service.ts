import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'ungrouped-service',
    severity: 'info',
    description: 'A service in no bounded context.',
    options: {},
    fixable: true,
  },
  check(_model, _context) {
    throw new Error('ungrouped-service: not implemented yet');
  },
});
