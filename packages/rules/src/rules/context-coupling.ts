import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'context-coupling',
    severity: 'warning',
    description: "A bounded context whose services call other contexts' services more than their own.",
    options: {
      minEdges: {
        type: 'integer',
        default: 4,
        minimum: 1,
        description: 'Fewest cross-context sync calls before the rule reports',
      },
    },
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('context-coupling: not implemented yet');
  },
});
