import type { Model } from '@meshplan/model';

/** A fresh id of the form `kind-3` that no element has (of the plain model: a draft would copy). */
export function freshId(model: Model, prefix: string): string {
  const taken = new Set(
    [
      ...(model.contexts ?? []),
      ...model.nodes,
      ...model.edges,
      ...(model.sagas ?? []),
      ...(model.views ?? []),
    ].map((e) => e.id),
  );
  for (let n = 1; ; n++) if (!taken.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/**
 * An id for a view about to be saved: `view-3`; with others in the room, `view-<this person's
 * document client, base 36>-3`, so that two people saving a view at the same moment do not both
 * take `view-3` (the document keeps one view per id: one of the two would be lost).
 */
export function freshViewId(model: Model, together?: { clientID: number }): string {
  return freshId(model, together === undefined ? 'view' : `view-${together.clientID.toString(36)}`);
}
