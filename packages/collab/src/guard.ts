import { checkValueBounds, MAX_DEPTH, type ModelError, structureErrors } from '@meshplan/model';
import * as Y from 'yjs';
import { setOwn } from './json.js';
import {
  COLLECTIONS,
  type Collection,
  decodeModelKey,
  elementMap,
  isCollection,
  modelMap,
  OPTIONAL_COLLECTIONS,
  orderArray,
  PRESENT_COLLECTIONS_KEY,
} from './layout.js';

// biome-ignore lint/suspicious/noExplicitAny: Yjs types its shared types by their event type
type SharedType = Y.AbstractType<Y.YEvent<any>>;

export interface GuardLimits {
  /** The largest model, as JSON bytes (about: the sum of its elements' and fields' JSON). */
  maxModelBytes: number;
  /** How deep the model may nest, counted from the model itself as the REST API counts (`MAX_DEPTH`). */
  maxDepth: number;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = { maxModelBytes: 5 * 1024 * 1024, maxDepth: MAX_DEPTH };

/** The longest id an order array may hold; ids themselves are checked by the model's schema. */
const MAX_ORDER_ID = 1000;

/** What `check` found: the errors (none means the change may stay), and how to keep it. */
export interface Verdict {
  errors: ModelError[];
  /** Records the change as the new state (sizes); call only when the change is kept. */
  commit(): void;
}

/**
 * Checks a change to a live model's document before the server keeps it: the elements and fields
 * the transaction touched must still form a valid model (the model schema, applied to just those
 * elements and the top-level fields), values must be plain JSON (no nested shared types, no
 * numbers JSON cannot carry, bounded nesting), element keys must be their ids and unique across
 * the collections, and the whole model must stay under its size limit. References between
 * elements (an edge to a node deleted concurrently) are not refused: merges break them
 * legitimately and `repairModel` mends them before a revision is written.
 *
 * It costs what the change touches, not the model's size: it keeps each element's JSON size.
 */
export class ModelGuard {
  private readonly top: Y.Map<unknown>;
  private readonly maps = new Map<Collection, Y.Map<unknown>>();
  private readonly orders = new Map<Collection, Y.Array<unknown>>();
  /** JSON bytes of each element, by collection and id, and of the top-level fields. */
  private readonly sizes = new Map<Collection, Map<string, number>>();
  private topBytes = 0;
  private totalBytes = 0;

  constructor(
    doc: Y.Doc,
    private readonly limits: GuardLimits = DEFAULT_GUARD_LIMITS,
  ) {
    this.top = modelMap(doc);
    for (const collection of COLLECTIONS) {
      const elements = elementMap(doc, collection) as Y.Map<unknown>;
      this.maps.set(collection, elements);
      this.orders.set(collection, orderArray(doc, collection) as Y.Array<unknown>);
      const sizes = new Map<string, number>();
      for (const [id, element] of elements.entries()) {
        const bytes = element instanceof Y.Map ? jsonBytes(element.toJSON()) : 0;
        sizes.set(id, bytes);
        this.totalBytes += bytes;
      }
      this.sizes.set(collection, sizes);
    }
    this.topBytes = jsonBytes(this.top.toJSON());
    this.totalBytes += this.topBytes;
  }

  /** Checks what `transaction` changed (call it from the doc's `afterTransaction`). */
  check(transaction: Y.Transaction): Verdict {
    const errors: ModelError[] = [];
    const touched = new Map<Collection, Set<string>>(COLLECTIONS.map((c) => [c, new Set<string>()]));
    let topTouched = false;
    for (const [type, keys] of transaction.changed) {
      const place = this.locate(type);
      if (place === undefined) {
        errors.push({ path: '', message: 'the change writes outside the model (an unknown shared type)' });
        continue;
      }
      switch (place.kind) {
        case 'top':
          topTouched = true;
          break;
        case 'collection':
          for (const key of keys) if (key !== null) touched.get(place.collection)?.add(key);
          break;
        case 'element':
          touched.get(place.collection)?.add(place.id);
          break;
        case 'order':
          this.checkOrder(place.collection, transaction, errors);
          break;
      }
    }
    if (errors.length > 0) return refused(errors);

    // The top-level fields are few and small, and the schema needs `format` and `name` anyway.
    const mini: Record<string, unknown> = this.readTop(errors);
    const places = new Map<string, string>(); // `nodes[0]` of the part checked → `nodes["orders"]`
    const touchedIds: [Collection, string, Record<string, unknown> | undefined][] = [];
    for (const collection of COLLECTIONS) {
      const elements: Record<string, unknown>[] = [];
      for (const id of touched.get(collection) ?? []) {
        const value = this.maps.get(collection)?.get(id);
        const place = `${collection}[${JSON.stringify(id)}]`;
        if (value === undefined) {
          touchedIds.push([collection, id, undefined]);
          continue;
        }
        if (!(value instanceof Y.Map)) {
          errors.push({ path: place, message: 'expected an element (a map of its fields)' });
          continue;
        }
        const element = readFields(value.entries());
        if (element.id !== id)
          errors.push({ path: `${place}.id`, message: 'must be the id the element is stored under' });
        for (const other of COLLECTIONS) {
          if (other !== collection && this.maps.get(other)?.has(id))
            errors.push({
              path: `${place}.id`,
              message: `"${id}" is already the id of an element of ${other}`,
            });
        }
        places.set(`${collection}[${elements.length}]`, place);
        elements.push(element);
        touchedIds.push([collection, id, element]);
      }
      mini[collection] = elements;
    }
    if (errors.length > 0) return refused(errors);
    // The part checked is a model: the same bounds and schema as any model, no recursion.
    const inModel = (error: ModelError): ModelError => {
      const match = /^(\w+\[\d+\])(.*)$/.exec(error.path);
      const place = match === null ? undefined : places.get(match[1] as string);
      return place === undefined ? error : { path: `${place}${match?.[2] ?? ''}`, message: error.message };
    };
    errors.push(...checkValueBounds(mini, this.limits.maxDepth, 20, { jsonOnly: true }).map(inModel));
    if (errors.length > 0) return refused(errors);
    errors.push(...structureErrors(mini).map(inModel));
    if (errors.length > 0) return refused(errors);

    const topBytes = topTouched ? jsonBytes(topLevel(mini)) : this.topBytes;
    const newSizes = touchedIds.map(([collection, id, element]): [Collection, string, number | undefined] => [
      collection,
      id,
      element === undefined ? undefined : jsonBytes(element),
    ]);
    let total = this.totalBytes - this.topBytes + topBytes;
    for (const [collection, id, bytes] of newSizes)
      total += (bytes ?? 0) - (this.sizes.get(collection)?.get(id) ?? 0);
    if (total > this.limits.maxModelBytes) {
      return refused([
        {
          path: '',
          message: `the model would be ${total} bytes, over the limit of ${this.limits.maxModelBytes}`,
        },
      ]);
    }
    return {
      errors,
      commit: () => {
        this.topBytes = topBytes;
        this.totalBytes = total;
        for (const [collection, id, bytes] of newSizes) {
          const sizes = this.sizes.get(collection);
          if (bytes === undefined) sizes?.delete(id);
          else sizes?.set(id, bytes);
        }
      },
    };
  }

  private locate(
    type: SharedType,
  ):
    | { kind: 'top' }
    | { kind: 'collection' | 'order'; collection: Collection }
    | { kind: 'element'; collection: Collection; id: string }
    | undefined {
    // Compared by identity only: the layout's types are Y.Maps and Y.Arrays of known roles.
    const same = (known: unknown) => (type as unknown) === known;
    if (same(this.top)) return { kind: 'top' };
    const parent: unknown = type._item?.parent;
    for (const collection of COLLECTIONS) {
      if (same(this.maps.get(collection))) return { kind: 'collection', collection };
      if (same(this.orders.get(collection))) return { kind: 'order', collection };
      const sub = type._item?.parentSub;
      if (parent === this.maps.get(collection) && typeof sub === 'string')
        return { kind: 'element', collection, id: sub };
    }
    return undefined;
  }

  /**
   * Ids inserted into an order array must be strings. The items this transaction inserted are
   * read from the store by clock (what `YEvent.changes` would give walks the whole array).
   */
  private checkOrder(collection: Collection, transaction: Y.Transaction, errors: ModelError[]): void {
    const order = this.orders.get(collection) as unknown;
    const store = transaction.doc.store;
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0;
      const structs = store.clients.get(client);
      if (after <= before || structs === undefined) continue;
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i];
        if (struct === undefined || struct.id.clock >= after) break;
        if (!(struct instanceof Y.Item) || (struct.parent as unknown) !== order || struct.deleted) continue;
        for (const id of struct.content.getContent()) {
          if (typeof id !== 'string' || id.length > MAX_ORDER_ID) {
            errors.push({ path: `${collection}:order`, message: 'expected element ids (strings)' });
            return;
          }
        }
      }
    }
  }

  private readTop(errors: ModelError[]): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const [stored, value] of this.top.entries()) {
      if (stored === PRESENT_COLLECTIONS_KEY) {
        const ok =
          Array.isArray(value) &&
          value.every(
            (c) => typeof c === 'string' && (OPTIONAL_COLLECTIONS as readonly string[]).includes(c),
          );
        if (!ok)
          errors.push({ path: PRESENT_COLLECTIONS_KEY, message: 'expected a list of optional collections' });
        continue;
      }
      const key = decodeModelKey(stored);
      if (key === undefined || isCollection(key)) {
        errors.push({ path: key ?? stored, message: 'is not a field the model keeps at its top level' });
        continue;
      }
      if (value !== undefined) setOwn(fields, key, value);
    }
    return fields;
  }
}

function refused(errors: ModelError[]): Verdict {
  return { errors, commit: () => undefined };
}

/** An element's fields as a plain object (its Y.Map's entries; `undefined` means absent). */
function readFields(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of entries) if (value !== undefined) setOwn(fields, key, value);
  return fields;
}

/** The top-level fields of the part checked, without its collections. */
function topLevel(mini: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(mini)) if (!isCollection(key)) setOwn(fields, key, mini[key]);
  return fields;
}

function jsonBytes(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}
