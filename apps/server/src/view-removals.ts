import { type Model, type ModelError, pruneViews } from '@meshplan/model';

const MISSING = /^views\[\d+\]\.elements\[\d+\]$/;
const MISSING_MESSAGE = /^no context or node "([A-Za-z0-9._-]{1,64})"$/;
const PLACED = /^views\[\d+\]\.positions/;
const PLACED_MESSAGE = /^"([A-Za-z0-9._-]{1,64})" is not one of the view's elements$/;

/**
 * A write that removes contexts or nodes and leaves them in views (a script's PUT of the model
 * without a node) removes them from those views, as the editor's Delete does: the body with its
 * views pruned, when every error of `errors` is a view naming an element that `previous` (the
 * revision it replaces) had and `body` no longer has. Anything else (an id that never existed, a
 * position of an element still in the model but not in the view) stays an error: undefined.
 */
export function withRemovalsOutOfViews(
  body: string,
  errors: readonly ModelError[],
  previous: string,
): string | undefined {
  if (errors.length === 0) return undefined;
  const named: string[] = [];
  for (const error of errors) {
    const missing = MISSING.test(error.path) ? MISSING_MESSAGE.exec(error.message) : null;
    const placed = PLACED.test(error.path) ? PLACED_MESSAGE.exec(error.message) : null;
    const id = missing?.[1] ?? placed?.[1];
    if (id === undefined) return undefined;
    named.push(id);
  }
  let model: Model;
  let before: Model;
  try {
    model = JSON.parse(body) as Model;
    before = JSON.parse(previous) as Model;
  } catch {
    return undefined;
  }
  const elementIds = (m: Model) =>
    new Set([...(m.contexts ?? []).map((c) => c.id), ...(m.nodes ?? []).map((n) => n.id)]);
  const had = elementIds(before);
  const has = elementIds(model);
  if (!named.every((id) => had.has(id) && !has.has(id))) return undefined;
  const { model: pruned } = pruneViews(model);
  return pruned === model ? undefined : JSON.stringify(pruned);
}
