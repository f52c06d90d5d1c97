import { COLLECTIONS, changeBetween } from '@meshplan/collab';
import type { Model } from '@meshplan/model';
import type { CollectionPatch, ModelPatch, ReplicaMessage } from './replica.js';

/**
 * Past this share of the model's elements changed, the whole model is sent: a patch as big as the
 * model saves nothing, and a view's scene (rebuilt on each change) would send every element twice.
 */
const MOST_CHANGED_SHARE = 0.5;

/**
 * Writes the messages that keep one worker's replica (`applyReplicaMessage`) equal to the models
 * it is given: the first model whole, then what changed since the last one. The editor's models
 * share what did not change (immer, `readChange`), so finding it costs a pointer comparison per
 * element. Every message must reach the worker, in order: start a new sender with a new worker.
 */
export function createModelSender(): (model: Model) => ReplicaMessage {
  let sent: Model | undefined;
  return (model) => {
    const message: ReplicaMessage =
      sent === undefined ? { kind: 'whole', model } : (patchBetween(sent, model) ?? { kind: 'whole', model });
    sent = model;
    return message;
  };
}

/** The patch from `before` to `after`; undefined when sending `after` whole is as cheap. */
function patchBetween(before: Model, after: Model): ReplicaMessage | undefined {
  const change = changeBetween(before, after);
  const patch: ModelPatch = { collections: {} };
  const model = after as unknown as Record<string, unknown>;
  if (change.top) {
    const fields: Record<string, unknown> = {};
    const collections: string[] = [];
    for (const key of Object.keys(model))
      if (!(COLLECTIONS as readonly string[]).includes(key)) fields[key] = model[key];
      else if (Array.isArray(model[key])) collections.push(key);
    patch.top = { fields, collections };
  }
  let changed = 0;
  let elements = 0;
  for (const name of COLLECTIONS) {
    const now = Array.isArray(model[name]) ? (model[name] as unknown[]) : [];
    elements += now.length;
    const part = change.collections.get(name);
    if (part === undefined) continue;
    changed += part.changed.length;
    const collection: CollectionPatch = { length: now.length, changed: part.changed, at: part.at };
    if (part.reordered && !part.appended) collection.from = formerIndices(before, name, now);
    patch.collections[name] = collection;
  }
  if (changed > Math.max(1, elements * MOST_CHANGED_SHARE)) return undefined;
  return { kind: 'patch', patch };
}

/** For each element of `now`, its index in `before`'s collection (by identity), or -1. */
function formerIndices(before: Model, name: string, now: readonly unknown[]): number[] {
  const was = (before as unknown as Record<string, unknown>)[name];
  const index = new Map<unknown, number>();
  if (Array.isArray(was)) for (let i = 0; i < was.length; i++) index.set(was[i], i);
  return now.map((element) => index.get(element) ?? -1);
}
