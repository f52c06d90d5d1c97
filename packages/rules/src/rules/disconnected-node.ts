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
    for (const node of model.nodes) {
      if (index.outEdges(node.id).length > 0 || index.inEdges(node.id).length > 0) continue;
      report({
        message: `"${node.name}" has no edge: it does nothing in the architecture as drawn; connect it or remove it.`,
        elements: [node.id],
      });
    }
  },
});
