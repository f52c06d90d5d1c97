export { type BlastRadius, blastRadius, type Effect, type Impacted, UnknownNodeError } from './blast.js';
export {
  type LatencyBudget,
  type LatencyOptions,
  latencyBudget,
  retryAmplifications,
  type SyncLatency,
  syncLatency,
  timeoutInversions,
} from './latency.js';
export {
  blastRadiusText,
  chainInWords,
  figure,
  impactSentence,
  latencyText,
  msInWords,
  viaInWords,
} from './words.js';
