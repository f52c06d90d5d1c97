import type { Model } from '@meshplan/model';
import * as Y from 'yjs';
import { fromDocValue, isPlainObject, type JsonObject, setOwn } from './json.js';

/**
 * How a model lives in a Y.Doc (see ../README.md):
 * - `model`: top-level fields other than the collections, plain JSON values;
 * - per collection C: `C` maps id → Y.Map of the element's top-level fields, `C:order` lists ids.
 * Saved views are a collection like the others: each view its own Y.Map, so that edits of different
 * views, and of a view's name and of its positions, merge (see ARCHITECTURE.md, issue 14).
 */
export const COLLECTIONS = ['contexts', 'nodes', 'edges', 'sagas', 'views'] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** Collections a model may leave out; whether they were there (absent vs `[]`) must round-trip. */
export const OPTIONAL_COLLECTIONS: readonly Collection[] = ['contexts', 'sagas', 'views'];

export const MODEL_MAP = 'model';
/** Key in the model map listing the optional collections the model has, e.g. `["contexts"]`. */
export const PRESENT_COLLECTIONS_KEY = '$collections';

const COLLECTION_NAMES: ReadonlySet<string> = new Set(COLLECTIONS);

export function modelMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MODEL_MAP);
}

export function elementMap(doc: Y.Doc, collection: Collection): Y.Map<Y.Map<unknown>> {
  return doc.getMap(collection);
}

export function orderArray(doc: Y.Doc, collection: Collection): Y.Array<string> {
  return doc.getArray(`${collection}:order`);
}

/** Every shared type of the layout, for a `Y.UndoManager` or an observer. */
export function collabTypes(doc: Y.Doc): Y.AbstractType<unknown>[] {
  const types: unknown[] = [modelMap(doc)];
  for (const collection of COLLECTIONS) types.push(elementMap(doc, collection), orderArray(doc, collection));
  // Y.AbstractType is generic in its event type, so a Y.Map is no AbstractType<unknown> to tsc.
  return types as Y.AbstractType<unknown>[];
}

/**
 * Keys starting with `$` are ours (`$collections`); a model's own top-level key that starts with
 * `$` is stored with one more `$` so the two never collide.
 */
export function encodeModelKey(key: string): string {
  return key.startsWith('$') ? `$${key}` : key;
}

/** The model's key for a stored key, or undefined for our own bookkeeping keys. */
export function decodeModelKey(stored: string): string | undefined {
  if (stored.startsWith('$$')) return stored.slice(1);
  return stored.startsWith('$') ? undefined : stored;
}

export function isCollection(key: string): key is Collection {
  return COLLECTION_NAMES.has(key);
}

/** Whether the doc holds nothing of a model yet. */
export function isEmptyDoc(doc: Y.Doc): boolean {
  if (modelMap(doc).size > 0) return false;
  return COLLECTIONS.every(
    (collection) => elementMap(doc, collection).size === 0 && orderArray(doc, collection).length === 0,
  );
}

/**
 * Reads the model the doc holds. Order ids with no element (removed concurrently) are skipped,
 * repeated ids (moved concurrently) count once, and elements missing from the order (added
 * concurrently with a reorder that lost) come last, sorted by id: every peer reads the same model.
 */
export function docToModel(doc: Y.Doc): Model {
  const model: JsonObject = {};
  const top = modelMap(doc);
  const stored = top.get(PRESENT_COLLECTIONS_KEY);
  const flaggedPresent = new Set(Array.isArray(stored) ? stored : []);
  for (const [storedKey, value] of top.entries()) {
    const key = decodeModelKey(storedKey);
    if (key !== undefined && value !== undefined) setOwn(model, key, fromDocValue(value));
  }
  for (const collection of COLLECTIONS) {
    const elements = readCollection(doc, collection);
    const optional = OPTIONAL_COLLECTIONS.includes(collection);
    // A non-empty collection is present even if a concurrent edit of the flag lost.
    if (!optional || flaggedPresent.has(collection) || elements.length > 0)
      setOwn(model, collection, elements);
  }
  return orderModelKeys(model) as Model;
}

export function readCollection(doc: Y.Doc, collection: Collection): JsonObject[] {
  const elements = elementMap(doc, collection);
  const result: JsonObject[] = [];
  const seen = new Set<string>();
  for (const id of orderArray(doc, collection).toArray()) {
    if (seen.has(id)) continue;
    const element = elements.get(id);
    if (!(element instanceof Y.Map)) continue;
    seen.add(id);
    result.push(readElement(element));
  }
  const unordered = [...elements.keys()].filter((id) => !seen.has(id)).sort();
  for (const id of unordered) {
    const element = elements.get(id);
    if (element instanceof Y.Map) result.push(readElement(element));
  }
  return result;
}

export function readElement(element: Y.Map<unknown>): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of element.entries())
    if (value !== undefined) setOwn(result, key, fromDocValue(value));
  return result;
}

// `views` after `settings`: where a model written before views had its last key, so that a model
// without views reads back with its keys in the order it had.
const LEADING_KEYS = [
  'format',
  'id',
  'name',
  'description',
  'contexts',
  'nodes',
  'edges',
  'sagas',
  'settings',
  'views',
];

/** Peers may see map keys in different orders; a fixed order keeps serialized models stable. */
export function orderModelKeys(model: JsonObject): JsonObject {
  const ordered: JsonObject = {};
  for (const key of LEADING_KEYS) if (Object.hasOwn(model, key)) ordered[key] = model[key];
  for (const key of Object.keys(model)) if (!Object.hasOwn(ordered, key)) setOwn(ordered, key, model[key]);
  return ordered;
}

export function asJsonObject(value: unknown): JsonObject {
  return isPlainObject(value) ? value : {};
}
