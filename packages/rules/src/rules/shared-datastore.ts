import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'shared-datastore',
    severity: 'error',
    description:
      'A datastore reached by `data` edges from more than one service (shared persistence); error when two or more write, warning when one writes and the others only read.',
    options: {},
    fixable: true,
  },
  check(_model, _context) {
    throw new Error('shared-datastore: not implemented yet');
  },
});
