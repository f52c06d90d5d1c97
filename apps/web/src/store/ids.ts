import type { Model } from '@meshplan/model';

/** A fresh id of the form `kind-3` that no element has (of the plain model: a draft would copy). */
export function freshId(model: Model, prefix: string): string {
  // Only ids that could clash are gathered: a connection drawn at 1,000 services would otherwise
  // put some 4,000 ids into a set first.
  const start = `${prefix}-`;
  const taken = new Set<string>();
  for (const list of [model.contexts, model.nodes, model.edges, model.sagas, model.views])
    for (const element of list ?? []) if (element.id.startsWith(start)) taken.add(element.id);
  for (let n = 1; ; n++) if (!taken.has(`${start}${n}`)) return `${start}${n}`;
}

/**
 * An id for a view about to be saved: `view-3`; with others in the room, `view-<this person's
 * document client, base 36>-3`, so that two people saving a view at the same moment do not both
 * take `view-3` (the document keeps one view per id: one of the two would be lost).
 */
export function freshViewId(model: Model, together?: { clientID: number }): string {
  return freshId(model, together === undefined ? 'view' : `view-${together.clientID.toString(36)}`);
}
