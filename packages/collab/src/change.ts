import { edgeFits, type Model, type ModelError, referenceErrors, structureErrors } from '@meshplan/model';
import * as Y from 'yjs';
import { applyFields, applyOrder, applyTopLevel } from './apply.js';
import { definedKeys, fromDocValue, isPlainObject, type JsonObject, setOwn, toDocValue } from './json.js';
import {
  COLLECTIONS,
  type Collection,
  decodeModelKey,
  elementMap,
  isCollection,
  modelMap,
  OPTIONAL_COLLECTIONS,
  orderArray,
  orderModelKeys,
  PRESENT_COLLECTIONS_KEY,
  readElement,
} from './layout.js';

/**
 * What a change between two models touched, found by identity: an editor produces the next model
 * from the last with structural sharing (immer), so an element that is the same object did not
 * change, and finding what did costs a pointer comparison per element, no deep walk.
 */
export interface ModelChange {
  /** A top-level field (other than the collections) or a collection's presence changed. */
  top: boolean;
  collections: Map<Collection, CollectionChange>;
}

export interface CollectionChange {
  /** Elements added or changed, as they are in the new model. */
  changed: JsonObject[];
  /** Where each changed element sits in the new model's collection (for error paths). */
  at: number[];
  /** Ids of elements that went. */
  removed: string[];
  /** Elements were added, removed or moved: the order must follow. */
  reordered: boolean;
  /** Elements were only added at the end (the common case: a new node, a new edge). */
  appended: boolean;
  /** An element's id or a field that refers to another element (edge ends, kind, context) changed. */
  relinked: boolean;
}

/** The fields through which an element refers to others, or is referred to (see `referenceErrors`). */
const LINKS: Record<Collection, readonly string[]> = {
  contexts: ['id'],
  nodes: ['id', 'kind', 'context'],
  edges: ['id', 'kind', 'from', 'to'],
  sagas: ['id'],
  // A view refers to the contexts and nodes it lists, and names them again in its positions.
  views: ['id', 'elements', 'positions'],
};

const elementsOf = (model: JsonObject, collection: Collection): JsonObject[] =>
  Array.isArray(model[collection]) ? (model[collection] as JsonObject[]) : [];

/** What changed from `before` to `after`, two models that share what did not change. */
export function changeBetween(before: Model, after: Model): ModelChange {
  const a = before as unknown as JsonObject;
  const b = after as unknown as JsonObject;
  let top = false;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (isCollection(key)) {
      if (Array.isArray(a[key]) !== Array.isArray(b[key])) top = true;
    } else if (a[key] !== b[key]) top = true;
  }
  const collections = new Map<Collection, CollectionChange>();
  for (const collection of COLLECTIONS) {
    if (a[collection] === b[collection]) continue;
    const was = elementsOf(a, collection);
    const now = elementsOf(b, collection);
    const change: CollectionChange = {
      changed: [],
      at: [],
      removed: [],
      reordered: false,
      appended: false,
      relinked: false,
    };
    const links = LINKS[collection];
    const relinks = (old: JsonObject | undefined, element: JsonObject) =>
      old === undefined || links.some((field) => old[field] !== element[field]);
    const sameIds = was.length === now.length && now.every((element, i) => element.id === was[i]?.id);
    const appended = now.length > was.length && was.every((element, i) => now[i] === element);
    if (appended) {
      for (let i = was.length; i < now.length; i++) {
        change.changed.push(now[i] as JsonObject);
        change.at.push(i);
      }
      change.reordered = true;
      change.appended = true;
      change.relinked = true;
    } else if (sameIds) {
      now.forEach((element, i) => {
        if (element !== was[i]) {
          change.changed.push(element);
          change.at.push(i);
          if (relinks(was[i], element)) change.relinked = true;
        }
      });
    } else {
      const previous = new Map(was.map((element) => [String(element.id), element]));
      const kept = new Set<string>();
      now.forEach((element, i) => {
        const id = String(element.id);
        kept.add(id);
        const old = previous.get(id);
        if (old !== element) {
          change.changed.push(element);
          change.at.push(i);
          if (relinks(old, element)) change.relinked = true;
        }
      });
      for (const id of previous.keys()) if (!kept.has(id)) change.removed.push(id);
      change.reordered = true;
    }
    if (change.changed.length > 0 || change.removed.length > 0 || change.reordered)
      collections.set(collection, change);
  }
  return { top, collections };
}

/** Whether a change can break a reference: elements come or go, or a linking field changed. */
function mayBreakReferences(change: ModelChange): boolean {
  for (const part of change.collections.values())
    if (part.reordered || part.removed.length > 0 || part.relinked) return true;
  return false;
}

/**
 * The errors `after` would have, checking only what `change` touched: the schema on the changed
 * elements with the top-level fields, then, if the change could break one, the references across
 * the model (linear in its size, without the schema's walk). Paths name places in `after`.
 */
export function changeErrors(after: Model, change: ModelChange): ModelError[] {
  const model = after as unknown as JsonObject;
  const part: JsonObject = {};
  for (const key of definedKeys(model)) if (!isCollection(key)) setOwn(part, key, model[key]);
  const places: string[][] = [];
  for (const collection of COLLECTIONS) {
    const touched = change.collections.get(collection);
    if (Array.isArray(model[collection]) || collection === 'nodes' || collection === 'edges')
      part[collection] = touched?.changed ?? [];
    places.push(touched?.at.map((i) => `${collection}[${i}]`) ?? []);
  }
  const structural = structureErrors(part).map((error) => ({ ...error, path: placeIn(error.path, places) }));
  if (structural.length > 0) return structural;
  if (!mayBreakReferences(change)) return [];
  // A connection drawn adds an edge and nothing else: its references are checked alone, and the
  // whole model's (an id table of every element, 5 ms at 1,000 services) only to word an error.
  if (onlyEdgesAppended(change) && appendedEdgesFit(after, change)) return [];
  return referenceErrors(after);
}

/** Edges were added at the end, and nothing else changed a reference. */
function onlyEdgesAppended(change: ModelChange): boolean {
  for (const [collection, part] of change.collections) {
    if (collection === 'edges') {
      if (!part.appended) return false;
    } else if (part.reordered || part.removed.length > 0 || part.relinked) return false;
  }
  return change.collections.has('edges');
}

/**
 * Whether the edges appended by `change` refer to nodes that exist, fit their kinds, and have ids
 * no other element has: what `referenceErrors` would find wrong with them, by plain scans (no
 * table of every id built for one edge).
 */
function appendedEdgesFit(after: Model, change: ModelChange): boolean {
  const part = change.collections.get('edges');
  if (part === undefined) return false;
  const others = [after.contexts ?? [], after.nodes, after.sagas ?? [], after.views ?? []];
  for (let k = 0; k < part.changed.length; k++) {
    const edge = part.changed[k] as unknown as Model['edges'][number];
    const at = part.at[k];
    if (typeof edge.id !== 'string' || at === undefined) return false;
    if (others.some((elements) => elements.some((element) => element.id === edge.id))) return false;
    for (let i = 0; i < after.edges.length; i++) if (i !== at && after.edges[i]?.id === edge.id) return false;
    const from = after.nodes.find((node) => node.id === edge.from);
    const to = after.nodes.find((node) => node.id === edge.to);
    if (from === undefined || to === undefined || !edgeFits(edge.kind, from.kind, to.kind)) return false;
    // A context or node of the same id as an end would make the full check read it otherwise.
    if ((after.contexts ?? []).some((c) => c.id === edge.from || c.id === edge.to)) return false;
  }
  return true;
}

/** `nodes[0].name` of the part checked → `nodes[17].name` of the model. */
function placeIn(path: string, places: string[][]): string {
  const match = /^(contexts|nodes|edges|sagas|views)\[(\d+)\]/.exec(path);
  if (match === null) return path;
  const collection = COLLECTIONS.indexOf(match[1] as Collection);
  const place = places[collection]?.[Number(match[2])];
  return place === undefined ? path : place + path.slice(match[0].length);
}

/**
 * Writes `change` (as found by `changeBetween`) into the doc, in one transaction: only the
 * elements it touched, their fields by value, and the order of the collections it reordered.
 */
export function applyChange(doc: Y.Doc, after: Model, change: ModelChange, origin?: unknown): void {
  const model = after as unknown as JsonObject;
  doc.transact(() => {
    if (change.top) applyTopLevel(doc, model);
    for (const [collection, part] of change.collections) {
      const elements = elementMap(doc, collection);
      for (const id of part.removed) elements.delete(id);
      for (const element of part.changed) {
        const id = String(element.id);
        const existing = elements.get(id);
        if (existing instanceof Y.Map) applyFields(existing, element);
        else
          elements.set(
            id,
            new Y.Map<unknown>(
              definedKeys(element).map((key): [string, unknown] => [key, toDocValue(element[key])]),
            ),
          );
      }
      const order = orderArray(doc, collection);
      // Appending is pushing only while the order array holds just the elements it had (no
      // leftovers of concurrent edits, which `applyOrder` tidies).
      if (part.appended && order.length === elementsOf(model, collection).length - part.changed.length)
        order.push(part.changed.map((element) => String(element.id)));
      else if (part.reordered)
        applyOrder(doc, collection, elementsOf(model, collection).filter(isPlainObject));
    }
  }, origin);
}

/**
 * The model after `transaction`, read from the doc where the transaction touched it and taken
 * from `previous` everywhere else (the same objects): a remote change or an undo costs what it
 * touched. Reads what `docToModel` would.
 */
export function readChange(doc: Y.Doc, transaction: Y.Transaction, previous: Model): Model {
  const top = modelMap(doc);
  let topChanged = false;
  const touched = new Map<Collection, { ids: Set<string>; rebuild: boolean }>();
  const touch = (collection: Collection) => {
    const entry = touched.get(collection) ?? { ids: new Set<string>(), rebuild: false };
    touched.set(collection, entry);
    return entry;
  };
  for (const [type, keys] of transaction.changed) {
    if ((type as unknown) === top) {
      topChanged = true;
      continue;
    }
    const parent: unknown = type._item?.parent;
    const sub = type._item?.parentSub;
    for (const collection of COLLECTIONS) {
      const elements = elementMap(doc, collection) as unknown;
      if (type === elements) {
        const entry = touch(collection);
        entry.rebuild = true;
        for (const key of keys) if (key !== null) entry.ids.add(key);
      } else if ((type as unknown) === orderArray(doc, collection)) touch(collection).rebuild = true;
      else if (parent === elements && typeof sub === 'string') touch(collection).ids.add(sub);
    }
  }
  if (!topChanged && touched.size === 0) return previous;

  const before = previous as unknown as JsonObject;
  const next: JsonObject = {};
  if (topChanged) {
    for (const [storedKey, value] of top.entries()) {
      const key = decodeModelKey(storedKey);
      if (key !== undefined && value !== undefined) setOwn(next, key, fromDocValue(value));
    }
  } else {
    for (const key of Object.keys(before)) if (!isCollection(key)) setOwn(next, key, before[key]);
  }
  const stored = top.get(PRESENT_COLLECTIONS_KEY);
  const flagged = new Set(Array.isArray(stored) ? stored : []);
  for (const collection of COLLECTIONS) {
    const was = elementsOf(before, collection);
    const entry = touched.get(collection);
    const elements =
      entry === undefined
        ? was
        : entry.rebuild
          ? rebuild(doc, collection, was, entry.ids)
          : (replace(doc, collection, was, entry.ids) ?? rebuild(doc, collection, was, entry.ids));
    const optional = OPTIONAL_COLLECTIONS.includes(collection);
    if (!optional || flagged.has(collection) || elements.length > 0) setOwn(next, collection, elements);
  }
  return orderModelKeys(next) as unknown as Model;
}

/** The collection in the doc's order, re-reading only `ids` (the rest as they were). */
function rebuild(doc: Y.Doc, collection: Collection, was: JsonObject[], ids: Set<string>): JsonObject[] {
  const previous = new Map(was.map((element) => [String(element.id), element]));
  const elements = elementMap(doc, collection);
  const read = (id: string): JsonObject | undefined => {
    const element = elements.get(id);
    if (!(element instanceof Y.Map)) return undefined;
    return (!ids.has(id) && previous.get(id)) || readElement(element);
  };
  const result: JsonObject[] = [];
  const seen = new Set<string>();
  for (const id of orderArray(doc, collection).toArray()) {
    if (seen.has(id)) continue;
    const element = read(id);
    if (element === undefined) continue;
    seen.add(id);
    result.push(element);
  }
  for (const id of [...elements.keys()].filter((id) => !seen.has(id)).sort()) {
    const element = read(id);
    if (element !== undefined) result.push(element);
  }
  return result;
}

/** The collection with the elements of `ids` read again in place; undefined if one is not there. */
function replace(
  doc: Y.Doc,
  collection: Collection,
  was: JsonObject[],
  ids: Set<string>,
): JsonObject[] | undefined {
  const elements = elementMap(doc, collection);
  const result = was.slice();
  for (const id of ids) {
    const index = result.findIndex((element) => element.id === id);
    const element = elements.get(id);
    if (index < 0 || !(element instanceof Y.Map)) return undefined;
    result[index] = readElement(element);
  }
  return result;
}
