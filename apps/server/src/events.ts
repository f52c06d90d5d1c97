import { EventEmitter } from 'node:events';

/**
 * What changed on a model, for listeners that tell clients live (the WebSocket code):
 * `('comments', modelId)`, `('reviews', modelId)`, `('revision', modelId, revisionNumber)`, `('links', modelId)`, `('deleted', modelId)`.
 * Emitted after the change is committed.
 */
export const modelEvents = new EventEmitter();
