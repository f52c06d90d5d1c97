/**
 * The three trace formats reduced to one span record holding only what the mapping needs
 * (drift.md): ids, service, kind, timing, error, and what the attributes say about the call.
 */

export type TraceFormat = 'otlp' | 'jaeger' | 'zipkin';

/** OpenTelemetry's span kinds, which the three formats share under different spellings. */
export const SPAN_KIND = {
  unspecified: 0,
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
} as const;
export type SpanKind = (typeof SPAN_KIND)[keyof typeof SPAN_KIND];

export type Protocol = 'rest' | 'grpc' | 'graphql';

export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentId: string | undefined;
  /** The service, once the resource or process it names is known. */
  service: string | undefined;
  /** Jaeger: the process id whose `serviceName` is the service. */
  processId?: string;
  kind: SpanKind;
  /** Zipkin: a server half that reuses its client's span id. */
  shared: boolean;
  startMs: number;
  endMs: number;
  error: boolean;
  /** Said by the span's attributes: the protocol, where they say it. */
  protocol: Protocol | undefined;
  /** `GET /orders/{id}` or `oteldemo.CartService/AddItem`. */
  operation: string | undefined;
  /** The host or service a client span calls. */
  target: string | undefined;
  db:
    | { system: string; name: string | undefined; access: 'read' | 'write' | undefined; guessed?: string }
    | undefined;
  messaging: { system: string | undefined; destination: string } | undefined;
  /** Where the span was read, for the report (the JSON pointer is made from `path` only when reported). */
  line: number;
  path: readonly (string | number)[];
}

/** Attributes as plain strings, from whichever shape the format uses; only those read below. */
export type Attributes = Map<string, string>;

/** Every attribute the mapping reads: the others (most of a span's) are not copied. */
const READ_KEYS = new Set([
  'service.name',
  'span.kind',
  'error',
  'otel.status_code',
  'http.response.status_code',
  'http.status_code',
  'rpc.system',
  'rpc.system.name',
  'rpc.method',
  'rpc.service',
  'http.request.method',
  'http.method',
  'http.route',
  'url.template',
  'url.full',
  'http.url',
  'graphql.operation.name',
  'graphql.operation.type',
  'peer.service',
  'service.peer.name',
  'server.address',
  'net.peer.name',
  'net.host.name',
  'db.system',
  'db.system.name',
  'db.type',
  'db.namespace',
  'db.name',
  'db.connection_string',
  'database',
  'db.operation.name',
  'db.operation',
  'db.query.text',
  'db.statement',
  'sql',
  'query',
  'messaging.system',
  'messaging.destination.name',
  'messaging.destination',
  'messaging.destination.template',
]);

const MAX_ATTRIBUTE_CHARS = 2048;

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, MAX_ATTRIBUTE_CHARS);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OTLP `[{key, value: {stringValue | intValue | ...}}]`. */
export function otlpAttributes(list: unknown): Attributes {
  const attributes: Attributes = new Map();
  if (!Array.isArray(list)) return attributes;
  for (const item of list) {
    if (!isRecord(item) || typeof item.key !== 'string' || !READ_KEYS.has(item.key) || !isRecord(item.value))
      continue;
    const value = item.value;
    const text = scalar(value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue);
    if (text !== undefined) attributes.set(item.key, text);
  }
  return attributes;
}

/** Jaeger `[{key, type, value}]`. */
export function jaegerTags(list: unknown): Attributes {
  const attributes: Attributes = new Map();
  if (!Array.isArray(list)) return attributes;
  for (const item of list) {
    if (!isRecord(item) || typeof item.key !== 'string' || !READ_KEYS.has(item.key)) continue;
    const text = scalar(item.value);
    if (text !== undefined) attributes.set(item.key, text);
  }
  return attributes;
}

/** Zipkin `{key: value}`. */
function zipkinTags(tags: unknown): Attributes {
  const attributes: Attributes = new Map();
  if (!isRecord(tags)) return attributes;
  for (const [key, value] of Object.entries(tags)) {
    if (!READ_KEYS.has(key)) continue;
    const text = scalar(value);
    if (text !== undefined) attributes.set(key, text);
  }
  return attributes;
}

/** A span that cannot be used, and why (the report counts them by reason). */
export class DroppedSpan {
  constructor(readonly reason: string) {}
}

/** Ids are only compared, never shown: any short string will do (hex, or base64 in some exports). */
const MAX_ID_CHARS = 64;

function spanId(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_ID_CHARS)
    throw new DroppedSpan(`no valid ${what}`);
  return value;
}

function optionalId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > MAX_ID_CHARS || /^0+$/.test(value))
    return undefined;
  return value;
}

/** Nanoseconds since the epoch, as OTLP writes them (a string or a number), in milliseconds. */
function nanosToMs(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.length <= 20 && value !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number / 1e6 : undefined;
}

function microsToMs(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d{1,17}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number / 1e3 : undefined;
}

/** Jaeger's `startTime` is microseconds; some exports write an ISO time instead. */
function jaegerStartMs(value: unknown): number | undefined {
  if (typeof value === 'string' && !/^\d+$/.test(value)) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  return microsToMs(value);
}

const OTLP_KINDS: Record<string, SpanKind> = {
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const NAMED_KINDS: Record<string, SpanKind> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

function kindOf(value: unknown): SpanKind {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 5)
    return value as SpanKind;
  if (typeof value === 'string') return OTLP_KINDS[value] ?? NAMED_KINDS[value.toLowerCase()] ?? 0;
  return 0;
}

export interface Where {
  line: number;
  path: readonly (string | number)[];
}

/** An OTLP span (`resourceSpans[].scopeSpans[].spans[]`); the service comes from its resource. */
export function otlpSpan(value: unknown, service: string | undefined, where: Where): SpanRecord {
  if (!isRecord(value)) throw new DroppedSpan('not an object');
  const start = nanosToMs(value.startTimeUnixNano);
  const end = nanosToMs(value.endTimeUnixNano);
  if (start === undefined || end === undefined || end < start)
    throw new DroppedSpan('no valid start and end time');
  const attributes = otlpAttributes(value.attributes);
  const status = isRecord(value.status) ? value.status.code : undefined;
  const error = status === 2 || status === 'STATUS_CODE_ERROR' || httpFailed(attributes);
  return describe(attributes, where, {
    traceId: spanId(value.traceId, 'trace id'),
    spanId: spanId(value.spanId, 'span id'),
    parentId: optionalId(value.parentSpanId),
    service,
    kind: kindOf(value.kind),
    shared: false,
    startMs: start,
    endMs: end,
    error,
  });
}

/** A Jaeger span (`data[].spans[]`, or `spans[]` of one trace); the service comes from `processes`. */
export function jaegerSpan(value: unknown, where: Where): SpanRecord {
  if (!isRecord(value)) throw new DroppedSpan('not an object');
  const start = jaegerStartMs(value.startTime);
  const duration = microsToMs(value.duration);
  if (start === undefined || duration === undefined)
    throw new DroppedSpan('no valid start time and duration');
  const attributes = jaegerTags(value.tags);
  const references = Array.isArray(value.references) ? value.references : [];
  const parent =
    references.find((reference) => isRecord(reference) && reference.refType === 'CHILD_OF') ?? references[0];
  const kindTag = attributes.get('span.kind');
  const inline =
    isRecord(value.process) && typeof value.process.serviceName === 'string'
      ? value.process.serviceName
      : undefined;
  const record = describe(attributes, where, {
    traceId: spanId(value.traceID, 'trace id'),
    spanId: spanId(value.spanID, 'span id'),
    parentId: optionalId(isRecord(parent) ? parent.spanID : value.parentSpanID),
    service: inline,
    kind: kindOf(kindTag),
    shared: false,
    startMs: start,
    endMs: start + duration,
    error:
      attributes.get('error') === 'true' ||
      attributes.get('otel.status_code') === 'ERROR' ||
      httpFailed(attributes),
  });
  if (inline === undefined && typeof value.processID === 'string') record.processId = value.processID;
  return record;
}

/** A Zipkin v2 span: its service is `localEndpoint.serviceName`. */
export function zipkinSpan(value: unknown, where: Where): SpanRecord {
  if (!isRecord(value)) throw new DroppedSpan('not an object');
  const start = microsToMs(value.timestamp);
  const duration = microsToMs(value.duration ?? 0);
  if (start === undefined || duration === undefined) throw new DroppedSpan('no valid timestamp and duration');
  const attributes = zipkinTags(value.tags);
  const local = isRecord(value.localEndpoint) ? value.localEndpoint : {};
  const remote = isRecord(value.remoteEndpoint) ? value.remoteEndpoint : {};
  const remoteName =
    typeof remote.serviceName === 'string' && remote.serviceName !== '' ? remote.serviceName : undefined;
  const record = describe(attributes, where, {
    traceId: spanId(value.traceId, 'trace id'),
    spanId: spanId(value.id, 'span id'),
    parentId: optionalId(value.parentId),
    service:
      typeof local.serviceName === 'string' && local.serviceName !== '' ? local.serviceName : undefined,
    kind: kindOf(value.kind),
    shared: value.shared === true,
    startMs: start,
    endMs: start + duration,
    error: attributes.has('error') || httpFailed(attributes),
  });
  // Zipkin names the far side of a call in the span itself: the best name for its target.
  if (remoteName !== undefined && record.kind === SPAN_KIND.client) record.target = remoteName;
  return record;
}

function httpFailed(attributes: Attributes): boolean {
  const status = Number(attributes.get('http.response.status_code') ?? attributes.get('http.status_code'));
  return Number.isInteger(status) && status >= 500;
}

/** The first of `keys` the attributes hold. */
function first(attributes: Attributes, ...keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = attributes.get(key);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

type Base = Omit<SpanRecord, 'protocol' | 'operation' | 'target' | 'db' | 'messaging' | 'line' | 'path'>;

/** What the attributes say about the call, current and older semantic-convention names alike. */
function describe(attributes: Attributes, where: Where, base: Base): SpanRecord {
  const rpcSystem = first(attributes, 'rpc.system', 'rpc.system.name');
  const method = first(attributes, 'http.request.method', 'http.method');
  const route = first(attributes, 'http.route', 'url.template');
  let protocol: Protocol | undefined;
  if (rpcSystem === 'grpc') protocol = 'grpc';
  else if (attributes.has('graphql.operation.name') || attributes.has('graphql.operation.type'))
    protocol = 'graphql';
  else if (
    method !== undefined ||
    route !== undefined ||
    first(attributes, 'url.full', 'http.url') !== undefined
  )
    protocol = 'rest';
  let operation: string | undefined;
  const rpcMethod = first(attributes, 'rpc.method');
  const rpcService = first(attributes, 'rpc.service');
  if (rpcMethod !== undefined) {
    operation =
      rpcService === undefined || rpcMethod.includes('/') ? rpcMethod : `${rpcService}/${rpcMethod}`;
  } else if (route !== undefined) {
    // gRPC over HTTP/2 seen as HTTP: `POST /pkg.Service/Method` is the method `pkg.Service/Method`.
    const grpcPath = /^\/([\w.]+\/\w+)$/.exec(route);
    operation =
      protocol === 'grpc' && grpcPath !== null
        ? grpcPath[1]
        : method === undefined
          ? route
          : `${method} ${route}`;
  } else if (attributes.has('graphql.operation.name')) {
    operation = attributes.get('graphql.operation.name');
  }
  return {
    traceId: base.traceId,
    spanId: base.spanId,
    parentId: base.parentId,
    service: base.service,
    kind: base.kind,
    shared: base.shared,
    startMs: base.startMs,
    endMs: base.endMs,
    error: base.error,
    protocol,
    operation: operation?.slice(0, 200),
    target: callTarget(attributes),
    db: attributes.size === 0 ? undefined : database(attributes),
    messaging: attributes.size === 0 ? undefined : messaging(attributes),
    line: where.line,
    path: where.path,
  };
}

const LOCAL_HOSTS = /^(localhost|0\.0\.0\.0|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

/** The service or host a call goes to: peer.service first, then the address, then the URL's host. */
function callTarget(attributes: Attributes): string | undefined {
  const named = first(attributes, 'peer.service', 'service.peer.name');
  if (named !== undefined) return named;
  const host = first(attributes, 'server.address', 'net.peer.name', 'net.host.name');
  if (host !== undefined && !LOCAL_HOSTS.test(host)) return host;
  const url = first(attributes, 'url.full', 'http.url');
  if (url !== undefined) {
    const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)/i.exec(url);
    if (match?.[1] !== undefined && !LOCAL_HOSTS.test(match[1])) return match[1];
  }
  return host;
}

const READS =
  /^(select|get|hget|hgetall|mget|find|findone|aggregate|count|scan|query|exists|read|lrange|smembers|zrange|keys|search|ttl)$/i;
const WRITES =
  /^(insert|update|delete|upsert|replace|set|hset|hmset|mset|setex|del|expire|incr|decr|lpush|rpush|sadd|zadd|put|write|create|drop|alter|truncate|merge|insertone|insertmany|updateone|updatemany|deleteone|deletemany|findandmodify|bulkwrite|commit)$/i;

function database(attributes: Attributes): SpanRecord['db'] {
  let system = first(attributes, 'db.system', 'db.system.name', 'db.type');
  let guessed: string | undefined;
  let name = first(attributes, 'db.namespace', 'db.name');
  // Spring's JDBC instrumentation (PetClinic) writes the connection URL under `database`.
  const jdbc = /^jdbc:([a-z0-9]+):(?:.*[/:])?([A-Za-z0-9_.-]+)(?:[;?].*)?$/i.exec(
    first(attributes, 'db.connection_string', 'database') ?? '',
  );
  if (system === undefined && jdbc !== null) {
    system = jdbc[1]?.toLowerCase();
    name ??= jdbc[2];
    guessed = `the JDBC URL ${first(attributes, 'db.connection_string', 'database')}`;
  }
  if (system === undefined) return undefined;
  const host = first(attributes, 'server.address', 'net.peer.name');
  name ??=
    host !== undefined && !LOCAL_HOSTS.test(host)
      ? host
      : first(attributes, 'peer.service', 'service.peer.name');
  const statement = first(
    attributes,
    'db.operation.name',
    'db.operation',
    'db.query.text',
    'db.statement',
    'sql',
    'query',
  );
  const verb = statement?.trim().split(/\s+/)[0] ?? '';
  const access = READS.test(verb) ? 'read' : WRITES.test(verb) ? 'write' : undefined;
  return { system: system.toLowerCase(), name, access, ...(guessed === undefined ? {} : { guessed }) };
}

function messaging(attributes: Attributes): SpanRecord['messaging'] {
  const destination = first(
    attributes,
    'messaging.destination.name',
    'messaging.destination',
    'messaging.destination.template',
  );
  if (destination === undefined) return undefined;
  return { system: first(attributes, 'messaging.system'), destination: destination.slice(0, 200) };
}
