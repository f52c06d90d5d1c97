import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'disconnected-node',
    severity: 'info',
    description: 'A node with no edge at all.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    model.nodes.forEach((node, position) => {
      if (index.degreeAt(position) > 0) return;
      report({
        message: `"${node.name}" has no edge: it does nothing in the architecture as drawn; connect it or remove it.`,
        elements: [node.id],
      });
    });
  },
});
