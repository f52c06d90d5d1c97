import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'disconnected-node',
    severity: 'info',
    description: 'A node with no edge at all.',
    options: {},
    fixable: false,
  },
  check(model, { report }) {
    const touched = new Set<string>();
    for (const edge of model.edges) {
      touched.add(edge.from);
      touched.add(edge.to);
    }
    for (const node of model.nodes) {
      if (touched.has(node.id)) continue;
      report({
        message: `"${node.name}" has no edge: it does nothing in the architecture as drawn; connect it or remove it.`,
        elements: [node.id],
      });
    }
  },
});
