import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'unknown-message',
    severity: 'error',
    description: 'A publish or subscribe edge naming a message that its topic does not declare.',
    options: {},
    fixable: false,
  },
  check(model, { index, report }) {
    const declared = new Map<string, Set<string>>();
    for (const topic of index.nodesOfKind('topic'))
      declared.set(topic.id, new Set((topic.messages ?? []).map((m) => m.name)));
    for (const edge of model.edges) {
      if ((edge.kind !== 'publish' && edge.kind !== 'subscribe') || edge.messages === undefined) continue;
      const topicId = edge.kind === 'publish' ? edge.to : edge.from;
      const serviceId = edge.kind === 'publish' ? edge.from : edge.to;
      const known = declared.get(topicId);
      if (known !== undefined && allKnown(edge.messages, known)) continue;
      const unknown = unknownNames(edge.messages, known);
      const verb = edge.kind === 'publish' ? 'publishes' : 'subscribes to';
      report({
        message:
          `"${index.label(serviceId)}" ${verb} ${unknown.map((name) => `"${name}"`).join(', ')} on topic "${index.label(topicId)}", ` +
          `which does not declare ${unknown.length === 1 ? 'it' : 'them'}: declare the message on the topic or fix the name.`,
        elements: [edge.id, topicId, serviceId],
      });
    }
  },
});

function allKnown(names: readonly string[], known: ReadonlySet<string>): boolean {
  for (const name of names) if (!known.has(name)) return false;
  return true;
}

/** The names `known` lacks, each once (a function apart: a closure over `known` in the loop would
 * cost an allocation on every edge). */
function unknownNames(names: readonly string[], known: ReadonlySet<string> | undefined): string[] {
  return [...new Set(names.filter((name) => known === undefined || !known.has(name)))];
}
