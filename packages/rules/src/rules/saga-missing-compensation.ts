import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'saga-missing-compensation',
    severity: 'error',
    description: 'A saga step before the pivot (or before the last step) without a compensation.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('saga-missing-compensation: not implemented yet');
  },
});
