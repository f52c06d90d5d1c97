import { defineRule } from '../define.js';
import { syncComponents, syncOut } from '../graph/scc.js';

export default defineRule({
  meta: {
    id: 'sync-cycle',
    severity: 'error',
    description:
      'A cycle in the synchronous call graph (a distributed monolith), one finding per strongly connected component.',
    options: {},
    fixable: false,
  },
  check(_model, { index, report }) {
    const { of, members } = syncComponents(index);
    members.forEach((component, number) => {
      const inside = component.flatMap((id) =>
        syncOut(index, id).filter((edge) => of.get(edge.to) === number),
      );
      if (component.length < 2 && inside.length === 0) return;
      const names = component.map((id) => `"${index.label(id)}"`);
      const message =
        component.length === 1
          ? `${names[0]} calls itself synchronously; a call that loops back can never finish on its own.`
          : `${names.join(', ')} call each other synchronously in a cycle: none can be deployed, scaled or fail on its own (a distributed monolith); break the cycle with an event or by merging them.`;
      report({ message, elements: [...component, ...inside.map((edge) => edge.id)] });
    });
  },
});
