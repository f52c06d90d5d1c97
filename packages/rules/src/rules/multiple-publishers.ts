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
    const byMessage = new Map<string, { services: Set<string>; topics: Set<string>; edges: string[] }>();
    for (const edge of model.edges) {
      if (edge.kind !== 'publish') continue;
      for (const name of new Set(edge.messages ?? [])) {
        let entry = byMessage.get(name);
        if (entry === undefined) {
          entry = { services: new Set(), topics: new Set(), edges: [] };
          byMessage.set(name, entry);
        }
        entry.services.add(edge.from);
        entry.topics.add(edge.to);
        entry.edges.push(edge.id);
      }
    }
    for (const [name, { services, topics, edges }] of byMessage) {
      if (services.size < 2) continue;
      report({
        message:
          `Message "${name}" is published by ${[...services].map((id) => `"${index.label(id)}"`).join(', ')}: ` +
          'an event should have one owner that defines its meaning and schema; give each publisher its own event.',
        elements: [...topics, ...services, ...edges],
      });
    }
  },
});
