import type { Edge, Node } from '@meshplan/model';
import { defineRule } from '../define.js';
import { syncGraph } from '../graph/scc.js';

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
    const { offsets, targets, edges, component, count, memberStart, memberNodes } = syncGraph(index);
    const nodes = model.nodes;
    const idAt = (v: number) => (nodes[v] as Node).id;
    // As `index.label` names a node, without looking it up again.
    const nameAt = (v: number) => (nodes[v] as Node).name || idAt(v);
    // Whether each component holds a service: most components are one node, so a flag.
    const hasService = new Uint8Array(count);
    for (let v = 0; v < nodes.length; v++)
      if (model.nodes[v]?.kind === 'service') hasService[component[v] as number] = 1;
    const best = new Int32Array(count);
    const nextEdge = new Int32Array(count).fill(-1);
    // Tarjan numbers components in reverse topological order: successors come first.
    for (let c = 0; c < count; c++) {
      const here = hasService[c] === 1;
      for (let m = memberStart[c] as number; m < (memberStart[c + 1] as number); m++) {
        const v = memberNodes[m] as number;
        for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) {
          const d = component[targets[k] as number] as number;
          if (d === c) continue;
          const hops = (here && hasService[d] === 1 ? 1 : 0) + (best[d] as number);
          if (hops > (best[c] as number)) {
            best[c] = hops;
            nextEdge[c] = k;
          }
        }
      }
    }
    const follow = (c: number) =>
      nextEdge[c] === -1 ? -1 : (component[targets[nextEdge[c] as number] as number] as number);

    // From a component the longest chain is fixed (the `nextEdge` pointers), so a chain is known
    // by its first component with a service: entry points that reach it share one finding.
    const reported = new Uint8Array(count);
    for (let v = 0; v < nodes.length; v++) {
      const start = component[v] as number;
      if ((best[start] as number) <= maxDepth) continue;
      if (index.incoming.count(v, 'sync') > 0 || index.incoming.count(v, 'route') > 0) continue;
      let first = start;
      while (first !== -1 && hasService[first] === 0) first = follow(first);
      if (first === -1 || reported[first] === 1) continue;
      reported[first] = 1;
      // The chain's services by position: their ids and names are read from the nodes at hand.
      const chain: number[] = [];
      const chainEdges: string[] = [];
      for (let c = first; c !== -1; c = follow(c)) {
        if (hasService[c] === 0) continue;
        // The component's services, in model order, read straight from the member array.
        for (let m = memberStart[c] as number; m < (memberStart[c + 1] as number); m++) {
          const v = memberNodes[m] as number;
          if (index.kindAt(v) === 'service') chain.push(v);
        }
        const k = nextEdge[c] as number;
        if (k !== -1 && hasService[follow(c)] === 1)
          chainEdges.push((model.edges[edges[k] as number] as Edge).id);
      }
      report({
        message:
          `The synchronous chain ${describeChain(chain.map(nameAt))} has ${best[start]} ` +
          `service-to-service hops (more than ${maxDepth}): its latency and failure rates add up; ` +
          'make some steps asynchronous or let the caller hold the data it needs.',
        elements: [...chain.map(idAt), ...chainEdges],
      });
    }
  },
});

/**
 * `"a" → "b" → "c"`, shortened in the middle for long chains (elements list them all).
 */
function describeChain(names: string[]): string {
  const quoted = (list: string[]) => `"${list.join('" → "')}"`;
  if (names.length <= 8) return quoted(names);
  return `${quoted(names.slice(0, 4))} → … → ${quoted(names.slice(-3))}`;
}
