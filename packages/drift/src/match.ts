import { dnsName, formatPath, type Model, type ModelError, type Node } from '@meshplan/model';

/** How many entries a `--map` may have, and how long a name in it may be: it is user input. */
export const MAP_LIMITS = { entries: 10_000, nameChars: 1_000 } as const;

/** `{ "observed name": "node id" }`: what the automatic matching cannot find. */
export type NameMap = Readonly<Record<string, string>>;

/** Why an observed node was paired with a design node, strongest first. */
export type MatchReason = 'map' | 'id' | 'dns-name' | 'image' | 'compact-name';

/** A map or observation that cannot be compared: where (a JSON path) and what. */
export class DriftInputError extends Error {
  constructor(readonly errors: ModelError[]) {
    super(
      errors
        .map((error) => (error.path === '' ? error.message : `${error.path}: ${error.message}`))
        .join('; '),
    );
    this.name = 'DriftInputError';
  }
}

/**
 * The repository's own name of an image reference, the part a deployment names its container by:
 * `ghcr.io/acme/order-service:1.4` → `order-service`, `localhost:5000/a/b@sha256:…` → `b`.
 */
export function imageRepositoryName(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const last = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const name = last.split(':')[0] ?? '';
  return name === '' ? undefined : name.toLowerCase();
}

function imageOf(node: Node): string | undefined {
  if (node.kind !== 'service') return undefined;
  const image = node.runtime?.image;
  return typeof image === 'string' ? imageRepositoryName(image) : undefined;
}

/**
 * Checks a name map read from a user's file: an object of strings, bounded, naming only nodes the
 * design has. Every problem is reported with its path (`map["legacy pricing"]`).
 */
export function checkNameMap(map: unknown, design: Model): NameMap {
  if (map === null || typeof map !== 'object' || Array.isArray(map))
    throw new DriftInputError([
      { path: 'map', message: 'expected an object { "observed name": "node id" }' },
    ]);
  const entries = Object.entries(map);
  if (entries.length > MAP_LIMITS.entries)
    throw new DriftInputError([
      { path: 'map', message: `has ${entries.length} entries; at most ${MAP_LIMITS.entries} are read` },
    ]);
  const ids = new Set(design.nodes.map((node) => node.id));
  const errors: ModelError[] = [];
  const target = new Map<string, string>();
  for (const [name, id] of entries) {
    const path = formatPath(['map', name]);
    if (name.length > MAP_LIMITS.nameChars) {
      errors.push({
        path: `map[${JSON.stringify(`${name.slice(0, 40)}…`)}]`,
        message: 'the name is too long',
      });
    } else if (typeof id !== 'string') {
      errors.push({ path, message: 'expected a node id (a string)' });
    } else if (!ids.has(id)) {
      errors.push({ path, message: `no node "${id.slice(0, 100)}" in the design` });
    } else if (target.has(id)) {
      errors.push({
        path,
        message: `node "${id}" is already the match of "${target.get(id)}"; a design node matches one observed node`,
      });
    } else target.set(id, name);
    if (errors.length >= 20) break;
  }
  if (errors.length > 0) throw new DriftInputError(errors);
  return map as NameMap;
}

/**
 * Pairs observed nodes with design nodes, one to one: first what the map says (by the observed
 * node's name or id), then by id, then by the DNS name of their names (or ids), then by the image's
 * repository name (either side's image against the other's DNS name or image), then by names that
 * differ only in separators (`checkoutservice`). Each pass runs over
 * every node before the next, so a weaker match never takes a node a stronger one would have.
 * Returns, per observed node position, the design node position (or -1) and why.
 */
export function matchNodes(
  design: Model,
  observed: Model,
  map: NameMap = {},
): { designOf: Int32Array; observedOf: Int32Array; reason: (MatchReason | undefined)[] } {
  const designOf = new Int32Array(observed.nodes.length).fill(-1);
  const observedOf = new Int32Array(design.nodes.length).fill(-1);
  const reason: (MatchReason | undefined)[] = new Array(observed.nodes.length);
  // Each pass below builds its index only while something is left to pair.
  let left = Math.min(observed.nodes.length, design.nodes.length);
  const pair = (o: number, d: number | undefined, why: MatchReason) => {
    if (d === undefined || designOf[o] !== -1 || observedOf[d] !== -1) return;
    designOf[o] = d;
    observedOf[d] = o;
    reason[o] = why;
    left--;
  };
  const done = () => ({ designOf, observedOf, reason });

  const designById = new Map<string, number>();
  design.nodes.forEach((node, d) => {
    designById.set(node.id, d);
  });
  if (Object.keys(map).length > 0) {
    // The observed node a map entry names: by name, else by id (the first of each).
    const observedByName = new Map<string, number>();
    observed.nodes.forEach((node, o) => {
      if (!observedByName.has(node.name)) observedByName.set(node.name, o);
    });
    observed.nodes.forEach((node, o) => {
      if (!observedByName.has(node.id)) observedByName.set(node.id, o);
    });
    for (const [name, id] of Object.entries(map)) {
      const o = observedByName.get(name);
      if (o !== undefined) pair(o, designById.get(id), 'map');
    }
  }
  observed.nodes.forEach((node, o) => {
    pair(o, designById.get(node.id), 'id');
  });

  if (left === 0) return done();

  // Several design nodes may share a key (duplicate names): each key lists them in model order,
  // and the first one still free is taken.
  const byDns = keyed(design.nodes, (node) => [dnsName(node.name), dnsName(node.id)]);
  observed.nodes.forEach((node, o) => {
    if (designOf[o] !== -1) return;
    pair(o, firstFree(byDns, [dnsName(node.name), dnsName(node.id)], observedOf), 'dns-name');
  });

  if (left === 0) return done();
  const byImage = keyed(design.nodes, (node) => {
    const image = imageOf(node);
    return image === undefined ? [] : [image];
  });
  observed.nodes.forEach((node, o) => {
    if (designOf[o] !== -1) return;
    const image = imageOf(node);
    const names = [dnsName(node.name), dnsName(node.id)];
    // The design's image against the observed name, or the observed image against the design's
    // image or name.
    const d =
      firstFree(byImage, image === undefined ? names : [...names, image], observedOf) ??
      (image === undefined ? undefined : firstFree(byDns, [image], observedOf));
    pair(o, d, 'image');
  });

  if (left === 0) return done();
  // Last, names that differ only in separators: a design's "Checkout Service" is the
  // `checkoutservice` a deployment or a trace names.
  const byCompact = keyed(design.nodes, (node) => [compact(node.name), compact(node.id)]);
  observed.nodes.forEach((node, o) => {
    if (designOf[o] !== -1) return;
    pair(o, firstFree(byCompact, [compact(node.name), compact(node.id)], observedOf), 'compact-name');
  });
  return done();
}

/** Design node positions by key, each list in model order with a cursor past the taken ones. */
type Keyed = Map<string, { positions: number[]; next: number }>;

function keyed(nodes: readonly Node[], keysOf: (node: Node) => string[]): Keyed {
  const map: Keyed = new Map();
  nodes.forEach((node, i) => {
    for (const key of keysOf(node)) {
      const entry = map.get(key);
      if (entry === undefined) map.set(key, { positions: [i], next: 0 });
      else if (entry.positions.at(-1) !== i) entry.positions.push(i);
    }
  });
  return map;
}

/**
 * The first design node under one of `keys` not taken yet. Nodes are only ever taken, so each
 * key's cursor moves forward: a thousand nodes of one name cost linear time, not quadratic.
 */
function firstFree(index: Keyed, keys: readonly string[], taken: Int32Array): number | undefined {
  for (const key of keys) {
    const entry = index.get(key);
    if (entry === undefined) continue;
    while (entry.next < entry.positions.length && taken[entry.positions[entry.next] as number] !== -1)
      entry.next++;
    if (entry.next < entry.positions.length) return entry.positions[entry.next];
  }
  return undefined;
}

/** `checkout-service` and `checkoutservice`, `Order_Service` and `orderservice`: one key. */
function compact(name: string): string {
  return dnsName(name).replaceAll('-', '');
}
