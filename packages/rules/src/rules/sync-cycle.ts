import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'sync-cycle',
    severity: 'error',
    description:
      'A cycle in the synchronous call graph (a distributed monolith), one finding per strongly connected component.',
    options: {},
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('sync-cycle: not implemented yet');
  },
});
