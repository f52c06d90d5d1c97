import type { Edge } from '@meshplan/model';
import { defineRule } from '../define.js';
import { timeoutInversions } from '../impact/latency.js';
import { msInWords } from '../impact/words.js';

export default defineRule({
  meta: {
    id: 'timeout-inversion',
    severity: 'warning',
    description:
      'A sync call whose timeout is shorter than the worst time its callee may spend on its own sync calls.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    for (const found of timeoutInversions(index)) {
      const edge = model.edges[found.edge] as Edge;
      const caller = index.label(edge.from);
      const callee = index.label(edge.to);
      report({
        message:
          `"${caller}" gives up on "${callee}" after ${msInWords(found.timeoutMs)}, but "${callee}" may take ` +
          `${msInWords(found.calleeWorstMs)} on its own calls (timeout x (retries + 1) along its chain): ` +
          `"${caller}" retries while "${callee}" still works; give "${caller}" a longer timeout than ` +
          `"${callee}"'s chain, or shorten the timeouts below it.`,
        elements: [edge.id, edge.from, edge.to],
      });
    }
  },
});
