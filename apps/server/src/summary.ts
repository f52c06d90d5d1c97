import type { Model } from '@meshplan/model';

type Keyed = { id: string; name?: unknown };

/**
 * What changed between two revisions, in words: "added 2 nodes, removed 1 edge, changed service
 * "Orders"". Elements are matched by id; a changed one is named when it is the only change.
 */
export function summarizeChange(before: Model | undefined, after: Model): string {
  if (before === undefined) return 'created';
  const parts: string[] = [];
  const changedNames: string[] = [];
  const collections: [string, string, Keyed[], Keyed[]][] = [
    ['context', 'contexts', before.contexts ?? [], after.contexts ?? []],
    ['node', 'nodes', before.nodes, after.nodes],
    ['edge', 'edges', before.edges, after.edges],
    ['saga', 'sagas', before.sagas ?? [], after.sagas ?? []],
  ];
  for (const [singular, plural, old, next] of collections) {
    const oldById = new Map(old.map((element) => [element.id, element]));
    const nextIds = new Set(next.map((element) => element.id));
    const added = next.filter((element) => !oldById.has(element.id)).length;
    const removed = old.filter((element) => !nextIds.has(element.id)).length;
    const changed = next.filter((element) => {
      const previous = oldById.get(element.id);
      return previous !== undefined && JSON.stringify(previous) !== JSON.stringify(element);
    });
    const count = (n: number) => `${n} ${n === 1 ? singular : plural}`;
    if (added > 0) parts.push(`added ${count(added)}`);
    if (removed > 0) parts.push(`removed ${count(removed)}`);
    if (changed.length > 0) {
      parts.push(`changed ${count(changed.length)}`);
      for (const element of changed)
        changedNames.push(typeof element.name === 'string' ? element.name : element.id);
    }
  }
  if (before.name !== after.name) parts.push(`renamed the model to "${after.name}"`);
  const rest = { ...after, contexts: 0, nodes: 0, edges: 0, sagas: 0, name: 0 };
  const restBefore = { ...before, contexts: 0, nodes: 0, edges: 0, sagas: 0, name: 0 };
  if (JSON.stringify(rest) !== JSON.stringify(restBefore)) parts.push('changed model settings');
  if (parts.length === 0) return 'no change';
  if (changedNames.length === 1 && parts.length === 1) return `changed "${changedNames[0]}"`;
  return parts.join(', ');
}
