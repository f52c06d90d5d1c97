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
  check(model, { index, options, report }) {
    const minEdges = options.minEdges as number;
    for (const context of model.contexts ?? []) {
      let internal = 0;
      const cross: string[] = [];
      for (const service of index.servicesInContext(context.id)) {
        for (const edge of index.outEdges(service.id, 'sync')) {
          const callee = index.node(edge.to);
          if (callee?.kind !== 'service') continue;
          if (callee.context === context.id) internal++;
          else cross.push(edge.id);
        }
      }
      if (cross.length < minEdges || cross.length <= internal) continue;
      report({
        message:
          `Context "${context.name}" makes ${cross.length} synchronous calls to other contexts and ${internal} inside itself: ` +
          'its boundary may be in the wrong place; move the behaviour to where the data lives or use events.',
        elements: [context.id, ...cross],
      });
    }
  },
});
