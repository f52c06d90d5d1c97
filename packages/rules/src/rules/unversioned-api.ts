import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'unversioned-api',
    severity: 'warning',
    description:
      'A service with REST endpoints where a path has no version segment and `api.version` is not set.',
    options: {},
    fixable: true,
  },
  check(_model, _context) {
    throw new Error('unversioned-api: not implemented yet');
  },
});
