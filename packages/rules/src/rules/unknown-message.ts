import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'unknown-message',
    severity: 'error',
    description: 'A publish or subscribe edge naming a message that its topic does not declare.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('unknown-message: not implemented yet');
  },
});
