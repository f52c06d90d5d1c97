import type { Edge, Node } from '@meshplan/model';
import { defineRule } from '../define.js';
import { membersOf, syncGraph } from '../graph/scc.js';

export default defineRule({
  meta: {
    id: 'sync-cycle',
    severity: 'error',
    description:
      'A cycle in the synchronous call graph (a distributed monolith), one finding per strongly connected component.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    const graph = syncGraph(index);
    const { offsets, targets, edges, component, count, memberStart, memberNodes } = graph;
    const callsItself = (v: number) => {
      for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++)
        if (targets[k] === v) return true;
      return false;
    };
    for (let c = 0; c < count; c++) {
      // Nearly every component is one node that does not call itself: decided without a list.
      const size = (memberStart[c + 1] as number) - (memberStart[c] as number);
      if (size === 1 && !callsItself(memberNodes[memberStart[c] as number] as number)) continue;
      const nodes = membersOf(graph, c);
      const inside: Edge[] = [];
      for (const v of nodes) {
        for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) {
          if (component[targets[k] as number] === c) inside.push(model.edges[edges[k] as number] as Edge);
        }
      }
      const members = Array.from(nodes, (v) => (model.nodes[v] as Node).id);
      const names = members.map((id) => `"${index.label(id)}"`);
      const message =
        members.length === 1
          ? `${names[0]} calls itself synchronously; a call that loops back can never finish on its own.`
          : `${names.join(', ')} call each other synchronously in a cycle: none can be deployed, scaled or fail on its own (a distributed monolith); break the cycle with an event or by merging them.`;
      report({ message, elements: [...members, ...inside.map((edge) => edge.id)] });
    }
  },
});
