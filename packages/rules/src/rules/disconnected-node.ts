import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'disconnected-node',
    severity: 'info',
    description: 'A node with no edge at all.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('disconnected-node: not implemented yet');
  },
});
