import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'cross-context-datastore',
    severity: 'error',
    description:
      "A service reaching a datastore whose context is not the service's own (inappropriate intimacy).",
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('cross-context-datastore: not implemented yet');
  },
});
