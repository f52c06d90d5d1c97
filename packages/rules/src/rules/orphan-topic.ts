import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'orphan-topic',
    severity: 'warning',
    description: 'A topic with publishers but no subscribers, or subscribers but no publishers.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    model.nodes.forEach((topic, v) => {
      if (topic.kind !== 'topic') return;
      // Counted on the index's rows; the edges are listed for a finding only.
      const published = index.incoming.count(v, 'publish') > 0;
      const subscribed = index.outgoing.count(v, 'subscribe') > 0;
      if (published && !subscribed) {
        const publishers = index.inEdgesAt(v, 'publish');
        report({
          message: `Topic "${topic.name}" has publishers but no subscribers: its events go nowhere.`,
          elements: [topic.id, ...publishers.map((edge) => edge.from), ...publishers.map((edge) => edge.id)],
        });
      } else if (subscribed && !published) {
        const subscribers = index.outEdgesAt(v, 'subscribe');
        report({
          message: `Topic "${topic.name}" has subscribers but no publishers: they wait for events that never come.`,
          elements: [topic.id, ...subscribers.map((edge) => edge.to), ...subscribers.map((edge) => edge.id)],
        });
      }
    });
  },
});
