import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'missing-observability',
    severity: 'info',
    description: 'A service that does not enable both tracing and metrics.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('missing-observability: not implemented yet');
  },
});
