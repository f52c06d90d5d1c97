import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'cross-context-datastore',
    severity: 'error',
    description:
      "A service reaching a datastore whose context is not the service's own (inappropriate intimacy).",
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    // One sweep over the data edges, their ends by position.
    model.edges.forEach((edge, i) => {
      if (edge.kind !== 'data') return;
      const store = model.nodes[index.edgeTo[i] as number];
      const service = model.nodes[index.edgeFrom[i] as number];
      if (store?.context === undefined || service === undefined || service.context === store.context) return;
      const where =
        service.context === undefined ? 'in no bounded context' : `in "${index.label(service.context)}"`;
      report({
        message:
          `"${service.name}" (${where}) reaches datastore "${store.name}" of context "${index.label(store.context)}": ` +
          "it couples to another context's internals; ask that context's service for the data instead.",
        elements: [service.id, store.id, edge.id],
      });
    });
  },
});
