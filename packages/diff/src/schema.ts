/**
 * JSON Schema comparison in the subset the model format uses (`type`, `properties`, `required`,
 * `items`, `enum`, `$ref` within the document), recursively, for one direction of data flow:
 * a `request` is written by the consumer and read by the owner, a `response` or a message
 * `payload` is written by the owner and read by the consumer. What breaks differs by direction
 * (diff.md's table), so every difference is reported with the direction's verdict.
 */

export type SchemaRoot = 'request' | 'response' | 'payload';

export type SchemaChangeKind =
  | 'property-added'
  | 'property-removed'
  | 'property-made-required'
  | 'property-made-optional'
  | 'type-changed'
  | 'type-narrowed'
  | 'type-widened'
  | 'enum-value-added'
  | 'enum-value-removed'
  /** The schemas nest deeper or are larger than the comparison's budget: the rest is unread. */
  | 'comparison-incomplete';

export interface SchemaChange {
  kind: SchemaChangeKind;
  /** `response.properties.items.items.properties.price` */
  location: string;
  /** The property (or enum value) it is about, for the sentence. */
  subject: string;
  /** Set for `property-added`: whether the new property is required. */
  required?: boolean;
  /** For type changes: the types before and after, for the sentence. */
  before?: string;
  after?: string;
}

/** Schemas nest at most this deep (the parser already bounds the model's depth). */
export const MAX_SCHEMA_DEPTH = 64;
/** Pairs of schema nodes compared for one contract at most: `$ref` graphs cannot multiply work. */
export const MAX_SCHEMA_VISITS = 20_000;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const own = (object: Json, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/**
 * Resolves a `$ref` of the form `#/a/b` against the schema's own root first, then against the
 * model (a schema may point at a shared definition elsewhere in the document). Anything else
 * (another file, a URL) stays unresolved and is compared by its text.
 */
export function resolveRef(ref: string, roots: readonly unknown[]): Json | undefined {
  if (!ref.startsWith('#')) return undefined;
  let tokens: string[];
  try {
    tokens =
      ref === '#' || ref === '#/'
        ? []
        : ref
            .slice(2)
            .split('/')
            .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'));
  } catch {
    // A malformed escape (`%E0%A4%A`) points nowhere: compared by its text, like another file.
    return undefined;
  }
  for (const root of roots) {
    let value: unknown = root;
    for (const token of tokens) {
      if (Array.isArray(value)) value = /^\d+$/.test(token) ? value[Number(token)] : undefined;
      else if (isObject(value)) value = own(value, token);
      else value = undefined;
      if (value === undefined) break;
    }
    if (isObject(value)) return value;
  }
  return undefined;
}

/** A set of JSON types; absent `type` is "anything". */
function typesOf(schema: Json): Set<string> | undefined {
  const type = own(schema, 'type');
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((t): t is string => typeof t === 'string'));
  // Properties or items imply the type: `{ properties }` is an object schema.
  if (isObject(own(schema, 'properties'))) return new Set(['object']);
  if (own(schema, 'items') !== undefined) return new Set(['array']);
  return undefined;
}

/** Whether every value of type set `inner` is a value of `outer` (`integer` is a `number`). */
function within(inner: Set<string>, outer: Set<string>): boolean {
  for (const type of inner) {
    if (outer.has(type)) continue;
    if (type === 'integer' && outer.has('number')) continue;
    return false;
  }
  return true;
}

const typeText = (types: Set<string> | undefined) => (types === undefined ? 'any' : [...types].join('|'));

function requiredOf(schema: Json): Set<string> {
  const required = own(schema, 'required');
  return new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
}

function propertiesOf(schema: Json): Json {
  const properties = own(schema, 'properties');
  return isObject(properties) ? properties : {};
}

const enumKey = (value: unknown) => JSON.stringify(value) ?? 'undefined';

/**
 * The differences between two schemas, each at its location. Missing schemas are `{}` (anything):
 * a request that gains a body with a required property gains a required property.
 */
export function compareSchemas(
  root: SchemaRoot,
  before: unknown,
  after: unknown,
  documents: { before: unknown; after: unknown },
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const seenRefs = new Set<string>();
  let visits = 0;
  const rootsBefore = [before, documents.before];
  const rootsAfter = [after, documents.after];
  const pending: { a: Json; b: Json; location: string; subject: string; depth: number }[] = [
    {
      a: isObject(before) ? before : {},
      b: isObject(after) ? after : {},
      location: root,
      subject: root,
      depth: 0,
    },
  ];
  // Breadth first, without recursion: nesting is bounded by MAX_SCHEMA_DEPTH, work by visits.
  while (pending.length > 0) {
    const item = pending.shift() as (typeof pending)[number];
    if (++visits > MAX_SCHEMA_VISITS || item.depth > MAX_SCHEMA_DEPTH) {
      changes.push({ kind: 'comparison-incomplete', location: item.location, subject: item.subject });
      break;
    }
    let { a, b } = item;
    const { location, subject, depth } = item;
    const refA = own(a, '$ref');
    const refB = own(b, '$ref');
    if (typeof refA === 'string' || typeof refB === 'string') {
      // A pair of references is compared once: recursive and shared definitions end here.
      const key = `${String(refA)}\u0000${String(refB)}`;
      if (seenRefs.has(key)) continue;
      seenRefs.add(key);
      const resolvedA = typeof refA === 'string' ? resolveRef(refA, rootsBefore) : a;
      const resolvedB = typeof refB === 'string' ? resolveRef(refB, rootsAfter) : b;
      if (resolvedA === undefined || resolvedB === undefined) {
        if (refA !== refB)
          changes.push({
            kind: 'type-changed',
            location,
            subject,
            before: typeof refA === 'string' ? refA : typeText(typesOf(a)),
            after: typeof refB === 'string' ? refB : typeText(typesOf(b)),
          });
        continue;
      }
      a = resolvedA;
      b = resolvedB;
    }
    const typesA = typesOf(a);
    const typesB = typesOf(b);
    if (!sameSet(typesA, typesB)) {
      const narrowed = typesA === undefined || (typesB !== undefined && within(typesB, typesA));
      const widened = typesB === undefined || (typesA !== undefined && within(typesA, typesB));
      changes.push({
        kind: narrowed ? 'type-narrowed' : widened ? 'type-widened' : 'type-changed',
        location,
        subject,
        before: typeText(typesA),
        after: typeText(typesB),
      });
    }
    const enumA = own(a, 'enum');
    const enumB = own(b, 'enum');
    if (Array.isArray(enumA) || Array.isArray(enumB)) {
      const valuesA = new Map((Array.isArray(enumA) ? enumA : []).map((v) => [enumKey(v), v]));
      const valuesB = new Map((Array.isArray(enumB) ? enumB : []).map((v) => [enumKey(v), v]));
      // An enum that appears narrows every value to a few; one that goes widens to all.
      if (Array.isArray(enumA) && Array.isArray(enumB)) {
        for (const [key] of valuesB)
          if (!valuesA.has(key)) changes.push({ kind: 'enum-value-added', location, subject: key });
        for (const [key] of valuesA)
          if (!valuesB.has(key)) changes.push({ kind: 'enum-value-removed', location, subject: key });
      } else if (Array.isArray(enumB)) {
        changes.push({
          kind: 'type-narrowed',
          location,
          subject,
          before: typeText(typesA),
          after: `one of ${[...valuesB.keys()].join(', ')}`,
        });
      } else {
        changes.push({
          kind: 'type-widened',
          location,
          subject,
          before: `one of ${[...valuesA.keys()].join(', ')}`,
          after: typeText(typesB),
        });
      }
    }
    const propertiesA = propertiesOf(a);
    const propertiesB = propertiesOf(b);
    const requiredA = requiredOf(a);
    const requiredB = requiredOf(b);
    for (const name of Object.keys(propertiesB)) {
      const at = `${location}.properties.${name}`;
      if (!Object.hasOwn(propertiesA, name)) {
        changes.push({ kind: 'property-added', location: at, subject: name, required: requiredB.has(name) });
        continue;
      }
      if (requiredB.has(name) && !requiredA.has(name))
        changes.push({ kind: 'property-made-required', location: at, subject: name });
      else if (requiredA.has(name) && !requiredB.has(name))
        changes.push({ kind: 'property-made-optional', location: at, subject: name });
      const childA = propertiesA[name];
      const childB = propertiesB[name];
      if (isObject(childA) && isObject(childB))
        pending.push({ a: childA, b: childB, location: at, subject: name, depth: depth + 1 });
    }
    for (const name of Object.keys(propertiesA))
      if (!Object.hasOwn(propertiesB, name))
        changes.push({ kind: 'property-removed', location: `${location}.properties.${name}`, subject: name });
    const itemsA = own(a, 'items');
    const itemsB = own(b, 'items');
    if (isObject(itemsA) || isObject(itemsB))
      pending.push({
        a: isObject(itemsA) ? itemsA : {},
        b: isObject(itemsB) ? itemsB : {},
        location: `${location}.items`,
        subject,
        depth: depth + 1,
      });
  }
  return changes;
}

function sameSet(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.size === b.size && [...a].every((x) => b.has(x));
}
