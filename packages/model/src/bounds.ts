import { formatPath } from './paths.js';
import type { ModelError } from './types.js';

/**
 * How deeply objects and arrays may nest in a model, the document itself being level 1. The
 * model's own structure takes 7 levels down to an endpoint's request schema
 * (`nodes[0].api.endpoints[0].request`), which leaves a JSON Schema 93: more than 40 levels of
 * nested `properties` objects, far beyond what real API schemas use. Every recursive walk of a
 * model (clone, compare, serialise, the Yjs codec) is safe at this depth, where a few thousand
 * levels overflow the stack.
 */
export const MAX_DEPTH = 100;

/** A path over this many characters is cut in its middle, so an error stays readable. */
const MAX_PATH_CHARS = 400;

/** An open object or array: the index of its current item, or where its current key starts. */
type Frame = { array: boolean; index: number; keyAt: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/**
 * Scans JSON text for nesting deeper than `maxDepth`, without parsing it or recursing: brackets
 * outside strings are counted, and where each open object's current key starts is kept only to
 * name the place. Text that is not JSON is left to the parser (the scan stops at the first
 * unterminated string). One pass of character codes: a 10 MB model takes a few tens of ms.
 */
export function checkTextDepth(text: string, maxDepth = MAX_DEPTH): ModelError | undefined {
  const stack: Frame[] = [];
  let expectingKey = false;
  const length = text.length;
  for (let at = 0; at < length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      const start = at;
      at = stringEnd(text, at);
      if (at === -1) return undefined; // unterminated: the parser says where
      const top = stack[stack.length - 1];
      if (expectingKey && top !== undefined && !top.array) top.keyAt = start;
      expectingKey = false;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (stack.length >= maxDepth) return tooDeep(framesPath(text, stack), maxDepth);
      stack.push({ array: code === OPEN_BRACKET, index: 0, keyAt: -1 });
      expectingKey = code === OPEN_BRACE;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      stack.pop();
      expectingKey = false;
    } else if (code === COMMA) {
      const top = stack[stack.length - 1];
      if (top === undefined) continue;
      if (top.array) top.index++;
      else expectingKey = true;
    }
  }
  return undefined;
}

/** The offset of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let at = start;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

function framesPath(text: string, stack: readonly Frame[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (const frame of stack) {
    if (frame.array) path.push(frame.index);
    else if (frame.keyAt !== -1)
      path.push(decodeKey(text.slice(frame.keyAt, stringEnd(text, frame.keyAt) + 1)));
  }
  return path;
}

/**
 * Walks a parsed value, without recursion, for nesting deeper than `MAX_DEPTH` and for numbers
 * JSON cannot carry (`1e309` parses to Infinity, which serialises as `null`): every error with
 * its path, at most `limit` of them. With `jsonOnly`, for a value that did not come from
 * `JSON.parse` (a live document's, say), anything else JSON has not is an error too: `undefined`,
 * bigints, byte arrays and other objects that are not plain.
 */
export function checkValueBounds(
  value: unknown,
  maxDepth = MAX_DEPTH,
  limit = 20,
  { jsonOnly = false }: { jsonOnly?: boolean } = {},
): ModelError[] {
  const errors: ModelError[] = [];
  const root: Place = { value, depth: 1, key: undefined, parent: undefined };
  const notFinite = (number: number, place: Place) =>
    errors.push({
      path: formatBoundedPath(placePath(place)),
      message: `${number} is not a number JSON can carry (finite numbers only, at most about 1.8e308)`,
    });
  if (typeof value === 'number' && !Number.isFinite(value)) notFinite(value, root);
  // Containers only; scalars are checked where they are met, so a large model allocates little.
  // Paths are kept as links to the parent's entry and spelled out only for an error.
  const pending: Place[] = typeof value === 'object' && value !== null ? [root] : [];
  // Scalars in document order; containers pushed in reverse so that they are popped in order.
  let children: Place[] = [];
  const notJson = (what: string, place: Place) =>
    errors.push({ path: formatBoundedPath(placePath(place)), message: `expected a JSON value, got ${what}` });
  const visit = (child: unknown, key: string | number, parent: Place) => {
    if (typeof child === 'number') {
      if (!Number.isFinite(child)) notFinite(child, { value: child, depth: 0, key, parent });
    } else if (typeof child === 'object' && child !== null) {
      const plain = !jsonOnly || Array.isArray(child) || isPlainObject(child);
      if (plain) children.push({ value: child, depth: parent.depth + 1, key, parent });
      else notJson('an object that is not plain', { value: child, depth: 0, key, parent });
    } else if (jsonOnly && child !== null && typeof child !== 'string' && typeof child !== 'boolean') {
      notJson(typeof child, { value: child, depth: 0, key, parent });
    }
  };
  while (pending.length > 0 && errors.length < limit) {
    const place = pending.pop() as Place;
    if (place.depth > maxDepth) {
      errors.push(tooDeep(placePath(place), maxDepth));
      continue;
    }
    const current = place.value as object;
    children = [];
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) visit(current[i], i, place);
    } else {
      for (const key of Object.keys(current)) visit((current as Record<string, unknown>)[key], key, place);
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i] as Place);
  }
  return errors;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

interface Place {
  value: unknown;
  depth: number;
  key: string | number | undefined;
  parent: Place | undefined;
}

function placePath(place: Place): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

function tooDeep(path: readonly PropertyKey[], maxDepth: number): ModelError {
  return { path: formatBoundedPath(path), message: `nested deeper than ${maxDepth} levels` };
}

function decodeKey(quoted: string): string {
  try {
    return String(JSON.parse(quoted));
  } catch {
    return quoted.slice(1, -1);
  }
}

function formatBoundedPath(path: readonly PropertyKey[]): string {
  const formatted = formatPath(
    path.map((key) => (typeof key === 'string' && key.length > 60 ? `${key.slice(0, 57)}...` : key)),
  );
  if (formatted.length <= MAX_PATH_CHARS) return formatted;
  return `${formatted.slice(0, MAX_PATH_CHARS / 2)}…${formatted.slice(-MAX_PATH_CHARS / 2)}`;
}
