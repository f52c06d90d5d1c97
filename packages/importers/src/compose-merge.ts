import { isRecord, scalarText } from './input.js';

/**
 * Merging of compose service definitions by the Compose specification's rules (merge.md):
 * mappings merge key by key, the later file winning; sequences append; `command`, `entrypoint`
 * and `healthcheck.test` are replaced; `ports` (by ip, target, published, protocol), `volumes`,
 * `secrets` and `configs` (by target) keep one entry per key, the later winning; other sequences
 * drop exact repeats (`expose`, `dns`); list forms of `environment`, `labels`, `depends_on`,
 * `networks`, `extra_hosts`, `build.args` become mappings first, so they merge by key.
 * `!reset` clears a value, `!override` replaces it whole.
 */
export type Service = Record<string, unknown>;

/** The YAML tag written on a value of the overriding file (`!reset`, `!override`), by its keys. */
export type TagAt = (keys: readonly (string | number)[]) => string | undefined;

const REPLACED = new Set(['command', 'entrypoint']);
const KEYED_SEQUENCES: Record<string, (entry: unknown) => string> = {
  ports: portKey,
  volumes: targetKey,
  secrets: targetKey,
  configs: targetKey,
};

/** A service with the list forms that compose turns into mappings already turned. */
export function normalizeService(spec: Service): Service {
  const service: Service = { ...spec };
  if (service.environment !== undefined) service.environment = listToMap(service.environment, '=');
  if (service.labels !== undefined) service.labels = listToMap(service.labels, '=');
  if (service.annotations !== undefined) service.annotations = listToMap(service.annotations, '=');
  if (service.extra_hosts !== undefined) service.extra_hosts = listToMap(service.extra_hosts, /[=:]/);
  if (Array.isArray(service.depends_on)) {
    service.depends_on = Object.fromEntries(
      service.depends_on.flatMap((name) => {
        const text = scalarText(name);
        return text === undefined ? [] : [[text, { condition: 'service_started' }]];
      }),
    );
  }
  if (Array.isArray(service.networks)) {
    service.networks = Object.fromEntries(
      service.networks.flatMap((name) => {
        const text = scalarText(name);
        return text === undefined ? [] : [[text, null]];
      }),
    );
  }
  if (typeof service.build === 'string') service.build = { context: service.build };
  if (isRecord(service.build) && service.build.args !== undefined) {
    service.build = { ...service.build, args: listToMap(service.build.args, '=') };
  }
  return service;
}

/** `["A=1", "B"]` → `{ A: "1", B: null }`; a mapping is copied as is. */
function listToMap(value: unknown, separator: string | RegExp): unknown {
  if (!Array.isArray(value)) return value;
  const map: Record<string, unknown> = {};
  for (const entry of value) {
    const text = scalarText(entry);
    if (text === undefined) continue;
    const at = typeof separator === 'string' ? text.indexOf(separator) : text.search(separator);
    const key = at === -1 ? text : text.slice(0, at);
    Object.defineProperty(map, key, {
      value: at === -1 ? null : text.slice(at + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return map;
}

/** `base` with `override` merged on top; neither is changed. `tagAt` reads the override's tags. */
export function mergeService(base: Service, override: Service, tagAt: TagAt = () => undefined): Service {
  return mergeMapping(base, override, [], tagAt) as Service;
}

function mergeMapping(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
  keys: readonly string[],
  tagAt: TagAt,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const put = (key: string, value: unknown) =>
    Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [key, value] of Object.entries(base)) put(key, value);
  for (const [key, value] of Object.entries(override)) {
    const path = [...keys, key];
    const tag = tagAt(path);
    if (tag === '!reset') {
      delete merged[key];
      continue;
    }
    const previous = Object.hasOwn(base, key) ? base[key] : undefined;
    put(key, tag === '!override' ? value : mergeValue(previous, value, path, tagAt));
  }
  return merged;
}

function mergeValue(base: unknown, override: unknown, keys: readonly string[], tagAt: TagAt): unknown {
  if (base === undefined || base === null) return override;
  const attribute = keys.length === 1 ? keys[0] : undefined;
  if (attribute !== undefined && REPLACED.has(attribute)) return override;
  if (keys.length === 2 && keys[0] === 'healthcheck' && keys[1] === 'test') return override;
  if (isRecord(base) && isRecord(override)) return mergeMapping(base, override, keys, tagAt);
  if (Array.isArray(base) && Array.isArray(override)) {
    const keyOf = attribute === undefined ? undefined : KEYED_SEQUENCES[attribute];
    return keyOf === undefined ? appendUnique(base, override) : mergeByKey(base, override, keyOf);
  }
  return override;
}

/** The later sequence appended to the earlier, exact repeats dropped (`expose`, `dns`). */
function appendUnique(base: readonly unknown[], override: readonly unknown[]): unknown[] {
  const seen = new Set(base.map((item) => JSON.stringify(item)));
  const merged = [...base];
  for (const item of override) {
    const key = JSON.stringify(item);
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(item);
  }
  return merged;
}

/** One entry per unique key, in first-seen order, the later file's entry replacing the earlier's. */
function mergeByKey(
  base: readonly unknown[],
  override: readonly unknown[],
  keyOf: (entry: unknown) => string,
) {
  const byKey = new Map<string, unknown>();
  for (const entry of [...base, ...override]) byKey.set(keyOf(entry), entry);
  return [...byKey.values()];
}

/** A port's unique key, `{ip, target, published, protocol}`, from its short or long form. */
export function portKey(entry: unknown): string {
  if (isRecord(entry)) {
    return [
      scalarText(entry.host_ip) ?? '',
      scalarText(entry.target) ?? '',
      scalarText(entry.published) ?? '',
      scalarText(entry.protocol) ?? 'tcp',
    ].join('|');
  }
  const text = scalarText(entry) ?? '';
  const [address = '', protocol = 'tcp'] = text.split('/');
  const parts = address.split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop() ?? '';
  const ip = parts.join(':');
  return [ip, target, published, protocol].join('|');
}

/** A volume's (or secret's, config's) unique key: where it lands in the container. */
function targetKey(entry: unknown): string {
  if (isRecord(entry)) return scalarText(entry.target) ?? scalarText(entry.source) ?? JSON.stringify(entry);
  const text = scalarText(entry) ?? '';
  const parts = text.split(':');
  // `source:target[:mode]`, or a lone `target` (an anonymous volume, a secret's name).
  return parts.length >= 2 ? (parts[1] ?? text) : text;
}
