import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'saga-unknown-service',
    severity: 'error',
    description: 'A saga step or orchestrator that names no service.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('saga-unknown-service: not implemented yet');
  },
});
