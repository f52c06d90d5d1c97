import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'saga-missing-compensation',
    severity: 'error',
    description: 'A saga step before the pivot (or before the last step) without a compensation.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    for (const saga of model.sagas ?? []) {
      const pivot = saga.steps.findIndex((step) => step.pivot === true);
      const end = pivot >= 0 ? pivot : saga.steps.length - 1;
      saga.steps.slice(0, Math.max(0, end)).forEach((step, i) => {
        if (step.compensation !== undefined && step.compensation.trim() !== '') return;
        report({
          message:
            `Step ${i + 1} of saga "${saga.name}" ("${step.action}") has no compensation: if a later step fails, ` +
            'its effect cannot be undone and the saga leaves the data inconsistent.',
          elements: index.node(step.service) === undefined ? [saga.id] : [saga.id, step.service],
        });
      });
    }
  },
});
