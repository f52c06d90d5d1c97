import { dnsName, type Edge, type Node, type Runtime } from '@meshplan/model';
import { type HostMention, hostMentions, namesAnAddress } from './hosts.js';
import { IdAllocator } from './ids.js';
import {
  type Engine,
  engineOfPort,
  engineOfWord,
  type ImageRole,
  imageRole,
  looksLikeGatewayName,
  looksLikeStoreName,
  PRODUCT_NAMES,
  roleOfServerEnv,
  roleOfServerPort,
  storeStem,
} from './images.js';
import { IMPORT_LIMITS, ImportLimitError } from './limits.js';
import type { Reporter } from './report.js';
import type { SourceLocation } from './types.js';

/**
 * A deployable unit as compose and Kubernetes describe it (a compose service, a Deployment),
 * reduced to what the model needs. Both importers build these; `buildTopology` makes the nodes
 * and edges, so the two formats map the same way.
 */
export interface Workload {
  name: string;
  source: SourceLocation;
  /** Images of its containers, the main one first. */
  images: { image: string; source: SourceLocation }[];
  /** Built from source in this repository (compose `build`). */
  built: boolean;
  /** Reachable from outside: compose `ports`, a LoadBalancer or NodePort Service. */
  published: boolean;
  /** Container ports with their names, for engine and protocol guesses. */
  ports: { port: number; name?: string }[];
  /** Whether a probe or port name says it serves gRPC. */
  servesGrpc: boolean;
  envNames: string[];
  references: Reference[];
  runtime: Runtime;
  /** The gateway configuration file that declares its routes, when one is mounted or built in. */
  routeConfig?: SourceLocation;
}

/** Text that may name another workload: an env value, a `depends_on` or `links` entry, a command. */
export interface Reference {
  via: 'env' | 'depends_on' | 'links' | 'command' | 'route';
  text: string;
  /** The public path of a gateway's route (`via: 'route'`, read from its configuration file). */
  path?: string;
  /** The variable's name for env references. */
  variable?: string;
  source: SourceLocation;
}

/** A name under which a workload can be reached (a compose hostname, a Kubernetes Service name). */
export interface Alias {
  workload: string;
  /** Port names of the Service, for protocol guesses. */
  grpc?: boolean;
}

/** Refuses, before anything is built, more workloads or env entries than a model may hold. */
function checkWorkloads(workloads: readonly Workload[]): void {
  if (workloads.length > IMPORT_LIMITS.nodes) {
    throw new ImportLimitError(
      `${workloads.length.toLocaleString('en-US')} services; at most ${IMPORT_LIMITS.nodes.toLocaleString('en-US')} are imported`,
      workloads[IMPORT_LIMITS.nodes]?.source ?? { path: '(input)' },
    );
  }
  for (const workload of workloads) {
    if (workload.envNames.length > IMPORT_LIMITS.envEntries) {
      throw new ImportLimitError(
        `service ${workload.name} has ${workload.envNames.length.toLocaleString('en-US')} environment variables; at most ${IMPORT_LIMITS.envEntries.toLocaleString('en-US')} are imported`,
        workload.source,
      );
    }
  }
}

// Public paths kept on one route edge.
const MAX_ROUTE_PATHS = 100;

// The port gRPC's own examples use; a call to it is read as gRPC.
const GRPC_PORT = 50051;

export function buildTopology(
  workloads: readonly Workload[],
  aliases: ReadonlyMap<string, Alias>,
  reporter: Reporter,
): { nodes: Node[]; edges: Edge[]; guessedEdges: Set<string> } {
  checkWorkloads(workloads);
  const ids = new IdAllocator();
  const nodes: Node[] = [];
  const nodeOf = new Map<string, Node>();
  const byName = new Map(workloads.map((workload) => [workload.name, workload]));
  const hints = callerHints(workloads, aliases);
  for (const workload of workloads) {
    const node = toNode(
      workload,
      ids.allocate(workload.name, 'node'),
      hints.get(workload.name) ?? [],
      reporter,
    );
    nodes.push(node);
    nodeOf.set(workload.name, node);
  }

  // Databases that callers name by URL (`postgres://orders-db.shop.svc:5432`) but no file deploys:
  // a managed database, or one run by an operator. One node per host, made on first mention.
  const outsideWorkloads = new Map<string, Workload>();
  const storeOutside = (name: string, engine: Engine, source: SourceLocation): Workload => {
    let workload = outsideWorkloads.get(name) ?? byName.get(name);
    if (workload !== undefined) return workload;
    workload = emptyWorkload(name, source);
    outsideWorkloads.set(name, workload);
    const node: Node = { id: ids.allocate(name, 'node'), kind: 'datastore', name, engine };
    nodes.push(node);
    nodeOf.set(name, node);
    reporter.guess(
      `${name}: named by a ${engine} URL and deployed by none of these files: a datastore`,
      source,
    );
    return workload;
  };

  const edges: Edge[] = [];
  const guessedEdges = new Set<string>();
  const joined = new Set<string>();
  const connect = (
    from: Workload,
    to: Workload,
    grpc: boolean,
    why: string,
    source: SourceLocation,
    reference?: Reference,
    byNameOnly = false,
  ) => {
    const fromNode = nodeOf.get(from.name);
    const toNode = nodeOf.get(to.name);
    if (fromNode === undefined || toNode === undefined || fromNode === toNode) return;
    // A broker's client publishes or consumes: what its files say, else a publish marked as a guess.
    const direction =
      fromNode.kind === 'service' && toNode.kind === 'topic' ? brokerDirection(from, reference) : undefined;
    const routed = reference?.via === 'route' && fromNode.kind === 'gateway' && toNode.kind === 'service';
    const edge = routed
      ? ({ kind: 'route', from: fromNode.id, to: toNode.id, paths: [reference.path ?? '/'] } as EdgeWithoutId)
      : direction?.consumes === true
        ? ({ kind: 'subscribe', from: toNode.id, to: fromNode.id } as EdgeWithoutId)
        : edgeBetween(fromNode, toNode, grpc);
    // One edge per ordered pair: a client that both consumes and publishes has two.
    const key = edge === undefined ? `${fromNode.id}\0${toNode.id}` : `${edge.from}\0${edge.to}`;
    if (joined.has(key)) {
      // Another public path of a route already drawn: one edge, every path.
      const drawn = edges.find((candidate) => candidate.from === fromNode.id && candidate.to === toNode.id);
      if (routed && drawn?.kind === 'route' && reference?.path !== undefined) {
        const paths = drawn.paths ?? [];
        if (!paths.includes(reference.path) && paths.length < MAX_ROUTE_PATHS)
          drawn.paths = [...paths, reference.path];
      }
      return;
    }
    if (edge === undefined) {
      if (fromNode.kind === 'topic' && toNode.kind === 'service') {
        // kafka → zookeeper: the broker's own infrastructure; the model has no edge for it.
        joined.add(key);
        const needs = `needs ${toNode.name}`;
        fromNode.description =
          fromNode.description === undefined ? needs : `${fromNode.description}; ${needs}`;
        reporter.guess(
          `${why}: ${toNode.name} is infrastructure of the broker ${fromNode.name}; kept in its description (no edge kind joins a topic to a service it depends on)`,
          source,
        );
        return;
      }
      reporter.unmapped(
        `${why}, but no edge kind joins ${fromNode.kind} "${fromNode.name}" to ${toNode.kind} "${toNode.name}"`,
        source,
      );
      return;
    }
    if (edges.length >= IMPORT_LIMITS.edges) {
      throw new ImportLimitError(
        `these files join services by more than ${IMPORT_LIMITS.edges.toLocaleString('en-US')} edges; at most that many are imported`,
        source,
      );
    }
    joined.add(key);
    const id = ids.allocate(`${edge.from}.${edge.kind}.${edge.to}`, 'edge');
    edges.push({ ...edge, id } as Edge);
    if (byNameOnly || direction?.guessed === true) guessedEdges.add(id);
    const [first, second] = edge.kind === 'subscribe' ? [toNode, fromNode] : [fromNode, toNode];
    reporter.guess(
      `${why}: ${edge.kind} edge ${first.name} → ${second.name}${describeEdge(edge)}${direction === undefined ? '' : ` (${direction.evidence})`}`,
      source,
    );
  };

  // A database named in a connection string on a deployed server is a datastore of its own,
  // decided by the database's name: FTGO's schemas on one MySQL, eShop's databases on one SQL
  // Server are not shared persistence; callers naming the same database share it.
  const usedDnsNames = new Set(nodes.map((node) => dnsName(node.name)));
  const databases = new Map<string, Workload>();
  const databaseOn = (server: Workload, database: string, source: SourceLocation): Workload => {
    const key = `${server.name}\0${database}`;
    const existing = databases.get(key);
    if (existing !== undefined) return existing;
    let name = database;
    if (usedDnsNames.has(dnsName(name))) name = `${database} (${server.name})`;
    usedDnsNames.add(dnsName(name));
    const workload = emptyWorkload(name, source);
    databases.set(key, workload);
    const serverNode = nodeOf.get(server.name);
    const engine = serverNode?.kind === 'datastore' ? serverNode.engine : 'other';
    const node: Node = {
      id: ids.allocate(name, 'node'),
      kind: 'datastore',
      name,
      engine,
      description: `database ${database} on server ${server.name}`,
    };
    nodes.push(node);
    nodeOf.set(name, node);
    reporter.guess(
      `${name}: database ${database} named in a connection string on server ${server.name}: its own datastore (decided by the database name; callers naming the same database share it)`,
      source,
    );
    return workload;
  };
  // Only a server on which two or more databases are named is split: one name is the server's own.
  const reachesByDatabase = new Set<string>();
  const namedDatabases = new Map<string, Set<string>>();
  for (const workload of workloads) {
    for (const reference of workload.references) {
      if (reference.via !== 'env') continue;
      for (const found of resolve(reference, workload, aliases, byName)) {
        if (found.target === undefined || found.mention.database === undefined) continue;
        if (nodeOf.get(found.target.name)?.kind !== 'datastore') continue;
        reachesByDatabase.add(`${workload.name}\0${found.target.name}`);
        const named = namedDatabases.get(found.target.name) ?? new Set();
        named.add(found.mention.database);
        namedDatabases.set(found.target.name, named);
      }
    }
  }
  const splitServers = new Set(
    [...namedDatabases].filter(([, named]) => named.size >= 2).map(([server]) => server),
  );

  // Monitoring, tracing and admin targets are settings of the caller, not business calls.
  const observe = (workload: Workload, signal: MonitoringSignal, why: string, source: SourceLocation) => {
    const node = nodeOf.get(workload.name);
    if (signal.kind === 'health') {
      reporter.guess(
        `${why}: a health-check URL, a monitoring call of ${workload.name}; no edge drawn`,
        source,
      );
      return;
    }
    if (node?.kind === 'service') node.observability = { ...node.observability, [signal.kind]: true };
    reporter.guess(
      `${why}: ${signal.target}, a ${signal.kind} target (${signal.evidence}); ${workload.name}'s observability.${signal.kind}, not a business call`,
      source,
    );
  };

  for (const workload of workloads) {
    for (const reference of workload.references) {
      for (const found of resolve(reference, workload, aliases, byName)) {
        const signal = monitoringSignal(reference, found);
        if (signal !== undefined) {
          observe(workload, signal, describeReference(reference), reference.source);
          continue;
        }
        if (found.target === undefined) {
          const outside = outsideStore(found.mention);
          if (outside !== undefined) {
            const store = storeOutside(outside.name, outside.engine, reference.source);
            connect(
              workload,
              store,
              false,
              `${describeReference(reference)} names ${outside.name}, a ${outside.engine} database that these files do not deploy`,
              reference.source,
            );
            continue;
          }
          reporter.unmapped(
            `${describeReference(reference)} names host "${found.mention.host}", which nothing in these files deploys; no edge drawn`,
            reference.source,
          );
          continue;
        }
        const database = found.mention.database;
        if (database !== undefined && splitServers.has(found.target.name)) {
          connect(
            workload,
            databaseOn(found.target, database, reference.source),
            false,
            `${describeReference(reference)} names database ${database} on ${found.target.name}`,
            reference.source,
          );
          continue;
        }
        // `depends_on sqldata` of a caller that names its database there: that database is the edge.
        if (
          splitServers.has(found.target.name) &&
          reachesByDatabase.has(`${workload.name}\0${found.target.name}`)
        )
          continue;
        const grpc =
          found.mention.scheme === 'grpc' ||
          found.alias?.grpc === true ||
          found.target.servesGrpc ||
          /grpc/i.test(`${reference.variable ?? ''} ${found.mention.host}`) ||
          found.mention.port === GRPC_PORT;
        connect(
          workload,
          found.target,
          grpc,
          `${describeReference(reference)} names ${found.target.name}`,
          reference.source,
          reference,
        );
      }
    }
  }

  pairStoresByName(workloads, nodeOf, (store, owner) =>
    connect(
      owner,
      store,
      false,
      `name ${store.name} reads as the store of ${owner.name} (a guess: no file says so)`,
      store.source,
      undefined,
      true,
    ),
  );
  for (const server of splitServers) {
    const names = [...databases].filter(([key]) => key.startsWith(`${server}\0`)).map(([, db]) => db.name);
    const workload = byName.get(server);
    if (workload === undefined || names.length === 0) continue;
    reporter.guess(
      `${server}: a database server holding ${names.join(', ')}; each database is its own datastore, decided by its name (the server stays a node of its own)`,
      workload.source,
    );
  }
  return { nodes, edges, guessedEdges };
}

type MonitoringKind = 'tracing' | 'metrics' | 'logging';
type MonitoringSignal =
  | { kind: MonitoringKind; target: string; evidence: string }
  | { kind: 'health'; target: string; evidence: string };

// Products that receive traces, metrics or logs, by image word or workload name.
// Each word must start a name's word (`jaeger-agent`, `otel/…`), so `hotel-service` is no `otel`.
const MONITORING_PRODUCTS: [RegExp, MonitoringKind][] = [
  [/(^|[^a-z0-9])(jaeger|(open)?zipkin|otel|opentelemetry|tempo|skywalking|apm-server)/i, 'tracing'],
  [/(^|[^a-z0-9])(prometheus|pushgateway|statsd|graphite|(spring-)?boot-admin|admin-server)/i, 'metrics'],
  [/(^|[^a-z0-9])(fluentd|fluent-bit|logstash|loki|seq|splunk|graylog)([^a-z0-9]|$)/i, 'logging'],
];
// Variables that configure where traces, metrics or logs go, whether or not the target is deployed here.
const MONITORING_VARIABLES: [RegExp, MonitoringKind][] = [
  [/(^|_)(zipkin|jaeger|otel|otlp|tracing|tracer)(_|$)/i, 'tracing'],
  [/(^|_)(prometheus|statsd|boot_admin|metrics_(url|endpoint|host))(_|$)/i, 'metrics'],
  [/(^|_)(logstash|fluentd|loki|seq_(url|server)|log(ging)?_(url|endpoint|host))(_|$)/i, 'logging'],
];
const HEALTH_URL = /https?:\/\/[^\s,;]*\/(hc|health|healthz|liveness|readiness|actuator\/health)(\b|$)/i;

/** What makes a reference a monitoring one: its target's product, its variable, or a health URL. */
function monitoringSignal(reference: Reference, found: Resolved): MonitoringSignal | undefined {
  const target = found.target?.name ?? found.mention.host;
  if (
    reference.via === 'env' &&
    (HEALTH_URL.test(reference.text) || /health_?checks?/i.test(reference.variable ?? ''))
  ) {
    return { kind: 'health', target, evidence: 'health-check URL' };
  }
  if (found.target !== undefined) {
    const words = `${found.target.name} ${found.target.images.map(({ image }) => image).join(' ')}`;
    const product = MONITORING_PRODUCTS.find(([pattern]) => pattern.test(words));
    if (product !== undefined) return { kind: product[1], target, evidence: `${found.target.name} is one` };
    return undefined;
  }
  const variable = reference.variable ?? '';
  const byVariable = MONITORING_VARIABLES.find(([pattern]) => pattern.test(variable));
  if (byVariable !== undefined) return { kind: byVariable[1], target, evidence: `variable ${variable}` };
  const byHost = MONITORING_PRODUCTS.find(([pattern]) => pattern.test(found.mention.host));
  if (byHost !== undefined) return { kind: byHost[1], target, evidence: `host ${found.mention.host}` };
  return undefined;
}

// Words of a variable's name (split at `_`, `-`, `.`) that say its service consumes from a broker,
// or publishes to it, by how they start: `ORDER_QUEUE_URL`, `KAFKA_CONSUMER_BOOTSTRAP`,
// `EVENTS_PUBLISH_URL`. `PRODUCT_…` is no producer.
const CONSUMER_WORDS = ['queue', 'consum', 'subscri', 'listen', 'inbound', 'input', 'receiv'];
const PRODUCER_WORDS = ['publish', 'produce', 'outbound', 'output', 'send', 'emit', 'notif'];
const CONSUMER_NAMES =
  /(^|[-_.])(worker|consumer|listener|subscriber|processor|handler|dispatch|queue-master|backgroundtasks?|jobs?)([-_.]|$)/i;

function saysAny(variable: string, words: readonly string[]): boolean {
  return variable
    .toLowerCase()
    .split(/[-_.]+/)
    .some((token) => words.some((word) => token.startsWith(word)));
}

/** Whether a broker's client consumes, from what its files say; a publish marked as a guess when they say nothing. */
function brokerDirection(
  client: Workload,
  reference: Reference | undefined,
): { consumes: boolean; evidence: string; guessed?: boolean } {
  const variable = reference?.variable ?? '';
  const producer = saysAny(variable, PRODUCER_WORDS);
  const consumer = saysAny(variable, CONSUMER_WORDS);
  if (consumer && !producer) return { consumes: true, evidence: `consumes: variable ${variable}` };
  if (producer) return { consumes: false, evidence: `publishes: variable ${variable}` };
  const named = [client.name, ...client.images.map(({ image }) => image)].find((word) =>
    CONSUMER_NAMES.test(word),
  );
  if (named !== undefined)
    return { consumes: true, evidence: `consumes: the name ${named} reads as a consumer's` };
  return {
    consumes: false,
    evidence: 'a guess: nothing says whether it publishes or consumes',
    guessed: true,
  };
}

/** A node that no file deploys (a database on a server, a managed store): nothing but its name. */
function emptyWorkload(name: string, source: SourceLocation): Workload {
  return {
    name,
    source,
    images: [],
    built: false,
    published: false,
    ports: [],
    servesGrpc: false,
    envNames: [],
    references: [],
    runtime: {},
  };
}

interface Resolved {
  mention: HostMention;
  target?: Workload;
  alias?: Alias;
}

function resolve(
  reference: Reference,
  from: Workload,
  aliases: ReadonlyMap<string, Alias>,
  byName: ReadonlyMap<string, Workload>,
): Resolved[] {
  const lookup = (host: string) => {
    const alias = aliases.get(host.toLowerCase());
    return alias === undefined ? undefined : { alias, target: byName.get(alias.workload) };
  };
  if (reference.via === 'depends_on' || reference.via === 'links' || reference.via === 'route') {
    const name = reference.text.split(':')[0] ?? reference.text;
    const target = byName.get(name) ?? lookup(name)?.target;
    return [{ mention: { host: name, explicit: true }, target }];
  }
  const resolved: Resolved[] = [];
  for (const mention of hostMentions(reference.text)) {
    const found = lookup(mention.host);
    if (found?.target === from) continue;
    // A bare word is a host only when it is a known one, or when the variable's name says so.
    const addressLike =
      mention.explicit || (reference.variable !== undefined && namesAnAddress(reference.variable));
    if (found?.target !== undefined) {
      if (addressLike || reference.via === 'command') resolved.push({ mention, ...found });
    } else if (addressLike && reference.via === 'env' && (mention.explicit || mention.host.includes('.'))) {
      resolved.push({ mention });
    }
  }
  return resolved;
}

/**
 * A URL whose scheme names a database engine (`mongodb://`, `postgres://`, `redis://`), or an HTTP
 * URL on a database's port (`http://search:9200`): the database's name is the host's first label
 * (`orders-db.shop.svc` → `orders-db`).
 */
function outsideStore(mention: HostMention): { name: string; engine: Engine } | undefined {
  if (mention.scheme === undefined) return undefined;
  // Elasticsearch speaks HTTP: its port says what it is.
  const engine =
    engineOfWord(`${mention.scheme}://`) ??
    (/^https?$/.test(mention.scheme) && mention.port !== undefined ? engineOfPort(mention.port) : undefined);
  const name = mention.host.split('.')[0]?.toLowerCase();
  if (engine === undefined || name === undefined || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name))
    return undefined;
  return { name, engine };
}

function describeReference(reference: Reference): string {
  switch (reference.via) {
    case 'env':
      return `env ${reference.variable}=${truncate(reference.text)}`;
    case 'depends_on':
      return `depends_on ${reference.text}`;
    case 'links':
      return `links ${reference.text}`;
    case 'command':
      return `command "${truncate(reference.text)}"`;
    case 'route':
      return `route ${reference.path ?? '/'} → ${reference.text}`;
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

type EdgeWithoutId = Omit<Edge, 'id'>;

/** The edge that the kinds of its ends call for; undefined where the model allows none. */
function edgeBetween(from: Node, to: Node, grpc: boolean): EdgeWithoutId | undefined {
  const ends = { from: from.id, to: to.id };
  if (from.kind === 'service') {
    switch (to.kind) {
      case 'service':
        return { kind: 'sync', ...ends, protocol: grpc ? 'grpc' : 'rest' };
      case 'datastore':
        return { kind: 'data', ...ends, access: 'readwrite' };
      case 'topic':
        return { kind: 'publish', ...ends };
      default:
        return undefined;
    }
  }
  // A gateway's own calls (config, discovery) are sync edges too; its public routes are not in these files.
  if (from.kind === 'gateway' && to.kind === 'service')
    return { kind: 'sync', ...ends, protocol: grpc ? 'grpc' : 'rest' };
  return undefined;
}

function describeEdge(edge: EdgeWithoutId): string {
  if (edge.kind === 'sync') return ` (${edge.protocol})`;
  if (edge.kind === 'route') return ` (${((edge as { paths?: string[] }).paths ?? []).join(', ')})`;
  if (edge.kind === 'data') return ` (${edge.access})`;
  return '';
}

function toNode(workload: Workload, id: string, hints: readonly string[], reporter: Reporter): Node {
  const base = { id, name: workload.name };
  const known = workload.images
    .map(({ image, source }) => ({ image, source, role: imageRole(image) }))
    .find((candidate) => candidate.role !== undefined);
  const role: ImageRole | undefined = known?.role;
  if (known !== undefined && role !== undefined) {
    if (role.kind !== 'gateway') {
      return roleNode(base, role, workload, `image ${known.image}`, known.source, reporter);
    }
    if (workload.published) {
      return roleNode(
        base,
        role,
        workload,
        `image ${known.image} with ports published to the host`,
        known.source,
        reporter,
      );
    }
    reporter.guess(
      `${workload.name}: image ${known.image} is a ${role.product} without published ports: read as a service`,
      known.source,
    );
  }
  // A container whose mounted or built-in configuration declares routes is a gateway, whatever its image.
  if (workload.routeConfig !== undefined && role?.kind !== 'datastore' && role?.kind !== 'topic') {
    const product = role?.kind === 'gateway' ? role : { kind: 'gateway' as const, product: 'gateway' };
    reporter.guess(
      `${workload.name}: its configuration ${workload.routeConfig.path} declares routes: a gateway${role === undefined ? '' : ` (${role.product})`}`,
      workload.routeConfig,
    );
    return role === undefined
      ? { ...base, kind: 'gateway', ...keptRuntime(workload) }
      : { ...base, kind: 'gateway', product: product.product, ...keptRuntime(workload) };
  }
  // A server built here, or on an image not known: what only a server reads, or the port it serves.
  const server = serverEvidence(workload, hints);
  if (server !== undefined && known === undefined) {
    return roleNode(base, server.role, workload, server.evidence, server.source, reporter);
  }
  if (!workload.built && known === undefined && looksLikeStoreName(workload.name)) {
    const engine = guessEngine(workload, hints);
    reporter.guess(
      `name ${workload.name} looks like a datastore's; engine ${engine}${engine === 'other' ? ' (nothing says which)' : ''}`,
      workload.source,
    );
    return { ...base, kind: 'datastore', engine, ...keptRuntime(workload) };
  }
  if (known === undefined && workload.published && looksLikeGatewayName(workload.name)) {
    reporter.guess(
      `name ${workload.name}${workload.built ? ' (built here)' : ''} with ports published to the host looks like a gateway`,
      workload.source,
    );
    return { ...base, kind: 'gateway', ...keptRuntime(workload) };
  }
  return { ...base, kind: 'service', ...(isEmpty(workload.runtime) ? {} : { runtime: workload.runtime }) };
}

/** The node a known role makes, with the guess and its evidence in the report. */
function roleNode(
  base: { id: string; name: string },
  role: ImageRole,
  workload: Workload,
  evidence: string,
  source: SourceLocation,
  reporter: Reporter,
): Node {
  const product = PRODUCT_NAMES[role.product] ?? role.product;
  if (role.kind === 'datastore') {
    reporter.guess(`${workload.name}: ${evidence} says a datastore (${product})`, source);
    const description = role.engine === 'other' ? product : undefined;
    return {
      ...base,
      kind: 'datastore',
      engine: role.engine,
      ...(description ? { description } : {}),
      ...keptRuntime(workload),
    };
  }
  if (role.kind === 'topic') {
    reporter.guess(`${workload.name}: ${evidence} says a message broker (${product}): a topic node`, source);
    const description = role.broker === 'other' ? `${product} broker` : undefined;
    return {
      ...base,
      kind: 'topic',
      broker: role.broker,
      ...(description ? { description } : {}),
      ...keptRuntime(workload),
    };
  }
  reporter.guess(`${workload.name}: ${evidence} looks like a gateway (${product})`, source);
  return { ...base, kind: 'gateway', product: role.product, ...keptRuntime(workload) };
}

const APPLICATION_NAME = /(^|[-_.])(service|svc|api|app|web|ui|frontend|backend|server)$|(service|api)$/i;

/** A server's own settings (`MYSQL_ROOT_PASSWORD`) or main port (3306), with where they are written. */
function serverEvidence(
  workload: Workload,
  hints: readonly string[],
): { role: ImageRole; evidence: string; source: SourceLocation } | undefined {
  for (const variable of workload.envNames) {
    const role = roleOfServerEnv(variable);
    if (role === undefined) continue;
    const source =
      workload.references.find((reference) => reference.via === 'env' && reference.variable === variable)
        ?.source ?? workload.source;
    return { role, evidence: `env ${variable} (read only by the server itself)`, source };
  }
  // A port alone does not outweigh a name that says application (`ship-service` on 9042).
  const main = workload.ports[0]?.port;
  const role = main === undefined ? undefined : roleOfServerPort(main);
  if (role !== undefined && !APPLICATION_NAME.test(workload.name)) {
    return { role, evidence: `port ${main} (${role.product}'s)`, source: workload.source };
  }
  // How callers reach it: `tcp://activemq:61616`, `kafka:9092` say a broker whatever was built.
  for (const hint of hints) {
    const called = /^\d+$/.test(hint) ? roleOfServerPort(Number(hint)) : undefined;
    if (called !== undefined && !APPLICATION_NAME.test(workload.name)) {
      return {
        role: called,
        evidence: `callers reach it on port ${hint} (${called.product}'s)`,
        source: workload.source,
      };
    }
  }
  return undefined;
}

/** What callers say of a workload: the ports, URL schemes and variable names they reach it by. */
function callerHints(
  workloads: readonly Workload[],
  aliases: ReadonlyMap<string, Alias>,
): Map<string, string[]> {
  const hints = new Map<string, string[]>();
  for (const workload of workloads) {
    for (const reference of workload.references) {
      if (reference.via !== 'env') continue;
      for (const mention of hostMentions(reference.text)) {
        const target = aliases.get(mention.host)?.workload;
        if (target === undefined) continue;
        const list = hints.get(target) ?? [];
        list.push(
          ...[mention.port, mention.scheme, reference.variable].flatMap((hint) =>
            hint === undefined ? [] : [String(hint)],
          ),
        );
        hints.set(target, list);
      }
    }
  }
  return hints;
}

/** The engine that ports, variable names and callers suggest; `other` when nothing does. */
function guessEngine(workload: Workload, hints: readonly string[]): Engine {
  for (const { port, name } of workload.ports) {
    const engine = engineOfPort(port) ?? (name === undefined ? undefined : engineOfWord(name));
    if (engine !== undefined) return engine;
  }
  for (const word of [...workload.envNames, ...hints, workload.name]) {
    const engine = engineOfPort(Number(word)) ?? engineOfWord(word);
    if (engine !== undefined) return engine;
  }
  return 'other';
}

/**
 * How a datastore, broker or gateway container is deployed (image, build, ports, settings): kept
 * on its node, so that an export writes the container back as it was, not the engine's usual image.
 */
function keptRuntime(workload: Workload): { runtime?: Runtime } {
  return isEmpty(workload.runtime) ? {} : { runtime: workload.runtime };
}

/** Pairs each datastore with the one service its name points at: `orders-db` → `orders`. */
function pairStoresByName(
  workloads: readonly Workload[],
  nodeOf: ReadonlyMap<string, Node>,
  pair: (store: Workload, owner: Workload) => void,
): void {
  const services = workloads.filter((workload) => nodeOf.get(workload.name)?.kind === 'service');
  for (const store of workloads) {
    if (nodeOf.get(store.name)?.kind !== 'datastore') continue;
    const stem = storeStem(store.name)?.toLowerCase();
    if (stem === undefined || stem === '') continue;
    const candidates = new Set([stem, `${stem}-service`, `${stem}service`, `${stem}-svc`, `${stem}-api`]);
    const owners = services.filter((service) => candidates.has(service.name.toLowerCase()));
    if (owners.length === 1 && owners[0] !== undefined) pair(store, owners[0]);
  }
}

function isEmpty(value: object): boolean {
  return Object.keys(value).length === 0;
}
