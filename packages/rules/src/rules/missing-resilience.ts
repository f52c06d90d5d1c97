import { defineRule } from '../define.js';

const CALLERS = new Set(['service', 'gateway']);
const CALLEES = new Set(['service', 'external']);
const DEFAULTS = { timeoutMs: 2000, retries: 2, circuitBreaker: true } as const;

export default defineRule({
  meta: {
    id: 'missing-resilience',
    severity: 'warning',
    description:
      'A sync call from a service or gateway without a timeout, or with neither retries nor a circuit breaker.',
    options: {},
    fixable: true,
  },
  check(model, { index, report }) {
    model.edges.forEach((edge, i) => {
      if (edge.kind !== 'sync') return;
      const from = model.nodes[index.edgeFrom[i] as number];
      const to = model.nodes[index.edgeTo[i] as number];
      if (from === undefined || to === undefined || !CALLERS.has(from.kind) || !CALLEES.has(to.kind)) return;
      const resilience = edge.resilience ?? {};
      const noTimeout = resilience.timeoutMs === undefined;
      const noRecovery = !resilience.retries && resilience.circuitBreaker !== true;
      if (!noTimeout && !noRecovery) return;
      const missing = [noTimeout && 'no timeout', noRecovery && 'neither retries nor a circuit breaker']
        .filter(Boolean)
        .join(' and ');
      report({
        message:
          `The call from "${from.name}" to "${to.name}" has ${missing}: when "${to.name}" is slow or down, ` +
          `"${from.name}" hangs or fails with it; set a timeout and retries or a circuit breaker.`,
        elements: [edge.id, from.id, to.id],
        fix: {
          title: `Add a timeout, retries and a circuit breaker to "${from.name}" → "${to.name}"`,
          patch: [
            { op: 'test', path: `/edges/${i}/id`, value: edge.id },
            {
              op: 'add',
              path: `/edges/${i}/resilience`,
              value: {
                ...resilience,
                timeoutMs: resilience.timeoutMs ?? DEFAULTS.timeoutMs,
                retries: resilience.retries || DEFAULTS.retries,
                circuitBreaker: resilience.circuitBreaker ?? DEFAULTS.circuitBreaker,
              },
            },
          ],
        },
      });
    });
  },
});
