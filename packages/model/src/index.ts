export { checkTextDepth, checkValueBounds, MAX_DEPTH } from './bounds.js';
export { dnsName, dnsNameHash, isDnsLabel } from './dns.js';
export {
  describeEdgeEnds,
  EDGE_ENDS,
  EDGE_KINDS,
  edgeFits,
  edgeKindsBetween,
  NODE_KINDS,
} from './edge-kinds.js';
export { EdgeRows, indexModel, ModelIndex } from './graph.js';
export { modelJsonSchema } from './json-schema.js';
export {
  EDGE_KIND_NAMES,
  edgeHeading,
  edgeKindName,
  edgeLabel,
  edgeSpoken,
  elementName,
  nodeNames,
} from './labels.js';
export {
  ModelValidationError,
  type ParseResult,
  parseModel,
  parseModelOrThrow,
  referenceErrors,
  structureErrors,
} from './parse.js';
export { formatError, formatPath } from './paths.js';
export {
  API_STYLES,
  BROKERS,
  DATA_ACCESS,
  DATASTORE_ENGINES,
  FORMAT,
  HTTP_METHODS,
  modelSchema,
  SEVERITIES,
  VIEW_LIMITS,
} from './schema.js';
export { type SyntheticOptions, syntheticModel } from './synthetic.js';
export type * from './types.js';
export {
  contextView,
  pruneViews,
  stubId,
  type ViewContents,
  type ViewEdge,
  type ViewStub,
  viewContents,
} from './views.js';
export { count, pluralOf, withArticle } from './words.js';
