import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'empty-context',
    severity: 'info',
    description: 'A bounded context with no nodes.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    for (const context of model.contexts ?? []) {
      if (index.nodesInContext(context.id).length > 0) continue;
      report({
        message: `Bounded context "${context.name}" holds no node: give it the services that own its responsibilities, or remove it.`,
        elements: [context.id],
      });
    }
  },
});
