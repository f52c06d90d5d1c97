import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'orphan-topic',
    severity: 'warning',
    description: 'A topic with publishers but no subscribers, or subscribers but no publishers.',
    options: {},
    fixable: false,
  },
  check(_model, { index, report }) {
    for (const topic of index.nodesOfKind('topic')) {
      const publishers = index.inEdges(topic.id, 'publish');
      const subscribers = index.outEdges(topic.id, 'subscribe');
      if (publishers.length > 0 && subscribers.length === 0) {
        report({
          message: `Topic "${topic.name}" has publishers but no subscribers: its events go nowhere.`,
          elements: [topic.id, ...publishers.map((edge) => edge.from), ...publishers.map((edge) => edge.id)],
        });
      } else if (subscribers.length > 0 && publishers.length === 0) {
        report({
          message: `Topic "${topic.name}" has subscribers but no publishers: they wait for events that never come.`,
          elements: [topic.id, ...subscribers.map((edge) => edge.to), ...subscribers.map((edge) => edge.id)],
        });
      }
    }
  },
});
