import { EventEmitter } from 'node:events';

/** Who wrote a revision: a REST request (PUT, restore, create) or a live room folding its changes. */
export type RevisionOrigin = 'rest' | 'live';

/**
 * What changed on a model, emitted by the store and its repositories after the change is
 * committed, for listeners that tell clients live (server.ts wires them to the live rooms). One
 * per store, passed in: no process-global emitter, so two servers in one process do not hear
 * each other.
 */
export class ModelEvents extends EventEmitter<{
  comments: [modelId: string];
  reviews: [modelId: string];
  links: [modelId: string];
  revision: [modelId: string, revision: number, origin: RevisionOrigin];
  deleted: [modelId: string];
}> {}
