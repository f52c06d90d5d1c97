import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'saga-unknown-service',
    severity: 'error',
    description: 'A saga step or orchestrator that names no service.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    for (const saga of model.sagas ?? []) {
      const references = [
        ...(saga.orchestrator === undefined ? [] : [{ id: saga.orchestrator, role: 'its orchestrator' }]),
        ...saga.steps.map((step, i) => ({ id: step.service, role: `step ${i + 1} ("${step.action}")` })),
      ];
      for (const { id, role } of references) {
        const node = index.node(id);
        if (node?.kind === 'service') continue;
        report({
          message:
            node === undefined
              ? `Saga "${saga.name}" names "${id}" as ${role}, but the model has no such service.`
              : `Saga "${saga.name}" names ${node.kind} "${node.name}" as ${role}; only a service can take part in a saga.`,
          elements: node === undefined ? [saga.id] : [saga.id, node.id],
        });
      }
    }
  },
});
