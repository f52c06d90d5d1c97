import type { Edge } from '@meshplan/model';
import { defineRule } from '../define.js';
import { syncGraph } from '../graph/scc.js';

export default defineRule({
  meta: {
    id: 'context-coupling',
    severity: 'warning',
    description: "A bounded context whose services call other contexts' services more than their own.",
    options: {
      minEdges: {
        type: 'integer',
        default: 4,
        minimum: 1,
        description: 'Fewest cross-context sync calls before the rule reports',
      },
    },
    fixable: false,
  },
  check(model, { index, options, report }) {
    const minEdges = options.minEdges as number;
    // One sweep over the services' calls (positions, not lookups by id), tallied by the caller's context.
    const { offsets, targets, edges } = syncGraph(index);
    const tally = new Map<string, { internal: number; cross: string[] }>();
    model.nodes.forEach((service, v) => {
      if (service.kind !== 'service' || service.context === undefined) return;
      for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) {
        const edge = model.edges[edges[k] as number] as Edge;
        const callee = model.nodes[targets[k] as number];
        if (edge.kind !== 'sync' || callee?.kind !== 'service') continue;
        let counts = tally.get(service.context);
        if (counts === undefined) {
          counts = { internal: 0, cross: [] };
          tally.set(service.context, counts);
        }
        if (callee.context === service.context) counts.internal++;
        else counts.cross.push(edge.id);
      }
    });
    for (const context of model.contexts ?? []) {
      const counts = tally.get(context.id);
      if (counts === undefined) continue;
      const { internal, cross } = counts;
      if (cross.length < minEdges || cross.length <= internal) continue;
      report({
        message:
          `Context "${context.name}" makes ${cross.length} synchronous calls to other contexts and ${internal} inside itself: ` +
          'its boundary may be in the wrong place; move the behaviour to where the data lives or use events.',
        elements: [context.id, ...cross],
      });
    }
  },
});
