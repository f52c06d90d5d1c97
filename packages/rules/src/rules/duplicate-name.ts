import { dnsName, type Node } from '@meshplan/model';
import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'duplicate-name',
    severity: 'error',
    description: 'Two nodes whose names map to the same DNS-1123 name.',
    options: {},
    fixable: false,
  },
  check(model, { report }) {
    const groups = new Map<string, Node[]>();
    for (const node of model.nodes) {
      const name = dnsName(node.name);
      const group = groups.get(name);
      if (group === undefined) groups.set(name, [node]);
      else group.push(node);
    }
    for (const [name, nodes] of groups) {
      if (nodes.length < 2) continue;
      report({
        message:
          `${nodes.map((node) => `"${node.name}"`).join(', ')} all become "${name}" in exported files: ` +
          'they would overwrite each other; rename all but one.',
        elements: nodes.map((node) => node.id),
      });
    }
  },
});
