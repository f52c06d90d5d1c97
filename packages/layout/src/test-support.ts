import type { Model } from '@meshplan/model';

/** A changed copy of `model` (what immer's `produce` does, without the dependency). */
export function produce(model: Model, recipe: (draft: Model) => void): Model {
  const draft = structuredClone(model);
  recipe(draft);
  return draft;
}
