import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'god-service',
    severity: 'warning',
    description: 'A service with too many responsibilities, endpoints, entities or synchronous neighbours.',
    options: {
      maxResponsibilities: { type: 'integer', default: 7, minimum: 0, description: 'Most responsibilities' },
      maxEndpoints: { type: 'integer', default: 20, minimum: 0, description: 'Most API endpoints' },
      maxEntities: { type: 'integer', default: 8, minimum: 0, description: 'Most entities (aggregates)' },
      maxCoupling: {
        type: 'integer',
        default: 10,
        minimum: 0,
        description: 'Most distinct sync neighbours, callers plus callees',
      },
    },
    fixable: false,
  },
  check(_model, _context) {
    throw new Error('god-service: not implemented yet');
  },
});
