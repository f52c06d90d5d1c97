import {
  count,
  type DataEdge,
  type Edge,
  type Node,
  type Observed,
  type PublishEdge,
  type SubscribeEdge,
  type SyncEdge,
} from '@meshplan/model';
import { IdAllocator } from '../ids.js';
import { type Broker, type Engine, engineOfWord } from '../images.js';
import { pointer } from '../input.js';
import { IMPORT_LIMITS, ImportLimitError } from '../limits.js';
import type { Reporter } from '../report.js';
import { LatencySketch } from './latency.js';
import { type Protocol, SPAN_KIND, type SpanKind, type SpanRecord, type Where } from './spans.js';

/** Hosts called by client spans that are told apart (more are not followed): fits the packing below. */
const MAX_HOSTS = 4000;
const PROTOCOL_CODES: (Protocol | undefined)[] = [undefined, 'rest', 'grpc', 'graphql'];

interface SeenSpan {
  service: number;
  kind: SpanKind;
  protocol: Protocol | undefined;
  host: number;
}

/** A span's service (< 8192), kind, protocol and host (< 4000) as one integer V8 stores unboxed (< 2^30). */
function pack(service: number, kind: SpanKind, protocol: Protocol | undefined, host: number): number {
  return service + kind * 8192 + PROTOCOL_CODES.indexOf(protocol) * 65536 + (host + 1) * 262144;
}

function unpack(value: number): SeenSpan {
  return {
    service: value % 8192,
    kind: (Math.floor(value / 8192) % 8) as SpanKind,
    protocol: PROTOCOL_CODES[Math.floor(value / 65536) % 4],
    host: Math.floor(value / 262144) - 1,
  };
}

/** What one trace import reads at most. */
export const TRACE_LIMITS = {
  /** Spans: about 150 bytes each stay in memory to the end (a packed number under its id). */
  spans: 5_000_000,
} as const;

/** Operations listed on one edge; more are counted in the report. */
const MAX_OPERATIONS = 50;

/** What was seen on one edge: the figures of `observed`, and how it was first met. */
class EdgeFigures {
  calls = 0;
  errors = 0;
  readonly latency = new LatencySketch();
  fromMs = Number.POSITIVE_INFINITY;
  toMs = Number.NEGATIVE_INFINITY;
  readonly operations = new Set<string>();
  moreOperations = 0;
  protocol: Protocol | undefined;
  reads = 0;
  writes = 0;

  constructor(
    readonly line: number,
    readonly path: readonly (string | number)[],
  ) {}

  add(span: SpanRecord): void {
    this.calls++;
    if (span.error) this.errors++;
    this.latency.add(span.endMs - span.startMs);
    if (span.startMs < this.fromMs) this.fromMs = span.startMs;
    if (span.endMs > this.toMs) this.toMs = span.endMs;
    if (span.operation !== undefined && !this.operations.has(span.operation)) {
      if (this.operations.size < MAX_OPERATIONS) this.operations.add(span.operation);
      else this.moreOperations++;
    }
    if (span.db?.access === 'read') this.reads++;
    if (span.db?.access === 'write') this.writes++;
  }

  merge(other: EdgeFigures): void {
    this.calls += other.calls;
    this.errors += other.errors;
    this.latency.merge(other.latency);
    this.fromMs = Math.min(this.fromMs, other.fromMs);
    this.toMs = Math.max(this.toMs, other.toMs);
    for (const operation of other.operations) this.operations.add(operation);
    this.reads += other.reads;
    this.writes += other.writes;
    this.protocol ??= other.protocol;
  }

  observed(): Observed {
    return {
      calls: this.calls,
      errors: this.errors,
      p50Ms: this.latency.quantile(0.5),
      p99Ms: this.latency.quantile(0.99),
      from: new Date(this.fromMs).toISOString(),
      to: new Date(this.toMs).toISOString(),
    };
  }
}

interface ServiceInfo {
  index: number;
  name: string;
  spans: number;
  /** Database client spans whose parent is in another service. */
  dbCalls: number;
  /** Other client spans whose parent is in another service. */
  clientCalls: number;
  /** Whether a span of another service is a child of one of this service's spans. */
  hasCallees: boolean;
  line: number;
  path: readonly (string | number)[];
}

/** The figures per edge, keyed by their ends. */
class Figures<K> {
  readonly byKey = new Map<string, { key: K; figures: EdgeFigures }>();

  constructor(private readonly path: string) {}

  add(id: string, key: K, span: SpanRecord): EdgeFigures {
    let entry = this.byKey.get(id);
    if (entry === undefined) {
      if (this.byKey.size >= IMPORT_LIMITS.edges) {
        throw new ImportLimitError(
          `more than ${IMPORT_LIMITS.edges.toLocaleString('en-US')} distinct calls; at most that many edges are imported`,
          { path: this.path, line: span.line, pointer: pointer(span.path) },
        );
      }
      entry = { key, figures: new EdgeFigures(span.line, span.path) };
      this.byKey.set(id, entry);
    }
    entry.figures.add(span);
    return entry.figures;
  }
}

const ENGINES: Record<string, Engine> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  mongodb: 'mongodb',
  redis: 'redis',
  valkey: 'redis',
  cassandra: 'cassandra',
  elasticsearch: 'elasticsearch',
  opensearch: 'elasticsearch',
  dynamodb: 'dynamodb',
  'aws.dynamodb': 'dynamodb',
};
const BROKERS: Record<string, Broker> = {
  kafka: 'kafka',
  rabbitmq: 'rabbitmq',
  nats: 'nats',
  aws_sqs: 'sns-sqs',
  aws_sns: 'sns-sqs',
  'aws.sqs': 'sns-sqs',
  'aws.sns': 'sns-sqs',
};
/** Hosts that name a cache or database product though no span says `db.system` (Zipkin's remote names). */
const STORE_HOST =
  /^(memcached?|mysql|mariadb|postgres(ql)?|mongo(db)?|redis|valkey|cassandra|elasticsearch)([-_.]|$)/i;

/**
 * Turns span records into nodes and edges with what was observed on each (drift.md's table). A
 * span's caller is the service of its parent span, which may come later in the file: each span
 * leaves a small entry (its service and kind, packed in a number) under its id, and a span whose
 * parent has not been seen yet waits until the parent comes. Memory grows with the number of spans
 * (about 100 bytes each) and of spans waiting for a parent, never with the size of spans.
 */
export class TraceAggregator {
  private readonly services = new Map<string, ServiceInfo>();
  private readonly serviceList: ServiceInfo[] = [];
  /**
   * Per trace: each span's service index, kind, protocol and target host packed in one small
   * integer, by span id; and the spans read before their parent, by the parent's id.
   */
  private readonly traces = new Map<string, TraceState>();
  /** Zipkin: every span with a parent, looked up once all are read. */
  private readonly waiting: SpanRecord[] = [];
  private readonly hosts = new Map<string, number>();
  private readonly hostNames: string[] = [];
  private readonly servedHosts = new Set<number>();
  private readonly sync: Figures<{ from: number; to: number }>;
  private readonly data: Figures<{ service: number; caller: number; store: string; engine: string }>;
  private readonly publish: Figures<{ service: number; topic: string; system: string | undefined }>;
  private readonly subscribe: Figures<{ service: number; topic: string; system: string | undefined }>;
  private readonly outbound: Figures<{ service: number; host: number }>;
  private readonly dropped = new Map<
    string,
    { count: number; line: number; path: readonly (string | number)[] }
  >();
  private orphans = 0;
  private orphanAt: Where | undefined;
  private noDestination = 0;
  /** Datastores known from a JDBC URL only: a guess, reported once per URL. */
  private readonly jdbc = new Map<
    string,
    { store: string; line: number; path: readonly (string | number)[] }
  >();
  spans = 0;

  constructor(
    private readonly path: string,
    /** Zipkin: a client and its server half share one id, so parents are looked up once all are read. */
    private readonly deferParents: boolean,
    /** Spans read at most: what bounds memory (about 150 bytes a span, more while waiting for a parent). */
    private readonly maxSpans: number = TRACE_LIMITS.spans,
  ) {
    this.sync = new Figures(path);
    this.data = new Figures(path);
    this.publish = new Figures(path);
    this.subscribe = new Figures(path);
    this.outbound = new Figures(path);
  }

  drop(reason: string, where: Where): void {
    const entry = this.dropped.get(reason);
    if (entry === undefined) this.dropped.set(reason, { count: 1, line: where.line, path: where.path });
    else entry.count++;
  }

  add(span: SpanRecord): void {
    if (this.spans >= this.maxSpans) {
      throw new ImportLimitError(
        `more than ${this.maxSpans.toLocaleString('en-US')} spans; at most that many are read in one import`,
        { path: this.path, line: span.line, pointer: pointer(span.path) },
      );
    }
    if (span.service === undefined) {
      this.drop('no service name (no service.name on its resource, or an unknown process)', span);
      return;
    }
    this.spans++;
    const service = this.service(span.service, span);
    service.spans++;
    if (
      span.db?.guessed !== undefined &&
      !this.jdbc.has(span.db.guessed) &&
      this.jdbc.size < IMPORT_LIMITS.reportItems
    ) {
      this.jdbc.set(span.db.guessed, {
        store: span.db.name ?? span.db.system,
        line: span.line,
        path: span.path,
      });
    }
    const host =
      span.kind === SPAN_KIND.client && span.target !== undefined && span.db === undefined
        ? this.host(span.target)
        : -1;
    const key = span.shared ? `${span.spanId}:s` : span.spanId;
    const packed = pack(service.index, span.kind, span.protocol, host);
    // One lookup of the trace per span: its spans and those waiting for a parent are under it.
    const trace = this.trace(span.traceId);
    if (seenIn(trace, key) === undefined) remember(trace, key, packed);
    if (span.parentId === undefined) this.resolve(span, service, undefined);
    else if (this.deferParents || span.shared) this.waiting.push(span);
    else {
      const parent = seenIn(trace, span.parentId);
      if (parent !== undefined) this.resolve(span, service, unpack(parent));
      else {
        // Children usually end, and so are exported, before their parent: they wait for it here.
        trace.waiting ??= new Map();
        const waiting = trace.waiting.get(span.parentId);
        if (waiting === undefined) trace.waiting.set(span.parentId, span);
        else if (Array.isArray(waiting)) waiting.push(span);
        else trace.waiting.set(span.parentId, [waiting, span]);
      }
    }
    const children = trace.waiting?.get(key);
    if (children === undefined) return;
    trace.waiting?.delete(key);
    const parent = unpack(packed);
    for (const child of Array.isArray(children) ? children : [children]) {
      this.resolve(child, this.services.get(child.service as string) as ServiceInfo, parent);
    }
  }

  private trace(traceId: string): TraceState {
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = {};
      this.traces.set(traceId, trace);
    }
    return trace;
  }

  private service(name: string, span: SpanRecord): ServiceInfo {
    let info = this.services.get(name);
    if (info === undefined) {
      if (this.serviceList.length >= IMPORT_LIMITS.nodes) {
        throw new ImportLimitError(
          `more than ${IMPORT_LIMITS.nodes.toLocaleString('en-US')} services; at most that many nodes are imported`,
          { path: this.path, line: span.line, pointer: pointer(span.path) },
        );
      }
      info = {
        index: this.serviceList.length,
        name,
        spans: 0,
        dbCalls: 0,
        clientCalls: 0,
        hasCallees: false,
        line: span.line,
        path: span.path,
      };
      this.services.set(name, info);
      this.serviceList.push(info);
    }
    return info;
  }

  private host(name: string): number {
    let index = this.hosts.get(name);
    if (index === undefined) {
      if (this.hostNames.length >= MAX_HOSTS) return -1;
      index = this.hostNames.length;
      this.hosts.set(name, index);
      this.hostNames.push(name);
    }
    return index;
  }

  /** Records what the span says, now that its parent's service (or that it has none) is known. */
  private resolve(span: SpanRecord, service: ServiceInfo, parent: SeenSpan | undefined): void {
    const caller = parent !== undefined && parent.service !== service.index ? parent.service : -1;
    if (caller !== -1) (this.serviceList[caller] as ServiceInfo).hasCallees = true;
    if (span.db !== undefined) {
      if (caller !== -1) service.dbCalls++;
      const store = span.db.name ?? span.db.system;
      this.data.add(
        `${service.index}|${caller}|${span.db.system}|${store}`,
        {
          service: service.index,
          caller,
          store,
          engine: span.db.system,
        },
        span,
      );
      return;
    }
    if (span.messaging !== undefined) {
      const topic = {
        service: service.index,
        topic: span.messaging.destination,
        system: span.messaging.system,
      };
      const id = `${service.index}|${span.messaging.system}|${span.messaging.destination}`;
      if (span.kind === SPAN_KIND.consumer) this.subscribe.add(id, topic, span);
      else if (span.kind === SPAN_KIND.producer || span.kind === SPAN_KIND.client)
        this.publish.add(id, topic, span);
      return;
    }
    if (span.kind === SPAN_KIND.producer || span.kind === SPAN_KIND.consumer) {
      this.noDestination++;
      return;
    }
    if (caller !== -1 && parent !== undefined) {
      if (span.kind === SPAN_KIND.client) service.clientCalls++;
      const figures = this.sync.add(`${caller}>${service.index}`, { from: caller, to: service.index }, span);
      figures.protocol = callProtocol(figures.protocol, span.protocol, parent.protocol);
      if (parent.kind === SPAN_KIND.client && parent.host !== -1) this.servedHosts.add(parent.host);
    }
    const host =
      span.kind === SPAN_KIND.client && span.target !== undefined ? this.hosts.get(span.target) : undefined;
    if (host !== undefined) {
      const figures = this.outbound.add(`${service.index}>${host}`, { service: service.index, host }, span);
      figures.protocol ??= span.protocol;
    }
  }

  /** Everything read: parents looked up for the spans that waited, then nodes and edges made. */
  finish(reporter: Reporter): {
    nodes: Node[];
    edges: Edge[];
    traces: number;
    spans: number;
    dropped: number;
  } {
    for (const trace of this.traces.values()) {
      for (const children of trace.waiting?.values() ?? []) {
        for (const child of Array.isArray(children) ? children : [children]) this.waiting.push(child);
      }
      trace.waiting = undefined;
    }
    const traces = this.traces.size;
    for (const span of this.waiting) {
      const service = this.services.get(span.service as string) as ServiceInfo;
      const parentId = span.shared ? span.spanId : (span.parentId as string);
      // A child of a Zipkin span whose server half is here runs in that server.
      const packed =
        (span.shared ? undefined : seenIn(this.traces.get(span.traceId), `${parentId}:s`)) ??
        seenIn(this.traces.get(span.traceId), parentId);
      const parent = packed === undefined ? undefined : unpack(packed);
      if (parent === undefined && !span.shared) {
        this.orphans++;
        this.orphanAt ??= { line: span.line, path: span.path };
      }
      this.resolve(span, service, parent);
    }
    this.waiting.length = 0;
    this.traces.clear();
    return { ...this.build(reporter), traces, spans: this.spans, dropped: this.droppedCount() };
  }

  private droppedCount(): number {
    let count = 0;
    for (const entry of this.dropped.values()) count += entry.count;
    return count;
  }

  private build(reporter: Reporter): { nodes: Node[]; edges: Edge[] } {
    const at = (item: Where) => ({ path: this.path, line: item.line, pointer: pointer(item.path) });
    const ids = new IdAllocator();
    const nodes: Node[] = [];
    const edges: Edge[] = [];
    // A "service" whose every span is a client call made for another service, and that calls no
    // traced service, stands for what it calls (HotROD's mysql and redis-manual): its calls become
    // the caller's data edges (or calls to an external system).
    const standsIn = (service: ServiceInfo) =>
      !service.hasCallees && service.spans > 0 && service.dbCalls + service.clientCalls === service.spans;
    const serviceIds = new Map<number, string>();
    for (const service of this.serviceList) {
      if (standsIn(service)) {
        reporter.guess(
          `"${service.name}" only records client calls made for other services: read as what it calls, not a service`,
          at(service),
        );
        continue;
      }
      const id = ids.allocate(service.name, 'service');
      serviceIds.set(service.index, id);
      nodes.push({ id, kind: 'service', name: service.name });
    }
    const otherNodes = new Map<string, string>();
    const nodeFor = (key: string, make: (id: string) => Node): string => {
      let id = otherNodes.get(key);
      if (id === undefined) {
        const node = make('');
        id = ids.allocate(node.name, node.kind);
        nodes.push({ ...node, id });
        otherNodes.set(key, id);
      }
      return id;
    };
    const edgeId = (from: string, to: string) => ids.allocate(`${from}-${to}`, 'edge');
    const reportOperations = (figures: EdgeFigures, label: string) => {
      if (figures.moreOperations > 0)
        reporter.unmapped(
          `${label}: ${figures.moreOperations.toLocaleString('en-US')} more operations than the ${MAX_OPERATIONS} listed`,
          at(figures),
        );
    };

    const standInCalls: { from: string; name: string; figures: EdgeFigures }[] = [];
    for (const { key, figures } of this.sync.byKey.values()) {
      const from = serviceIds.get(key.from);
      const to = serviceIds.get(key.to);
      if (from !== undefined && to === undefined && standsIn(this.serviceList[key.to] as ServiceInfo)) {
        standInCalls.push({ from, name: (this.serviceList[key.to] as ServiceInfo).name, figures });
      }
      if (from === undefined || to === undefined) continue;
      const edge: SyncEdge = {
        id: edgeId(from, to),
        kind: 'sync',
        from,
        to,
        protocol: figures.protocol ?? 'rest',
      };
      if (figures.protocol === undefined) {
        reporter.guess(
          `call ${from} → ${to}: protocol rest assumed (its spans name no HTTP or RPC attributes)`,
          at(figures),
        );
      }
      if (figures.operations.size > 0) edge.operations = operationsOf(figures);
      edge.observed = figures.observed();
      reportOperations(figures, `call ${from} → ${to}`);
      edges.push(edge);
    }

    // Data edges: from the span's service, or from its caller where the service stands in for the database.
    const dataEdges = new Map<
      string,
      { from: string; store: string; engine: Engine; figures: EdgeFigures }
    >();
    for (const { key, figures } of this.data.byKey.values()) {
      const service = this.serviceList[key.service] as ServiceInfo;
      const callerIndex = standsIn(service) && key.caller !== -1 ? key.caller : key.service;
      const from = serviceIds.get(callerIndex);
      if (from === undefined) continue;
      const engine = ENGINES[key.engine] ?? engineOfWord(key.engine) ?? 'other';
      const id = `${from}|${engine}|${key.store}`;
      const existing = dataEdges.get(id);
      if (existing === undefined) {
        const merged = new EdgeFigures(figures.line, figures.path);
        merged.merge(figures);
        dataEdges.set(id, { from, store: key.store, engine, figures: merged });
      } else existing.figures.merge(figures);
    }
    for (const { from, store, engine, figures } of dataEdges.values()) {
      const to = nodeFor(`datastore|${engine}|${store}`, (id) => ({
        id,
        kind: 'datastore',
        name: store,
        engine,
      }));
      const access =
        figures.reads > 0 && figures.writes > 0
          ? 'readwrite'
          : figures.writes > 0
            ? 'write'
            : figures.reads > 0
              ? 'read'
              : undefined;
      if (access === undefined) {
        reporter.guess(
          `data ${from} → ${to}: access readwrite assumed (the spans name no operation)`,
          at(figures),
        );
      }
      const edge: DataEdge = { id: edgeId(from, to), kind: 'data', from, to, access: access ?? 'readwrite' };
      edge.observed = figures.observed();
      edges.push(edge);
    }

    const topicId = (topic: { topic: string; system: string | undefined }) => {
      const broker =
        BROKERS[topic.system ?? ''] ??
        (topic.system === undefined ? 'other' : (BROKERS[topic.system.toLowerCase()] ?? 'other'));
      return nodeFor(`topic|${topic.topic}`, (id) => ({ id, kind: 'topic', name: topic.topic, broker }));
    };
    for (const { key, figures } of this.publish.byKey.values()) {
      const from = serviceIds.get(key.service);
      if (from === undefined) continue;
      const to = topicId(key);
      const edge: PublishEdge = {
        id: edgeId(from, to),
        kind: 'publish',
        from,
        to,
        observed: figures.observed(),
      };
      edges.push(edge);
    }
    for (const { key, figures } of this.subscribe.byKey.values()) {
      const to = serviceIds.get(key.service);
      if (to === undefined) continue;
      const from = topicId(key);
      const edge: SubscribeEdge = {
        id: edgeId(from, to),
        kind: 'subscribe',
        from,
        to,
        observed: figures.observed(),
      };
      edges.push(edge);
    }

    // Client spans to a host: a traced service serves it (its server spans are children of these
    // calls), or it is outside what was traced.
    const tracedNames = new Map(this.serviceList.map((service) => [service.name, service]));
    const outbound = [...this.outbound.byKey.values()].flatMap(({ key, figures }) => {
      const from = serviceIds.get(key.service);
      if (this.servedHosts.has(key.host) || from === undefined) return [];
      return [
        { from, service: key.service, host: this.hostNames[key.host] as string, figures, standIn: false },
      ];
    });
    for (const call of standInCalls) {
      outbound.push({ from: call.from, service: -1, host: call.name, figures: call.figures, standIn: true });
    }
    for (const { from, service, host, figures, standIn } of outbound) {
      const traced = standIn ? undefined : tracedNames.get(host);
      if (traced !== undefined) {
        if (standsIn(traced) || traced.index === service) continue;
        const to = serviceIds.get(traced.index) as string;
        if (edges.some((edge) => edge.kind === 'sync' && edge.from === from && edge.to === to)) continue;
        reporter.guess(
          `call ${from} → ${to}: seen only in ${from}'s client spans (no server span of ${to} is their child)`,
          at(figures),
        );
        edges.push({
          id: edgeId(from, to),
          kind: 'sync',
          from,
          to,
          protocol: figures.protocol ?? 'rest',
          observed: figures.observed(),
        });
        continue;
      }
      const engine = STORE_HOST.test(host) ? (engineOfWord(host) ?? 'other') : undefined;
      if (engine !== undefined) {
        const to = nodeFor(`datastore|${engine}|${host}`, (id) => ({
          id,
          kind: 'datastore',
          name: host,
          engine,
        }));
        reporter.guess(
          `datastore ${host}: ${from} calls ${standIn ? `"${host}"` : 'a host'}, named like ${engine === 'other' ? 'a cache or database' : `a ${engine} database`} (${count(figures.calls, 'call')}; no db.system attribute)`,
          at(figures),
        );
        edges.push({
          id: edgeId(from, to),
          kind: 'data',
          from,
          to,
          access: 'readwrite',
          observed: figures.observed(),
        });
        continue;
      }
      const to = nodeFor(`external|${host}`, (id) => ({ id, kind: 'external', name: host }));
      reporter.guess(
        `external ${host}: ${from} calls it (${count(figures.calls, 'call')}) and no traced service serves it`,
        at(figures),
      );
      edges.push({
        id: edgeId(from, to),
        kind: 'sync',
        from,
        to,
        protocol: figures.protocol ?? 'rest',
        observed: figures.observed(),
      });
    }

    for (const [reason, entry] of this.dropped) {
      reporter.unmapped(`${entry.count.toLocaleString('en-US')} spans dropped: ${reason}`, at(entry));
    }
    if (this.orphans > 0 && this.orphanAt !== undefined) {
      reporter.unmapped(
        `${this.orphans.toLocaleString('en-US')} spans name a parent span that is not in the file (a partial trace): who called them is not known`,
        at(this.orphanAt),
      );
    }
    if (this.noDestination > 0) {
      reporter.unmapped(
        `${this.noDestination.toLocaleString('en-US')} producer or consumer spans name no messaging destination: no topic made`,
        { path: this.path },
      );
    }
    for (const [guessed, where] of this.jdbc) {
      reporter.guess(
        `datastore ${where.store}: engine and name read from ${guessed} (no db.system attribute)`,
        at(where),
      );
    }
    return { nodes, edges };
  }
}

/** gRPC or GraphQL where either end says so (a gRPC server often records its calls as HTTP/2). */
function callProtocol(...said: (Protocol | undefined)[]): Protocol | undefined {
  return (
    said.find((protocol) => protocol === 'grpc') ??
    said.find((protocol) => protocol === 'graphql') ??
    said.find((p) => p !== undefined)
  );
}

/** The operations of an edge, sorted; gRPC methods seen as `POST /pkg.Service/Method` by their name. */
function operationsOf(figures: EdgeFigures): string[] {
  const names = [...figures.operations].map((operation) => {
    const grpc = figures.protocol === 'grpc' ? /^POST \/([\w.]+\/\w+)$/.exec(operation) : null;
    return grpc?.[1] ?? operation;
  });
  return [...new Set(names)].sort();
}

/**
 * What is kept of one trace while it is read. Its first span is held in two fields, the map made
 * only for a second: exports of many one-span traces cost a third of the memory.
 */
interface TraceState {
  firstId?: string;
  firstPacked?: number;
  /** Span id (`id:s` for a Zipkin server half) → the packed service, kind, protocol and host. */
  seen?: Map<string, number>;
  /** Parent span id → the spans read before it. */
  waiting?: Map<string, SpanRecord | SpanRecord[]>;
}

function seenIn(trace: TraceState | undefined, spanId: string): number | undefined {
  if (trace === undefined) return undefined;
  return trace.firstId === spanId ? trace.firstPacked : trace.seen?.get(spanId);
}

function remember(trace: TraceState, spanId: string, packed: number): void {
  if (trace.firstId === undefined) {
    trace.firstId = spanId;
    trace.firstPacked = packed;
  } else {
    trace.seen ??= new Map();
    trace.seen.set(spanId, packed);
  }
}
