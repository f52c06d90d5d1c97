import type { Edge } from '@meshplan/model';
import { defineRule } from '../define.js';
import { retryAmplifications } from '../impact/latency.js';
import { chainInWords, figure } from '../impact/words.js';

export default defineRule({
  meta: {
    id: 'retry-amplification',
    severity: 'warning',
    description:
      'A chain of sync calls along which the product of (retries + 1) exceeds `maxAttempts`: one call at the entry may become that many at the end.',
    options: {
      maxAttempts: {
        type: 'integer',
        default: 10,
        minimum: 1,
        description: 'Most attempts one call at the entry of a chain may multiply into at its end',
      },
    },
    fixable: false,
  },
  check(model, { index, options, report }) {
    const maxAttempts = options.maxAttempts as number;
    for (const found of retryAmplifications(index, maxAttempts)) {
      const edges = found.edges.map((position) => (model.edges[position] as Edge).id);
      report({
        message:
          `Retries multiply along ${chainInWords(index, edges)}: one call to "${index.label(
            (model.edges[found.edges[0] as number] as Edge).from,
          )}" may become ${figure(found.attempts)} calls at the end (more than ${maxAttempts}); ` +
          'retry at one level only (usually the entry) and fail fast below it, or put circuit breakers on the inner calls.',
        elements: edges,
      });
    }
  },
});
