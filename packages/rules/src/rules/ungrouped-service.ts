import { defineRule } from '../define.js';
import { uniqueId } from '../ids.js';

export default defineRule({
  meta: {
    id: 'ungrouped-service',
    severity: 'info',
    description: 'A service in no bounded context.',
    options: {},
    fixable: true,
  },
  check(model, { index, report }) {
    model.nodes.forEach((service, n) => {
      if (service.kind !== 'service' || service.context !== undefined) return;
      const contextId = uniqueId(index, `ctx-${service.id}`);
      const context = { id: contextId, name: service.name };
      report({
        message: `"${service.name}" belongs to no bounded context: say which part of the domain it serves and which team owns it.`,
        elements: [service.id],
        fix: {
          title: `Put "${service.name}" into a new context "${service.name}"`,
          patch: [
            { op: 'test', path: `/nodes/${n}/id`, value: service.id },
            model.contexts === undefined
              ? { op: 'add', path: '/contexts', value: [context] }
              : { op: 'add', path: '/contexts/-', value: context },
            { op: 'add', path: `/nodes/${n}/context`, value: contextId },
          ],
        },
      });
    });
  },
});
