import { isRecord, readDocuments, scalarText } from './input.js';
import type { ImportFile, SourceLocation } from './types.js';

/** One public route of a gateway: the path prefix it serves and the host it sends it to. */
export interface GatewayRoute {
  path: string;
  host: string;
  source: SourceLocation;
}

// Routes read from one configuration file; more is not a gateway someone wrote by hand.
const MAX_ROUTES = 2_000;

/** Whether a file is an nginx/openresty configuration (read beside compose files, never alone). */
export function isNginxConfig(path: string): boolean {
  return /\.conf$/i.test(path);
}

/**
 * The routes a gateway configuration file declares, in the three shapes gateways in compose
 * projects use: Envoy's YAML (`route_config` routes to clusters, clusters to addresses), Ocelot's
 * JSON (`Routes`/`ReRoutes` with `UpstreamPathTemplate` and `DownstreamHostAndPorts`) and nginx
 * (`location` blocks with `proxy_pass`/`grpc_pass`, through `upstream` blocks). Empty for any
 * other file; never throws on what it cannot read.
 */
export function gatewayRoutes(file: ImportFile): GatewayRoute[] {
  if (isNginxConfig(file.path)) return nginxRoutes(file);
  let documents: ReturnType<typeof readDocuments>;
  try {
    documents = readDocuments(file);
  } catch {
    return [];
  }
  const routes: GatewayRoute[] = [];
  for (const document of documents) {
    const root = document.value;
    if (!isRecord(root)) continue;
    if (isRecord(root.static_resources))
      routes.push(...envoyRoutes(root.static_resources, (keys) => document.locate(keys)));
    const ocelot = Array.isArray(root.Routes)
      ? 'Routes'
      : Array.isArray(root.ReRoutes)
        ? 'ReRoutes'
        : undefined;
    if (ocelot !== undefined) {
      (root[ocelot] as unknown[]).forEach((route, index) => {
        if (!isRecord(route) || routes.length >= MAX_ROUTES) return;
        const path = scalarText(route.UpstreamPathTemplate);
        const hosts = Array.isArray(route.DownstreamHostAndPorts) ? route.DownstreamHostAndPorts : [];
        for (const target of hosts) {
          const host = isRecord(target) ? scalarText(target.Host) : undefined;
          if (path !== undefined && host !== undefined) {
            routes.push({ path: routePrefix(path), host, source: document.locate([ocelot, index]) });
          }
        }
      });
    }
  }
  return routes.slice(0, MAX_ROUTES);
}

function envoyRoutes(
  resources: Record<string, unknown>,
  locate: (keys: (string | number)[]) => SourceLocation,
): GatewayRoute[] {
  // Clusters by name → the addresses of their endpoints (v3 load_assignment, or the older `hosts`).
  const clusters = new Map<string, string[]>();
  for (const cluster of Array.isArray(resources.clusters) ? resources.clusters : []) {
    if (!isRecord(cluster)) continue;
    const name = scalarText(cluster.name);
    if (name === undefined) continue;
    const addresses: string[] = [];
    collect(cluster, 0, (value) => {
      if (isRecord(value.socket_address)) {
        const address = scalarText(value.socket_address.address);
        if (address !== undefined) addresses.push(address);
      }
    });
    clusters.set(name, addresses);
  }
  const routes: GatewayRoute[] = [];
  const listeners = Array.isArray(resources.listeners) ? resources.listeners : [];
  listeners.forEach((listener, index) => {
    collect(listener, 0, (value) => {
      if (!isRecord(value.match) || !isRecord(value.route) || routes.length >= MAX_ROUTES) return;
      const path = scalarText(value.match.prefix) ?? scalarText(value.match.path);
      const cluster = scalarText(value.route.cluster);
      if (path === undefined || cluster === undefined) return;
      for (const host of clusters.get(cluster) ?? [cluster]) {
        routes.push({
          path: routePrefix(path),
          host,
          source: locate(['static_resources', 'listeners', index]),
        });
      }
    });
  });
  return routes;
}

/** Visits every mapping under `value`, depth-bounded (envoy nests filters a dozen levels deep). */
function collect(value: unknown, depth: number, visit: (record: Record<string, unknown>) => void): void {
  if (depth > 40) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, depth + 1, visit);
    return;
  }
  if (!isRecord(value)) return;
  visit(value);
  for (const item of Object.values(value)) collect(item, depth + 1, visit);
}

function nginxRoutes(file: ImportFile): GatewayRoute[] {
  const text = file.text.replace(/#[^\n]*/g, (comment) => ' '.repeat(comment.length));
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const upstreams = new Map<string, string[]>();
  for (const match of text.matchAll(/\bupstream\s+([\w.-]+)\s*\{([^}]*)\}/g)) {
    const servers = [...(match[2] ?? '').matchAll(/\bserver\s+([^\s;:]+)/g)].flatMap(
      (server) => server[1] ?? [],
    );
    upstreams.set(match[1] ?? '', servers);
  }
  const routes: GatewayRoute[] = [];
  for (const match of text.matchAll(/\blocation\s+(?:[=~^]+\s*)?([^\s{]+)\s*\{([^}]*)\}/g)) {
    if (routes.length >= MAX_ROUTES) break;
    const target = /\b(?:proxy_pass|grpc_pass)\s+(?:[a-z]+:\/\/)?([^\s;:/]+)/.exec(match[2] ?? '')?.[1];
    if (target === undefined || target.includes('$')) continue;
    const source = { path: file.path, line: lineAt(match.index ?? 0) };
    for (const host of upstreams.get(target) ?? [target]) {
      routes.push({ path: routePrefix(match[1] ?? '/'), host, source });
    }
  }
  return routes;
}

/** The public prefix of a route: `/api/v1/orders/{everything}` → `/api/v1/orders`. */
function routePrefix(path: string): string {
  const prefix = path.split(/[{*]/)[0]?.replace(/\/+$/, '') ?? '';
  return prefix === '' ? '/' : prefix.slice(0, 200);
}
