import type { Model } from '@meshplan/model';
import { definedKeys, type JsonObject, jsonEqual, setOwn } from './json.js';
import { edgeLabel, elementName, nodeNames } from './labels.js';
import { COLLECTIONS, type Collection, isCollection } from './layout.js';

export interface DiffItem {
  id: string;
  /** 'context' | a node kind | an edge kind | 'saga' */
  kind: string;
  collection: Collection;
  /** The name; for edges "Orders → Payments" using node names. */
  label: string;
}

export interface ModelDiff {
  added: DiffItem[];
  removed: DiffItem[];
  changed: (DiffItem & { fields: string[] })[];
  /** Top-level fields of the model itself that changed (name, description, settings, ...). */
  modelFields?: string[];
}

export interface DiffOptions {
  /** Count `position` and `size` changes too (layout only moves are left out by default). */
  layout?: boolean;
}

const LAYOUT_FIELDS: ReadonlySet<string> = new Set(['position', 'size']);

/**
 * What changed between two models, element by element: added and removed elements, and the
 * top-level fields of each element that changed. Order within a collection is not a change.
 */
export function diffModels(before: Model, after: Model, options: DiffOptions = {}): ModelDiff {
  const diff: ModelDiff = { added: [], removed: [], changed: [], modelFields: [] };
  const ignored = options.layout === true ? new Set<string>() : LAYOUT_FIELDS;
  const namesBefore = nodeNames(before);
  const namesAfter = nodeNames(after);

  for (const collection of COLLECTIONS) {
    const oldElements = collectionOf(before, collection);
    const newElements = collectionOf(after, collection);
    const oldById = new Map(oldElements.map((element) => [String(element.id), element]));
    const newIds = new Set(newElements.map((element) => String(element.id)));
    for (const element of newElements) {
      const id = String(element.id);
      const old = oldById.get(id);
      const item = describeItem(collection, element, namesAfter);
      if (old === undefined) {
        diff.added.push(item);
        continue;
      }
      const fields = changedFields(old, element).filter((field) => !ignored.has(field));
      if (fields.length > 0) diff.changed.push({ ...item, fields });
    }
    for (const element of oldElements) {
      if (!newIds.has(String(element.id))) diff.removed.push(describeItem(collection, element, namesBefore));
    }
  }

  const oldTop = topLevel(before);
  const newTop = topLevel(after);
  diff.modelFields = changedFields(oldTop, newTop);
  return diff;
}

/** The diff in sentences: `Changed the model: name`, `Added service "Orders"`, ... */
export function describeDiff(diff: ModelDiff): string[] {
  const sentences: string[] = [];
  if (diff.modelFields !== undefined && diff.modelFields.length > 0) {
    sentences.push(`Changed the model: ${diff.modelFields.join(', ')}`);
  }
  for (const item of diff.added) sentences.push(`Added ${noun(item)} "${item.label}"`);
  for (const item of diff.removed) sentences.push(`Removed ${noun(item)} "${item.label}"`);
  for (const item of diff.changed) {
    sentences.push(`Changed ${noun(item)} "${item.label}": ${item.fields.join(', ')}`);
  }
  return sentences;
}

function noun(item: DiffItem): string {
  return item.collection === 'edges' ? `${item.kind} edge` : item.kind;
}

function describeItem(
  collection: Collection,
  element: JsonObject,
  names: ReadonlyMap<string, string>,
): DiffItem {
  const id = String(element.id);
  switch (collection) {
    case 'contexts':
      return { id, kind: 'context', collection, label: elementName({ id, name: element.name }) };
    case 'sagas':
      return { id, kind: 'saga', collection, label: elementName({ id, name: element.name }) };
    case 'views':
      return { id, kind: 'view', collection, label: elementName({ id, name: element.name }) };
    case 'nodes':
      return { id, kind: String(element.kind), collection, label: elementName({ id, name: element.name }) };
    case 'edges':
      return {
        id,
        kind: String(element.kind),
        collection,
        label: edgeLabel({ from: String(element.from), to: String(element.to) }, names),
      };
  }
}

/** Keys whose values differ, sorted so that sentences read the same every time. */
function changedFields(before: JsonObject, after: JsonObject): string[] {
  const keys = new Set([...definedKeys(before), ...definedKeys(after)]);
  // Own values only: `before.__proto__` of an object without that key is Object.prototype.
  const own = (object: JsonObject, key: string) => (Object.hasOwn(object, key) ? object[key] : undefined);
  return [...keys].filter((key) => !jsonEqual(own(before, key), own(after, key))).sort();
}

function collectionOf(model: Model, collection: Collection): JsonObject[] {
  const elements = (model as unknown as JsonObject)[collection];
  return Array.isArray(elements) ? (elements as JsonObject[]) : [];
}

function topLevel(model: Model): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(model)) if (!isCollection(key)) setOwn(result, key, value);
  return result;
}
