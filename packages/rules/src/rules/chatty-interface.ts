import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'chatty-interface',
    severity: 'info',
    description: 'A sync edge listing more than `maxOperations` operations between the same two services.',
    options: {
      maxOperations: {
        type: 'integer',
        default: 6,
        minimum: 0,
        description: 'Most operations one sync edge may list',
      },
    },
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('chatty-interface: not implemented yet');
  },
});
