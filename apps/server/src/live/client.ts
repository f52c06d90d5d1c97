import { LiveClient, type WebSocketConstructor } from '@meshplan/collab/client';
import { WebSocket } from 'ws';

/**
 * A live peer in Node: the editor's own client (`LiveClient` of @meshplan/collab) on the `ws`
 * package's WebSocket, for the server's tests and the load test. It does not reconnect unless
 * asked: a test wants to see the close.
 */
export class LivePeer extends LiveClient {
  constructor(baseUrl: string, modelId: string, credential: string, name: string, reconnect = false) {
    super({
      url: `${baseUrl.replace(/^http/, 'ws')}/api/v1/models/${modelId}/live`,
      credential,
      name,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      reconnect,
    });
  }
}
