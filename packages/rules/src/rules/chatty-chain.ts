import type { Edge } from '@meshplan/model';
import { defineRule } from '../define.js';
import { syncComponents, syncOut } from '../graph/scc.js';

export default defineRule({
  meta: {
    id: 'chatty-chain',
    severity: 'warning',
    description:
      'A synchronous call chain of more than `maxDepth` service-to-service hops from an entry point.',
    options: {
      maxDepth: {
        type: 'integer',
        default: 3,
        minimum: 0,
        description: 'Most service-to-service hops allowed in one synchronous chain',
      },
    },
    fixable: false,
  },
  check(model, { index, options, report }) {
    const maxDepth = options.maxDepth as number;
    // Fold every cycle into one node (cycles are sync-cycle's), then find the longest chain from
    // each component by dynamic programming over the condensation, which is a DAG.
    const { of, members } = syncComponents(index);
    const hasService = members.map((component) => component.some((id) => index.node(id)?.kind === 'service'));
    const best = new Array<number>(members.length).fill(0);
    const next = new Array<Edge | undefined>(members.length);
    // Tarjan numbers components in reverse topological order: successors come first.
    members.forEach((component, c) => {
      for (const id of component) {
        for (const edge of syncOut(index, id)) {
          const d = of.get(edge.to) as number;
          if (d === c) continue;
          const hops = (hasService[c] && hasService[d] ? 1 : 0) + (best[d] as number);
          if (hops > (best[c] as number)) {
            best[c] = hops;
            next[c] = edge;
          }
        }
      }
    });

    const reported = new Set<string>();
    for (const node of model.nodes) {
      const start = of.get(node.id) as number;
      if (index.inEdges(node.id, 'sync').length > 0 || index.inEdges(node.id, 'route').length > 0) continue;
      if ((best[start] as number) <= maxDepth) continue;
      const services: string[] = [];
      const edges: string[] = [];
      for (let c: number | undefined = start; c !== undefined; ) {
        if (hasService[c])
          services.push(...(members[c] as string[]).filter((id) => index.node(id)?.kind === 'service'));
        const edge: Edge | undefined = next[c];
        if (edge === undefined) break;
        if (hasService[c] && hasService[of.get(edge.to) as number]) edges.push(edge.id);
        c = of.get(edge.to);
      }
      const key = services.join('\u0000');
      if (reported.has(key)) continue;
      reported.add(key);
      report({
        message:
          `The synchronous chain ${services.map((id) => `"${index.label(id)}"`).join(' → ')} has ${best[start]} ` +
          `service-to-service hops (more than ${maxDepth}): its latency and failure rates add up; ` +
          'make some steps asynchronous or let the caller hold the data it needs.',
        elements: [...services, ...edges],
      });
    }
  },
});
