import { z } from 'zod';
// Before any schema is built: no eval probe in browsers (see browser-csp.ts).
import './browser-csp.js';

/**
 * The runtime schema of format `meshplan/v1` (see ../shared/spec/model-format.md).
 * Every object is a `looseObject`: fields this version does not know are kept, so a
 * model written by a newer tool survives a round trip through this one.
 */

export const FORMAT = 'meshplan/v1';

export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-"');

const text = z.string();
const stringList = z.array(z.string());
const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

export const positionSchema = z.looseObject({ x: z.number(), y: z.number() });
export const sizeSchema = z.looseObject({
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
});

/** A JSON Schema document as the model carries it (request, response, message payload). */
export const jsonSchemaSchema = z.record(z.string(), z.unknown());

export const contextSchema = z.looseObject({
  id: idSchema,
  name: text,
  description: text.optional(),
  responsibilities: stringList.optional(),
  entities: stringList.optional(),
  team: text.optional(),
  position: positionSchema.optional(),
  size: sizeSchema.optional(),
});

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const API_STYLES = ['rest', 'grpc', 'graphql'] as const;

export const endpointSchema = z.looseObject({
  method: z.enum(HTTP_METHODS).optional(),
  path: z.string().min(1, 'must not be empty'),
  summary: text.optional(),
  request: jsonSchemaSchema.optional(),
  response: jsonSchemaSchema.optional(),
  status: z.number().int().min(100).max(599).optional(),
});

export const apiSchema = z.looseObject({
  style: z.enum(API_STYLES),
  version: text.optional(),
  endpoints: z.array(endpointSchema).optional(),
});

export const autoscaleSchema = z.looseObject({
  min: positiveInt,
  max: positiveInt,
  cpuPercent: z.number().int().min(1).max(100),
});

export const runtimeSchema = z.looseObject({
  image: text.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  replicas: nonNegativeInt.optional(),
  cpu: text.optional(),
  memory: text.optional(),
  cpuLimit: text.optional(),
  memoryLimit: text.optional(),
  health: text.optional(),
  readiness: text.optional(),
  env: z.record(z.string(), z.string()).optional(),
  autoscale: autoscaleSchema.optional(),
  /** Where the image is built from (a compose `build:` context), when it is built rather than pulled. */
  build: text.optional(),
  /** Ports published to the host as written (`"8080:80"`), beside `port`, the one served inside. */
  published: z.array(text).max(64).optional(),
});

export const observabilitySchema = z.looseObject({
  tracing: z.boolean().optional(),
  metrics: z.boolean().optional(),
  logging: z.boolean().optional(),
});

export const messageSchema = z.looseObject({
  name: z.string().min(1, 'must not be empty'),
  version: z.number().optional(),
  payload: jsonSchemaSchema.optional(),
});

const nodeBase = {
  id: idSchema,
  name: text,
  description: text.optional(),
  context: idSchema.optional(),
  team: text.optional(),
  position: positionSchema.optional(),
};

export const DATASTORE_ENGINES = [
  'postgres',
  'mysql',
  'mongodb',
  'redis',
  'cassandra',
  'elasticsearch',
  'dynamodb',
  'other',
] as const;
export const BROKERS = ['kafka', 'rabbitmq', 'nats', 'sns-sqs', 'other'] as const;

export const serviceNodeSchema = z.looseObject({
  ...nodeBase,
  kind: z.literal('service'),
  responsibilities: stringList.optional(),
  entities: stringList.optional(),
  api: apiSchema.optional(),
  runtime: runtimeSchema.optional(),
  observability: observabilitySchema.optional(),
});
export const datastoreNodeSchema = z.looseObject({
  ...nodeBase,
  kind: z.literal('datastore'),
  engine: z.enum(DATASTORE_ENGINES),
  /** How it is deployed, where known (an import): exported as is instead of the engine's usual image. */
  runtime: runtimeSchema.optional(),
});
export const topicNodeSchema = z.looseObject({
  ...nodeBase,
  kind: z.literal('topic'),
  broker: z.enum(BROKERS),
  messages: z.array(messageSchema).optional(),
  /** The broker's container, where known (an import): the topics of one broker share it. */
  runtime: runtimeSchema.optional(),
});
export const gatewayNodeSchema = z.looseObject({
  ...nodeBase,
  kind: z.literal('gateway'),
  product: text.optional(),
  /** How it is deployed, where known (an import): exported as a container of its own. */
  runtime: runtimeSchema.optional(),
});
export const clientNodeSchema = z.looseObject({ ...nodeBase, kind: z.literal('client') });
export const externalNodeSchema = z.looseObject({ ...nodeBase, kind: z.literal('external') });

export const nodeSchema = z.discriminatedUnion('kind', [
  serviceNodeSchema,
  datastoreNodeSchema,
  topicNodeSchema,
  gatewayNodeSchema,
  clientNodeSchema,
  externalNodeSchema,
]);

/** An ISO 8601 date-time (`2026-08-19T10:00:00.000Z`): the bounds of an observation window. */
const isoTime = z.iso.datetime({ offset: true });

/**
 * What tracing saw on an edge (see ../shared/spec/drift.md): how many calls and how many of them
 * failed, the median and 99th-percentile latency in milliseconds, and the window they were seen in.
 */
export const observedSchema = z.looseObject({
  calls: nonNegativeInt,
  errors: nonNegativeInt,
  p50Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative(),
  from: isoTime,
  to: isoTime,
});

const edgeBase = {
  id: idSchema,
  from: idSchema,
  to: idSchema,
  description: text.optional(),
  observed: observedSchema.optional(),
};

export const resilienceSchema = z.looseObject({
  timeoutMs: positiveInt.optional(),
  retries: nonNegativeInt.optional(),
  circuitBreaker: z.boolean().optional(),
});

export const syncEdgeSchema = z.looseObject({
  ...edgeBase,
  kind: z.literal('sync'),
  protocol: z.enum(API_STYLES),
  operations: stringList.optional(),
  resilience: resilienceSchema.optional(),
});
export const routeEdgeSchema = z.looseObject({
  ...edgeBase,
  kind: z.literal('route'),
  paths: stringList.optional(),
});
export const publishEdgeSchema = z.looseObject({
  ...edgeBase,
  kind: z.literal('publish'),
  messages: stringList.optional(),
});
export const subscribeEdgeSchema = z.looseObject({
  ...edgeBase,
  kind: z.literal('subscribe'),
  messages: stringList.optional(),
});
export const DATA_ACCESS = ['read', 'write', 'readwrite'] as const;
export const dataEdgeSchema = z.looseObject({
  ...edgeBase,
  kind: z.literal('data'),
  access: z.enum(DATA_ACCESS),
});

export const edgeSchema = z.discriminatedUnion('kind', [
  syncEdgeSchema,
  routeEdgeSchema,
  publishEdgeSchema,
  subscribeEdgeSchema,
  dataEdgeSchema,
]);

export const sagaStepSchema = z.looseObject({
  service: idSchema,
  action: z.string().min(1, 'must not be empty'),
  compensation: text.optional(),
  pivot: z.boolean().optional(),
});

export const sagaSchema = z.looseObject({
  id: idSchema,
  name: text,
  style: z.enum(['orchestrated', 'choreographed']),
  orchestrator: idSchema.optional(),
  steps: z.array(sagaStepSchema),
});

export const SEVERITIES = ['error', 'warning', 'info'] as const;

/** `settings.rules[id]`: a level, or an object with an optional severity and the rule's options. */
export const ruleSettingSchema = z.union([
  z.enum(['off', ...SEVERITIES]),
  z.looseObject({ severity: z.enum(['off', ...SEVERITIES]).optional() }),
]);

export const settingsSchema = z.looseObject({
  rules: z.record(z.string(), ruleSettingSchema).optional(),
});

/** How many saved views a model may hold, and how many elements one view may list. */
export const VIEW_LIMITS = { views: 500, elements: 20_000, name: 200 } as const;

/**
 * A saved view: some of the model's contexts and nodes, each at a position of the view's own
 * (absent: placed like an unplaced element). Which ids it may name is a reference check (parse.ts).
 */
export const viewSchema = z.looseObject({
  id: idSchema,
  name: z
    .string()
    .min(1, 'must not be empty')
    .max(VIEW_LIMITS.name, `must be at most ${VIEW_LIMITS.name} characters`),
  description: text.optional(),
  elements: z.array(idSchema).max(VIEW_LIMITS.elements, `may list at most ${VIEW_LIMITS.elements} elements`),
  positions: z.record(idSchema, positionSchema).optional(),
});

export const modelSchema = z.looseObject({
  format: z.literal(FORMAT),
  id: idSchema.optional(),
  name: text,
  description: text.optional(),
  contexts: z.array(contextSchema).optional(),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  sagas: z.array(sagaSchema).optional(),
  settings: settingsSchema.optional(),
  views: z.array(viewSchema).max(VIEW_LIMITS.views, `may hold at most ${VIEW_LIMITS.views} views`).optional(),
});
