import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'duplicate-name',
    severity: 'error',
    description: 'Two nodes whose names map to the same DNS-1123 name.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('duplicate-name: not implemented yet');
  },
});
