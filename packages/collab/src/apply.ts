import type { Model } from '@meshplan/model';
import * as Y from 'yjs';
import { definedKeys, docValueEquals, isPlainObject, type JsonObject, setOwn, toDocValue } from './json.js';
import {
  COLLECTIONS,
  type Collection,
  decodeModelKey,
  elementMap,
  encodeModelKey,
  isCollection,
  isEmptyDoc,
  modelMap,
  OPTIONAL_COLLECTIONS,
  orderArray,
  PRESENT_COLLECTIONS_KEY,
} from './layout.js';

/** Writes a model into an empty doc, in one transaction. Throws if the doc already holds a model. */
export function modelToDoc(model: Model, doc: Y.Doc, origin?: unknown): void {
  if (!isEmptyDoc(doc)) {
    throw new Error('modelToDoc needs an empty Y.Doc; use applyModel to change a doc that holds a model');
  }
  applyModel(doc, model, origin);
}

/**
 * Makes the doc hold `next` with the smallest change, in one transaction: only fields whose value
 * changed are set, removed fields deleted, elements added or removed, and the order moved as
 * little as possible. Untouched fields stay untouched so that concurrent edits of other fields
 * and elements merge. Returns whether anything changed.
 */
export function applyModel(doc: Y.Doc, next: Model, origin?: unknown): boolean {
  const model = next as unknown as JsonObject;
  let changed = false;
  doc.transact(() => {
    changed = applyTopLevel(doc, model);
    for (const collection of COLLECTIONS) {
      const elements = Array.isArray(model[collection]) ? (model[collection] as unknown[]) : [];
      const wanted = elements.filter(isPlainObject);
      if (applyElements(doc, collection, wanted)) changed = true;
      if (applyOrder(doc, collection, wanted)) changed = true;
    }
  }, origin);
  return changed;
}

export function applyTopLevel(doc: Y.Doc, model: JsonObject): boolean {
  const target: JsonObject = {};
  for (const key of definedKeys(model)) {
    if (!isCollection(key)) setOwn(target, encodeModelKey(key), model[key]);
  }
  const present = OPTIONAL_COLLECTIONS.filter((collection) => Array.isArray(model[collection]));
  target[PRESENT_COLLECTIONS_KEY] = present;
  const top = modelMap(doc);
  let changed = false;
  for (const key of [...top.keys()]) {
    // Our own bookkeeping keys other than `$collections` are left alone (none yet).
    if (decodeModelKey(key) === undefined && key !== PRESENT_COLLECTIONS_KEY) continue;
    if (!Object.hasOwn(target, key)) {
      top.delete(key);
      changed = true;
    }
  }
  for (const [key, value] of Object.entries(target)) {
    if (!docValueEquals(top.get(key), value)) {
      top.set(key, toDocValue(value));
      changed = true;
    }
  }
  return changed;
}

function applyElements(doc: Y.Doc, collection: Collection, wanted: JsonObject[]): boolean {
  const elements = elementMap(doc, collection);
  const wantedIds = new Set(wanted.map(elementId));
  let changed = false;
  for (const id of [...elements.keys()]) {
    if (!wantedIds.has(id)) {
      elements.delete(id);
      changed = true;
    }
  }
  for (const element of wanted) {
    const id = elementId(element);
    const existing = elements.get(id);
    if (existing instanceof Y.Map) {
      if (applyFields(existing, element)) changed = true;
    } else {
      const fields = definedKeys(element).map((key): [string, unknown] => [key, toDocValue(element[key])]);
      elements.set(id, new Y.Map<unknown>(fields));
      changed = true;
    }
  }
  return changed;
}

export function applyFields(target: Y.Map<unknown>, element: JsonObject): boolean {
  let changed = false;
  for (const key of [...target.keys()]) {
    // Own fields only: `element.__proto__` of an element without that key is Object.prototype.
    if (!Object.hasOwn(element, key) || element[key] === undefined) {
      target.delete(key);
      changed = true;
    }
  }
  for (const key of definedKeys(element)) {
    if (!docValueEquals(target.get(key), element[key])) {
      target.set(key, toDocValue(element[key]));
      changed = true;
    }
  }
  return changed;
}

/**
 * Moves the order array to the wanted order: drops ids that go (and repeats), keeps the longest
 * run of ids already in the wanted relative order, and re-inserts only the rest.
 */
export function applyOrder(doc: Y.Doc, collection: Collection, wanted: JsonObject[]): boolean {
  const order = orderArray(doc, collection);
  const wantedIds = wanted.map(elementId);
  const wantedIndex = new Map<string, number>();
  wantedIds.forEach((id, i) => {
    if (!wantedIndex.has(id)) wantedIndex.set(id, i);
  });

  const current = order.toArray();
  const candidates: number[] = []; // positions in `current` of first occurrences of wanted ids
  const seen = new Set<string>();
  current.forEach((id, i) => {
    if (wantedIndex.has(id) && !seen.has(id)) {
      seen.add(id);
      candidates.push(i);
    }
  });
  const kept = new Set(
    longestIncreasingRun(candidates.map((i) => wantedIndex.get(current[i] as string) as number)).map(
      (k) => candidates[k] as number,
    ),
  );

  let changed = false;
  // Delete from the end so earlier indices stay valid; runs of deletions are one operation each.
  for (let end = current.length - 1; end >= 0; ) {
    if (kept.has(end)) {
      end--;
      continue;
    }
    let start = end;
    while (start > 0 && !kept.has(start - 1)) start--;
    order.delete(start, end - start + 1);
    changed = true;
    end = start - 1;
  }

  // What is left is a subsequence of the wanted order: insert the missing ids around it.
  const remaining = current.filter((_, i) => kept.has(i));
  let position = 0;
  let pointer = 0;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    order.insert(position, pending);
    position += pending.length;
    pending = [];
    changed = true;
  };
  const placed = new Set<string>();
  for (const id of wantedIds) {
    if (placed.has(id)) continue;
    placed.add(id);
    if (remaining[pointer] === id) {
      flush();
      pointer++;
      position++;
    } else {
      pending.push(id);
    }
  }
  flush();
  return changed;
}

/** Indices (into `values`) of one longest strictly increasing subsequence, O(n log n). */
function longestIncreasingRun(values: number[]): number[] {
  const tails: number[] = []; // tails[k]: index of the smallest tail of a run of length k + 1
  const previous: number[] = new Array(values.length).fill(-1);
  values.forEach((value, i) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((values[tails[middle] as number] as number) < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[i] = tails[low - 1] as number;
    tails[low] = i;
  });
  const run: number[] = [];
  for (
    let i = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
    i >= 0;
    i = previous[i] as number
  ) {
    run.push(i);
  }
  return run.reverse();
}

function elementId(element: JsonObject): string {
  return String(element.id);
}
