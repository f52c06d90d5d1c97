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
  check(_model, { index, report }) {
    for (const store of index.nodesOfKind('datastore')) {
      if (store.context === undefined) continue;
      for (const edge of index.inEdges(store.id, 'data')) {
        const service = index.node(edge.from);
        if (service === undefined || service.context === store.context) continue;
        const where =
          service.context === undefined ? 'in no bounded context' : `in "${index.label(service.context)}"`;
        report({
          message:
            `"${service.name}" (${where}) reaches datastore "${store.name}" of context "${index.label(store.context)}": ` +
            "it couples to another context's internals; ask that context's service for the data instead.",
          elements: [service.id, store.id, edge.id],
        });
      }
    }
  },
});
