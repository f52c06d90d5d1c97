import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'chatty-fan-out',
    severity: 'warning',
    description: 'A service with synchronous calls to more than `maxFanOut` distinct services.',
    options: {
      maxFanOut: {
        type: 'integer',
        default: 5,
        minimum: 0,
        description: 'Most distinct services one service may call synchronously',
      },
    },
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('chatty-fan-out: not implemented yet');
  },
});
