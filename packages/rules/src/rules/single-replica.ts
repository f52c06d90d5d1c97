import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'single-replica',
    severity: 'info',
    description:
      'A service with a runtime and fewer than 2 replicas on a synchronous path from a client or gateway.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('single-replica: not implemented yet');
  },
});
