import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'empty-context',
    severity: 'info',
    description: 'A bounded context with no nodes.',
    options: {},
    fixable: false,
  },
  check(model, { report }) {
    const contexts = model.contexts ?? [];
    if (contexts.length === 0) return;
    const held = new Set<string>();
    for (const node of model.nodes) if (node.context !== undefined) held.add(node.context);
    for (const context of contexts) {
      if (held.has(context.id)) continue;
      report({
        message: `Bounded context "${context.name}" holds no node: give it the services that own its responsibilities, or remove it.`,
        elements: [context.id],
      });
    }
  },
});
