import {
  type InterpolationBudget,
  interpolateValue,
  parseDotEnv,
  type Variables,
} from './compose-interpolate.js';
import { mergeService, normalizeService, type Service } from './compose-merge.js';
import { ImportError } from './errors.js';
import { isRecord, readDocuments, type SourceDocument, scalarText } from './input.js';
import { IMPORT_LIMITS, ImportLimitError } from './limits.js';
import type { Reporter } from './report.js';
import type { ImportFile, SourceLocation } from './types.js';

/**
 * Reads compose files the way `docker compose` does before anything is mapped: each file is
 * interpolated with the project's `.env`, `extends` and `include` are followed among the files
 * given, and the files are merged in order (a default file, then its `.override` file, then the
 * rest in the order given: what `-f` does).
 */
export interface ComposeService {
  name: string;
  /** The merged definition, interpolated, with list forms turned into mappings. */
  spec: Service;
  /** Where a setting of the merged definition was written: the last file that wrote it. */
  locate(keys?: readonly string[]): SourceLocation;
}

export interface ComposeProject {
  name?: string;
  services: ComposeService[];
}

// The files `docker compose` reads without `-f`, in its order of preference, and their overrides.
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_FILES = DEFAULT_FILES.map((name) => name.replace(/\.(ya?ml)$/, '.override.$1'));
// Characters interpolation may always add, however small the input.
const INTERPOLATION_ALLOWANCE = 1024 * 1024;
// Chains of `extends` and `include` longer than this are not a project someone wrote.
const MAX_CHAIN = 10;

/** Whether a file is a `.env` file (read for interpolation, never as a model source). */
export function isDotEnv(path: string): boolean {
  return baseName(path) === '.env';
}

interface Layer {
  document: SourceDocument;
  /** Keys of the service inside the document. */
  prefix: (string | number)[];
}

interface Entry {
  spec: Service;
  layers: Layer[];
}

interface LoadedDocument {
  document: SourceDocument;
  /** The document interpolated. */
  root: Record<string, unknown>;
}

export function loadComposeProject(
  files: readonly ImportFile[],
  reporter: Reporter,
  filesAsGiven = false,
): ComposeProject {
  const composeFiles = files.filter((file) => !isDotEnv(file.path));
  const environments = new Map<string, Variables>();
  for (const file of files.filter((candidate) => isDotEnv(candidate.path))) {
    const { variables, problems } = parseDotEnv(file.text);
    for (const problem of problems) {
      reporter.unmapped(`.env: ${problem.message}; skipped`, { path: file.path, line: problem.line });
    }
    environments.set(folderOf(normalizePath(file.path)), variables);
  }
  const parsed = new Map<string, SourceDocument[]>();
  // Files another file includes are read through it, not again on their own.
  const included = new Set<string>();
  for (const file of composeFiles) {
    const documents = readDocuments(file);
    for (const document of documents) {
      const raw = document.value;
      if (!isRecord(raw) || (!isRecord(raw.services) && raw.include === undefined)) {
        throw new ImportError(
          'not a docker-compose file: it has no "services" mapping',
          document.locate(isRecord(raw) ? ['services'] : []),
        );
      }
      for (const target of includePaths(raw.include)) {
        const path = joinPath(folderOf(normalizePath(file.path)), target);
        if (path !== normalizePath(file.path)) included.add(path);
      }
    }
    parsed.set(normalizePath(file.path), documents);
  }
  const ordered = filesAsGiven ? { top: [...composeFiles], skipped: [] } : orderFiles(composeFiles);
  ordered.top = ordered.top.filter((file) => !included.has(normalizePath(file.path)));
  const projectFolder = folderOf(normalizePath(ordered.top[0]?.path ?? ''));
  const variablesFor = (path: string): Variables =>
    environments.get(folderOf(path)) ?? environments.get(projectFolder) ?? new Map();
  // What interpolation may add up to: a few times the input, as YAML aliases may (limits.ts).
  const inputChars = files.reduce((sum, file) => sum + file.text.length, 0);
  const allowed = inputChars * IMPORT_LIMITS.expansionFactor + INTERPOLATION_ALLOWANCE;
  let interpolated = 0;
  // Interpolated when first read, so that files left out report nothing.
  const loaded = new LazyDocuments(parsed, (path, document) => {
    const budget: InterpolationBudget = {
      remaining: allowed - interpolated,
      exceeded(keys) {
        throw new ImportLimitError(
          `interpolated values add up to more than ${allowed.toLocaleString('en-US')} characters (${IMPORT_LIMITS.expansionFactor} times the input, plus ${INTERPOLATION_ALLOWANCE.toLocaleString('en-US')}): refused`,
          document.locate(keys),
        );
      },
    };
    const root = interpolateValue(
      document.value,
      variablesFor(path),
      (keys, problem) => reporter.unmapped(problem.message, document.locate(keys)),
      budget,
    ) as Record<string, unknown>;
    interpolated = allowed - budget.remaining;
    return root;
  });

  const used = new Set<string>();
  const loader = new ServiceLoader(loaded, used, reporter);
  const services = new Map<string, Entry>();
  let name: string | undefined;
  for (const file of ordered.top) {
    for (const { document, root } of loaded.get(normalizePath(file.path)) ?? []) {
      name = scalarText(root.name) ?? name;
      for (const key of Object.keys(root)) {
        if (!['services', 'version', 'name', 'include'].includes(key)) {
          reporter.unmapped(`top-level "${key}" is not mapped`, document.locate([key]));
        }
      }
    }
    for (const [serviceName, entry] of loader.fileServices(normalizePath(file.path), [])) {
      const previous = services.get(serviceName);
      if (previous === undefined) {
        services.set(serviceName, entry);
        continue;
      }
      const last = entry.layers[entry.layers.length - 1];
      services.set(serviceName, {
        spec: mergeService(previous.spec, entry.spec, (keys) =>
          last?.document.tagAt([...last.prefix, ...keys]),
        ),
        layers: [...previous.layers, ...entry.layers],
      });
    }
  }
  for (const file of ordered.skipped) {
    if (used.has(normalizePath(file.path))) continue;
    reporter.unmapped(
      `skipped: docker compose reads ${baseName(file.path)} only when named with -f; this folder's default file is read instead (import the files you pass with -f to merge it)`,
      { path: file.path },
    );
  }
  return {
    ...(name === undefined ? {} : { name }),
    services: [...services].map(([serviceName, entry]) => ({
      name: serviceName,
      spec: entry.spec,
      locate: (keys = []) => locateIn(entry.layers, keys),
    })),
  };
}

/** The documents of each file, interpolated on first use. */
class LazyDocuments {
  private readonly cache = new Map<string, LoadedDocument[]>();

  constructor(
    private readonly parsed: ReadonlyMap<string, SourceDocument[]>,
    private readonly interpolate: (path: string, document: SourceDocument) => Record<string, unknown>,
  ) {}

  has(path: string): boolean {
    return this.parsed.has(path);
  }

  get(path: string): LoadedDocument[] | undefined {
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached;
    const documents = this.parsed.get(path);
    if (documents === undefined) return undefined;
    const loaded = documents.map((document) => ({ document, root: this.interpolate(path, document) }));
    this.cache.set(path, loaded);
    return loaded;
  }
}

/** Follows `include` and `extends` of the files, each file's services resolved once. */
class ServiceLoader {
  constructor(
    private readonly loaded: LazyDocuments,
    private readonly used: Set<string>,
    private readonly reporter: Reporter,
  ) {}

  /** The services a file defines, with those of the files it includes. */
  fileServices(path: string, chain: readonly string[]): Map<string, Entry> {
    const services = new Map<string, Entry>();
    const documents = this.loaded.get(path) ?? [];
    for (const { document, root } of documents) {
      for (const [index, include] of includePaths(root.include).entries()) {
        const source = document.locate(['include', index]);
        const target = joinPath(folderOf(path), include);
        if (!this.loaded.has(target)) {
          this.reporter.unmapped(
            `include ${include}: ${target} is not among the files read; its services are missing`,
            source,
          );
          continue;
        }
        if (chain.includes(target) || chain.length >= MAX_CHAIN) {
          this.reporter.unmapped(
            `include ${include}: a cycle or a chain deeper than ${MAX_CHAIN}; not followed`,
            source,
          );
          continue;
        }
        this.used.add(target);
        for (const [name, entry] of this.fileServices(target, [...chain, path])) {
          if (services.has(name)) {
            this.reporter.unmapped(
              `service ${name} is defined by two included files; docker compose refuses this; the first is kept`,
              source,
            );
            continue;
          }
          services.set(name, entry);
        }
      }
    }
    for (const { document, root } of documents) {
      if (!isRecord(root.services)) continue;
      for (const name of Object.keys(root.services)) {
        const entry = this.resolve(path, document, root, name, []);
        if (entry === undefined) continue;
        const previous = services.get(name);
        if (previous?.layers.every((layer) => normalizePath(layer.document.path) !== path)) {
          this.reporter.unmapped(
            `service ${name} is also defined by an included file; docker compose refuses this; this file's definition is kept`,
            document.locate(['services', name]),
          );
          services.set(name, entry);
        } else if (previous !== undefined) {
          // A second YAML document of the same file: merged like a later file.
          services.set(name, {
            spec: mergeService(previous.spec, entry.spec, (keys) =>
              document.tagAt(['services', name, ...keys]),
            ),
            layers: [...previous.layers, ...entry.layers],
          });
        } else services.set(name, entry);
      }
    }
    return services;
  }

  /** A service with what it `extends` merged under it. */
  private resolve(
    path: string,
    document: SourceDocument,
    root: Record<string, unknown>,
    name: string,
    chain: readonly string[],
  ): Entry | undefined {
    const services = isRecord(root.services) ? root.services : {};
    const raw = services[name];
    const prefix = ['services', name];
    if (!isRecord(raw)) {
      this.reporter.unmapped(`service ${name} is not a mapping`, document.locate(prefix));
      return undefined;
    }
    const { extends: extended, ...own } = raw;
    const layer: Layer = { document, prefix };
    const entry: Entry = { spec: normalizeService(own), layers: [layer] };
    if (extended === undefined) return entry;
    const source = document.locate([...prefix, 'extends']);
    const base = isRecord(extended)
      ? { service: scalarText(extended.service), file: scalarText(extended.file) }
      : { service: scalarText(extended), file: undefined };
    if (base.service === undefined) {
      this.reporter.unmapped(`extends of ${name} names no service; not followed`, source);
      return entry;
    }
    const basePath = base.file === undefined ? path : joinPath(folderOf(path), base.file);
    const key = `${basePath}#${base.service}`;
    if (chain.includes(key) || chain.length >= MAX_CHAIN) {
      this.reporter.unmapped(
        `extends of ${name}: a cycle or a chain deeper than ${MAX_CHAIN}; not followed`,
        source,
      );
      return entry;
    }
    const baseDocuments = this.loaded.get(basePath);
    if (baseDocuments === undefined) {
      this.reporter.unmapped(
        `extends of ${name}: ${basePath} is not among the files read; what ${name} inherits from ${base.service} is missing`,
        source,
      );
      return entry;
    }
    const found = baseDocuments.find(
      (candidate) =>
        isRecord(candidate.root.services) && Object.hasOwn(candidate.root.services, base.service ?? ''),
    );
    if (found === undefined) {
      this.reporter.unmapped(`extends of ${name}: ${basePath} defines no service ${base.service}`, source);
      return entry;
    }
    if (basePath !== path) this.used.add(basePath);
    const inherited = this.resolve(basePath, found.document, found.root, base.service, [...chain, key]);
    if (inherited === undefined) return entry;
    return {
      spec: mergeService(inherited.spec, entry.spec, (keys) => document.tagAt([...prefix, ...keys])),
      layers: [...inherited.layers, layer],
    };
  }
}

/** `include: [a.yml, {path: [b.yml, c.yml]}]` → the paths, in order. */
function includePaths(include: unknown): string[] {
  if (!Array.isArray(include)) return [];
  return include.flatMap((entry) => {
    if (isRecord(entry)) {
      const path = entry.path;
      if (Array.isArray(path)) return path.flatMap((item) => scalarText(item) ?? []);
      return scalarText(path) ?? [];
    }
    return scalarText(entry) ?? [];
  });
}

/**
 * The files merged in order, and those left out. In a folder holding a default file
 * (`compose.yaml`, `docker-compose.yml`), `docker compose` reads that file and its `.override`
 * file only; elsewhere every file is read in the order given, as `-f` would.
 */
function orderFiles(files: readonly ImportFile[]): { top: ImportFile[]; skipped: ImportFile[] } {
  const byFolder = new Map<string, ImportFile[]>();
  for (const file of files) {
    const folder = folderOf(normalizePath(file.path));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const top: ImportFile[] = [];
  const skipped: ImportFile[] = [];
  for (const group of byFolder.values()) {
    const names = group.map((file) => baseName(file.path).toLowerCase());
    const defaultIndex = DEFAULT_FILES.findIndex((name) => names.includes(name));
    if (defaultIndex === -1) {
      top.push(...group);
      continue;
    }
    const base = group[names.indexOf(DEFAULT_FILES[defaultIndex] ?? '')];
    const overrideName = OVERRIDE_FILES[defaultIndex] ?? '';
    const override = group[names.indexOf(overrideName)];
    if (base !== undefined) top.push(base);
    if (override !== undefined && names.includes(overrideName)) top.push(override);
    skipped.push(...group.filter((file) => file !== base && file !== override));
  }
  return { top, skipped };
}

/** Where a key of a merged service was written: the last layer that has it. */
function locateIn(layers: readonly Layer[], keys: readonly string[]): SourceLocation {
  for (let index = layers.length - 1; index >= 0; index--) {
    const layer = layers[index];
    if (layer === undefined) continue;
    const found = documentKeys(layer, keys);
    if (found !== undefined) return layer.document.locate([...layer.prefix, ...found]);
  }
  const last = layers[layers.length - 1];
  return last === undefined ? { path: '(input)' } : last.document.locate(last.prefix);
}

/** `keys` as they are written in a layer's document (`environment/FOO` may be `environment/3`). */
function documentKeys(layer: Layer, keys: readonly string[]): (string | number)[] | undefined {
  let current: unknown = layer.prefix.reduce<unknown>(
    (value, key) => (isRecord(value) ? value[String(key)] : undefined),
    layer.document.value,
  );
  const found: (string | number)[] = [];
  for (const key of keys) {
    if (Array.isArray(current)) {
      const index = current.findIndex((item) => {
        const text = scalarText(item);
        return (
          text !== undefined && (text === key || text.startsWith(`${key}=`) || text.startsWith(`${key}:`))
        );
      });
      if (index === -1) return undefined;
      found.push(index);
      current = current[index];
    } else if (isRecord(current) && Object.hasOwn(current, key)) {
      found.push(key);
      current = current[key];
    } else return undefined;
  }
  return found;
}

export function normalizePath(path: string): string {
  return joinPath('', path);
}

export function folderOf(path: string): string {
  const normal = path.replace(/\\/g, '/');
  const slash = normal.lastIndexOf('/');
  return slash === -1 ? '' : normal.slice(0, slash);
}

function baseName(path: string): string {
  const normal = path.replace(/\\/g, '/');
  return normal.slice(normal.lastIndexOf('/') + 1);
}

/** `folder` joined with a relative path, `.` and `..` resolved (never above the import's root). */
export function joinPath(folder: string, relative: string): string {
  const parts: string[] = [];
  for (const part of `${folder}/${relative}`.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
