/**
 * JSON helpers: model fields are plain JSON, compared and copied by value. Keys are user data
 * (a schema's `properties`, a service's env), so `__proto__`, `constructor` and `prototype` are
 * keys like any other here, and nothing recurses: a value nested thousands of levels deep (which
 * the parser refuses, but a peer could still send) cannot overflow the stack.
 */

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own, enumerable property, also for the key `__proto__` (where `object[key] = value`
 * would change the object's prototype instead, and the key would vanish).
 */
export function setOwn(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

const identity = (key: string) => key;

/**
 * Structural equality of JSON values. An object property set to `undefined` counts as absent,
 * as it would after `JSON.stringify`. `keyInA` maps a key of `b` to the key it has in `a` (a value
 * as the doc stores it against one as the model holds it, see `toDocValue`).
 */
export function jsonEqual(a: unknown, b: unknown, keyInA: (key: string) => string = identity): boolean {
  const pending: [unknown, unknown][] = [[a, b]];
  while (pending.length > 0) {
    const [x, y] = pending.pop() as [unknown, unknown];
    if (x === y) continue;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) pending.push([x[i], y[i]]);
      continue;
    }
    if (!isPlainObject(x) || !isPlainObject(y)) return false;
    const keysY = definedKeys(y);
    if (definedKeys(x).length !== keysY.length) return false;
    for (const key of keysY) {
      const inX = keyInA(key);
      if (!Object.hasOwn(x, inX)) return false;
      pending.push([x[inX], y[key]]);
    }
  }
  return true;
}

/**
 * A deep copy, with each object key passed through `mapKey`. Yjs keeps the very object it is
 * given and hands the same object back, so values are copied on the way in and out: no caller
 * can change the document by mutating a model. Properties set to `undefined` are left out.
 */
export function cloneJson<T>(value: T, mapKey: (key: string) => string = identity): T {
  const shell = (item: unknown): unknown => (Array.isArray(item) ? [] : isPlainObject(item) ? {} : item);
  const root = shell(value);
  if (root === value) return value;
  const pending: [unknown, unknown][] = [[value, root]];
  while (pending.length > 0) {
    const [source, target] = pending.pop() as [unknown, unknown];
    if (Array.isArray(source)) {
      const copy = target as unknown[];
      for (let i = 0; i < source.length; i++) {
        const item = source[i];
        const itemCopy = shell(item);
        copy[i] = itemCopy;
        if (itemCopy !== item) pending.push([item, itemCopy]);
      }
      continue;
    }
    const object = source as JsonObject;
    for (const key of Object.keys(object)) {
      const item = object[key];
      if (item === undefined) continue;
      const itemCopy = shell(item);
      setOwn(target as JsonObject, mapKey(key), itemCopy);
      if (itemCopy !== item) pending.push([item, itemCopy]);
    }
  }
  return root as T;
}

/**
 * Yjs stores a field's value as JSON and its decoder (lib0 `readAny`) assigns keys plainly, so a
 * `__proto__` key sent by one peer would vanish at every other. In the doc such keys carry one
 * more `$` (`__proto__` → `$__proto__`, `$__proto__` → `$$__proto__`, …), which is undone on the
 * way out: every other key is stored as it is.
 */
const PROTO_KEY = /^\$*__proto__$/;

export function docKey(key: string): string {
  return PROTO_KEY.test(key) ? `$${key}` : key;
}

export function modelKey(key: string): string {
  return key.startsWith('$') && PROTO_KEY.test(key) ? key.slice(1) : key;
}

/** A model's field value as the doc stores it: a copy with `__proto__` keys escaped. */
export function toDocValue<T>(value: T): T {
  return cloneJson(value, docKey);
}

/** A value read from the doc as the model holds it: a copy with `__proto__` keys restored. */
export function fromDocValue<T>(value: T): T {
  return cloneJson(value, modelKey);
}

/** Whether a value stored in the doc equals a model's value. */
export function docValueEquals(stored: unknown, value: unknown): boolean {
  return jsonEqual(stored, value, docKey);
}

export function definedKeys(object: JsonObject): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}
