import { edgeLabel, elementName, type Model, nodeNames } from '@meshplan/model';

type Keyed = { id: string; name?: unknown };
type Edge = { from: string; to: string };
const COLLECTIONS = [
  ['context', 'contexts'],
  ['node', 'nodes'],
  ['edge', 'edges'],
  ['saga', 'sagas'],
  ['view', 'views'],
] as const;

/**
 * A revision as the summary compares it: each element's JSON by id, and the rest of the
 * document. Computed once per revision and kept with the cached current one, so that a PUT
 * serialises only the new revision's elements.
 */
export interface Prints {
  name: string;
  rest: string;
  elements: Record<(typeof COLLECTIONS)[number][1], Map<string, { json: string; name: string }>>;
}

export function prints(model: Model): Prints {
  const elements = {} as Prints['elements'];
  const names = nodeNames(model);
  for (const [, plural] of COLLECTIONS) {
    const map = new Map<string, { json: string; name: string }>();
    for (const element of (model[plural] ?? []) as Keyed[]) {
      map.set(element.id, {
        json: JSON.stringify(element),
        // An edge has no name: people know it by its ends ("Orders → Payments"), not its id.
        name: plural === 'edges' ? edgeLabel(element as Keyed & Edge, names) : elementName(element),
      });
    }
    elements[plural] = map;
  }
  const { contexts: _c, nodes: _n, edges: _e, sagas: _s, views: _v, name, ...rest } = model;
  return { name, rest: JSON.stringify(rest), elements };
}

/**
 * What changed between two revisions, in words: "added 2 nodes, removed 1 edge, changed 1 node".
 * Elements are matched by id; a changed one is named when it is the only change.
 */
export function summarizeChange(before: Prints | undefined, after: Prints): string {
  if (before === undefined) return 'created';
  const parts: string[] = [];
  const changedNames: string[] = [];
  for (const [singular, plural] of COLLECTIONS) {
    const old = before.elements[plural];
    const next = after.elements[plural];
    let added = 0;
    let changed = 0;
    for (const [id, element] of next) {
      const previous = old.get(id);
      if (previous === undefined) added++;
      else if (previous.json !== element.json) {
        changed++;
        changedNames.push(element.name);
      }
    }
    let removed = 0;
    for (const id of old.keys()) if (!next.has(id)) removed++;
    const count = (n: number) => `${n} ${n === 1 ? singular : plural}`;
    if (added > 0) parts.push(`added ${count(added)}`);
    if (removed > 0) parts.push(`removed ${count(removed)}`);
    if (changed > 0) parts.push(`changed ${count(changed)}`);
  }
  if (before.name !== after.name) parts.push(`renamed the model to "${after.name}"`);
  if (before.rest !== after.rest) parts.push('changed model settings');
  if (parts.length === 0) return 'no change';
  if (changedNames.length === 1 && parts.length === 1) return `changed "${changedNames[0]}"`;
  return parts.join(', ');
}
