import type { PublishEdge } from '@meshplan/model';
import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'multiple-publishers',
    severity: 'warning',
    description: 'A message published by more than one service (unclear event ownership).',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    // The publish edges (positions in model.edges) naming each message: one position while there
    // is one (most messages), a list from the second on; sets only for a finding.
    const byMessage = new Map<string, number | number[]>();
    model.edges.forEach((edge, i) => {
      if (edge.kind !== 'publish') return;
      for (const name of edge.messages ?? []) {
        const edges = byMessage.get(name);
        if (edges === undefined) byMessage.set(name, i);
        else if (typeof edges === 'number') {
          if (edges !== i) byMessage.set(name, [edges, i]);
        } else if (edges[edges.length - 1] !== i) edges.push(i);
      }
    });
    // forEach, not for-of: the entries iterator makes a pair for each of thousands of names.
    byMessage.forEach((positions, name) => {
      if (typeof positions === 'number') return;
      const edges = positions.map((i) => model.edges[i] as PublishEdge);
      const services = new Set(edges.map((edge) => edge.from));
      if (services.size < 2) return;
      const topics = new Set(edges.map((edge) => edge.to));
      report({
        message:
          `Message "${name}" is published by ${[...services].map((id) => `"${index.label(id)}"`).join(', ')}: ` +
          'an event should have one owner that defines its meaning and schema; give each publisher its own event.',
        elements: [...topics, ...services, ...edges.map((edge) => edge.id)],
      });
    });
  },
});
