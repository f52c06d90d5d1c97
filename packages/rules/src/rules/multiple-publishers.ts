import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'multiple-publishers',
    severity: 'warning',
    description: 'A message published by more than one service (unclear event ownership).',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('multiple-publishers: not implemented yet');
  },
});
