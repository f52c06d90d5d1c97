import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'chatty-chain',
    severity: 'warning',
    description:
      'A synchronous call chain of more than `maxDepth` service-to-service hops from an entry point.',
    options: {
      maxDepth: {
        type: 'integer',
        default: 3,
        minimum: 0,
        description: 'Most service-to-service hops allowed in one synchronous chain',
      },
    },
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('chatty-chain: not implemented yet');
  },
});
