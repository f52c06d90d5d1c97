import type { Rule } from '../types.js';
import chattyChain from './chatty-chain.js';
import chattyFanOut from './chatty-fan-out.js';
import chattyInterface from './chatty-interface.js';
import contextCoupling from './context-coupling.js';
import crossContextDatastore from './cross-context-datastore.js';
import disconnectedNode from './disconnected-node.js';
import duplicateName from './duplicate-name.js';
import emptyContext from './empty-context.js';
import godService from './god-service.js';
import missingGateway from './missing-gateway.js';
import missingHealthChecks from './missing-health-checks.js';
import missingObservability from './missing-observability.js';
import missingResilience from './missing-resilience.js';
import multiplePublishers from './multiple-publishers.js';
import orphanTopic from './orphan-topic.js';
import retryAmplification from './retry-amplification.js';
import sagaMissingCompensation from './saga-missing-compensation.js';
import sagaUnknownService from './saga-unknown-service.js';
import sharedDatastore from './shared-datastore.js';
import singleReplica from './single-replica.js';
import syncCycle from './sync-cycle.js';
import timeoutInversion from './timeout-inversion.js';
import ungroupedService from './ungrouped-service.js';
import unknownMessage from './unknown-message.js';
import unversionedApi from './unversioned-api.js';

/** Every rule of the catalog, keyed by id, in id order (a list, not a folder scan). */
export const RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  [chattyChain.meta.id, chattyChain],
  [chattyFanOut.meta.id, chattyFanOut],
  [chattyInterface.meta.id, chattyInterface],
  [contextCoupling.meta.id, contextCoupling],
  [crossContextDatastore.meta.id, crossContextDatastore],
  [disconnectedNode.meta.id, disconnectedNode],
  [duplicateName.meta.id, duplicateName],
  [emptyContext.meta.id, emptyContext],
  [godService.meta.id, godService],
  [missingGateway.meta.id, missingGateway],
  [missingHealthChecks.meta.id, missingHealthChecks],
  [missingObservability.meta.id, missingObservability],
  [missingResilience.meta.id, missingResilience],
  [multiplePublishers.meta.id, multiplePublishers],
  [orphanTopic.meta.id, orphanTopic],
  [retryAmplification.meta.id, retryAmplification],
  [sagaMissingCompensation.meta.id, sagaMissingCompensation],
  [sagaUnknownService.meta.id, sagaUnknownService],
  [sharedDatastore.meta.id, sharedDatastore],
  [singleReplica.meta.id, singleReplica],
  [syncCycle.meta.id, syncCycle],
  [timeoutInversion.meta.id, timeoutInversion],
  [ungroupedService.meta.id, ungroupedService],
  [unknownMessage.meta.id, unknownMessage],
  [unversionedApi.meta.id, unversionedApi],
]);
