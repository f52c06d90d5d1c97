import type { z } from 'zod';
import type {
  apiSchema,
  clientNodeSchema,
  contextSchema,
  dataEdgeSchema,
  datastoreNodeSchema,
  edgeSchema,
  endpointSchema,
  externalNodeSchema,
  gatewayNodeSchema,
  messageSchema,
  modelSchema,
  nodeSchema,
  observedSchema,
  publishEdgeSchema,
  resilienceSchema,
  routeEdgeSchema,
  ruleSettingSchema,
  runtimeSchema,
  SEVERITIES,
  sagaSchema,
  sagaStepSchema,
  serviceNodeSchema,
  subscribeEdgeSchema,
  syncEdgeSchema,
  topicNodeSchema,
  viewSchema,
} from './schema.js';

export type Model = z.infer<typeof modelSchema>;
export type BoundedContext = z.infer<typeof contextSchema>;

export type Node = z.infer<typeof nodeSchema>;
export type NodeKind = Node['kind'];
export type ServiceNode = z.infer<typeof serviceNodeSchema>;
export type DatastoreNode = z.infer<typeof datastoreNodeSchema>;
export type TopicNode = z.infer<typeof topicNodeSchema>;
export type GatewayNode = z.infer<typeof gatewayNodeSchema>;
export type ClientNode = z.infer<typeof clientNodeSchema>;
export type ExternalNode = z.infer<typeof externalNodeSchema>;

export type Api = z.infer<typeof apiSchema>;
export type Endpoint = z.infer<typeof endpointSchema>;
export type Runtime = z.infer<typeof runtimeSchema>;
export type Message = z.infer<typeof messageSchema>;

export type Edge = z.infer<typeof edgeSchema>;
export type EdgeKind = Edge['kind'];
export type SyncEdge = z.infer<typeof syncEdgeSchema>;
export type RouteEdge = z.infer<typeof routeEdgeSchema>;
export type PublishEdge = z.infer<typeof publishEdgeSchema>;
export type SubscribeEdge = z.infer<typeof subscribeEdgeSchema>;
export type DataEdge = z.infer<typeof dataEdgeSchema>;
export type Resilience = z.infer<typeof resilienceSchema>;
/** What tracing saw on an edge: calls, errors, p50/p99 latency (ms), the window (ISO times). */
export type Observed = z.infer<typeof observedSchema>;

export type View = z.infer<typeof viewSchema>;
export type ViewPositions = NonNullable<View['positions']>;

export type Saga = z.infer<typeof sagaSchema>;
export type SagaStep = z.infer<typeof sagaStepSchema>;

export type Severity = (typeof SEVERITIES)[number];
export type RuleSetting = z.infer<typeof ruleSettingSchema>;

/** Narrow a node by kind: `NodeOfKind<'service'>` is `ServiceNode`. */
export type NodeOfKind<K extends NodeKind> = Extract<Node, { kind: K }>;
export type EdgeOfKind<K extends EdgeKind> = Extract<Edge, { kind: K }>;

/** Any element a finding or an error can point at. */
export type Element = BoundedContext | Node | Edge | Saga;

/** One problem in a model document: where (a JSON path like `edges[3].to`) and what, in a sentence. */
export interface ModelError {
  path: string;
  message: string;
}
