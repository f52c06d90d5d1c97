import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'empty-context',
    severity: 'info',
    description: 'A bounded context with no nodes.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('empty-context: not implemented yet');
  },
});
