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
    // The first node of each DNS name, and a group only where a second one comes: no array per node.
    const first = new Map<string, Node>();
    const groups = new Map<string, Node[]>();
    for (const node of model.nodes) {
      const name = dnsName(node.name);
      const earlier = first.get(name);
      if (earlier === undefined) first.set(name, node);
      else {
        const group = groups.get(name);
        if (group === undefined) groups.set(name, [earlier, node]);
        else group.push(node);
      }
    }
    for (const [name, nodes] of groups) {
      report({
        message:
          `${nodes.map((node) => `"${node.name}"`).join(', ')} all become "${name}" in exported files: ` +
          'they would overwrite each other; rename all but one.',
        elements: nodes.map((node) => node.id),
      });
    }
  },
});
