import type { Model } from '@meshplan/model';

/**
 * A worker's copy of the model the editor shows, kept by messages that carry what an edit changed
 * rather than the whole model: posting 1,000 services to a worker after every keystroke copies
 * them all on the main thread (structured clone), where an edit should cost what it touched.
 *
 * This module is what a worker needs (no Yjs, no store); `sender.ts` writes the messages.
 */
export type ReplicaMessage = { kind: 'whole'; model: Model } | { kind: 'patch'; patch: ModelPatch };

export interface ModelPatch {
  /**
   * When a top-level field changed (or a collection came or went): every field other than the
   * collections, and which collections the model has. Absent: the top level is as it was.
   */
  top?: { fields: Record<string, unknown>; collections: string[] };
  /** The collections that changed, by name (`nodes`, `edges`, ...). */
  collections: Record<string, CollectionPatch>;
}

export interface CollectionPatch {
  /** The collection's length after the change. */
  length: number;
  /** Elements added or changed, each with the index it has after the change. */
  changed: unknown[];
  at: number[];
  /**
   * When elements were removed or reordered (not only appended): for each index after the change,
   * the index the element had before, or -1 where it is one of `changed`. Absent: an element
   * keeps its index, and indices past the old length are appended.
   */
  from?: number[];
}

/**
 * The model after `message`, from the replica before it (undefined before the first message).
 * Elements a patch did not touch are the replica's own objects: a worker that compares by
 * identity sees what changed.
 */
export function applyReplicaMessage(replica: Model | undefined, message: ReplicaMessage): Model {
  if (message.kind === 'whole') return message.model;
  if (replica === undefined) throw new Error('a patch arrived before the model it applies to');
  return applyPatch(replica, message.patch);
}

function applyPatch(replica: Model, patch: ModelPatch): Model {
  const before = replica as unknown as Record<string, unknown>;
  const next: Record<string, unknown> = {};
  const collections =
    patch.top?.collections ?? Object.keys(before).filter((key) => Array.isArray(before[key]));
  if (patch.top === undefined) {
    for (const key of Object.keys(before)) if (!Array.isArray(before[key])) own(next, key, before[key]);
  } else for (const [key, value] of Object.entries(patch.top.fields)) own(next, key, value);
  for (const name of collections) {
    const was = Array.isArray(before[name]) ? (before[name] as unknown[]) : [];
    const change = patch.collections[name];
    own(next, name, change === undefined ? was : applyListPatch(was, change, name));
  }
  return next as unknown as Model;
}

/** The list after `change` (a collection's patch, or any list's: `listPatchByKey`). */
export function applyListPatch<T>(was: readonly T[], change: CollectionPatch, name: string): T[] {
  const { from } = change;
  const result =
    from === undefined
      ? Array.from({ length: change.length }, (_, i) => was[i])
      : from.map((index) => (index < 0 ? undefined : was[index]));
  const changed = change.changed as T[];
  changed.forEach((element, k) => {
    const at = change.at[k];
    if (at === undefined || at < 0 || at >= result.length)
      throw new Error(`${name}: no place ${at} for a change`);
    result[at] = element;
  });
  if (result.length !== change.length || result.some((element) => element === undefined))
    throw new Error(`${name}: the patch leaves a hole`);
  return result as T[];
}

/**
 * The patch from a list whose elements had `previousKeys` to `next`, whose elements have
 * `nextKeys`: elements of equal keys are equal, and only those with a new key travel. For lists
 * that are made afresh each time (findings), where identity says nothing.
 */
export function listPatchByKey<T>(
  previousKeys: readonly string[],
  nextKeys: readonly string[],
  next: readonly T[],
): CollectionPatch {
  const index = new Map<string, number>();
  for (let i = 0; i < previousKeys.length; i++) index.set(previousKeys[i] as string, i);
  const patch: CollectionPatch = { length: next.length, changed: [], at: [], from: [] };
  nextKeys.forEach((key, i) => {
    const was = index.get(key) ?? -1;
    patch.from?.push(was);
    if (was < 0) {
      patch.changed.push(next[i]);
      patch.at.push(i);
    }
  });
  return patch;
}

/** An own, enumerable property, also for the key `__proto__` (a model's keys are user data). */
function own(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
