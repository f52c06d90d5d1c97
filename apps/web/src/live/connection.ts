import { LiveClient, type LiveClientEvents, type WebSocketConstructor } from '@meshplan/collab/client';
import type * as Y from 'yjs';

export type { LiveStatus } from '@meshplan/collab/client';
export type { LiveRole } from '@meshplan/collab/protocol';

/**
 * One person's connection to a model's live room: the shared `LiveClient` of @meshplan/collab
 * (the same one the server's tests and the load test drive) on the browser's WebSocket, at this
 * page's origin, keeping the editor's document in step. It reconnects with backoff; changes made
 * while offline go with the next sync.
 */
export function connectLive(
  modelId: string,
  credential: string,
  name: string,
  doc: Y.Doc,
  events: LiveClientEvents,
): LiveClient {
  const url = new URL(`/api/v1/models/${encodeURIComponent(modelId)}/live`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // The DOM types its handlers with `this: WebSocket`; the client needs only what both sockets have.
  const Socket = WebSocket as unknown as WebSocketConstructor;
  return new LiveClient({ url: url.href, credential, name, WebSocket: Socket, events, reconnect: true, doc });
}
