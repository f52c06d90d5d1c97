import {
  CLOSE,
  carriesChanges,
  isSyncStep2,
  type LiveRole,
  readMessage,
  type ServerNotice,
  syncStep1,
  updateMessage,
} from '@meshplan/collab/protocol';
import { WebSocket } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

/**
 * A live peer in Node: what the editor does in the browser, for the tests and the load test. It
 * connects, says hello, syncs, sends every local change and counts the server's acknowledgements.
 */
export class LivePeer {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  role: LiveRole | undefined;
  sent = 0;
  acked = 0;
  readonly notices: ServerNotice[] = [];
  private readonly ws: WebSocket;
  /** Resolves with the first full sync, rejects with the close code when refused. */
  readonly ready: Promise<void>;

  constructor(baseUrl: string, modelId: string, credential: string, name: string) {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/models/${modelId}/live`;
    this.ws = new WebSocket(url);
    this.ws.binaryType = 'nodebuffer';
    this.ready = new Promise((resolve, reject) => {
      this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'hello', credential, name })));
      this.ws.on('close', (code) => reject(new Error(`closed: ${code}`)));
      this.ws.on('message', (data: Buffer, isBinary) => {
        if (!isBinary) {
          const notice = JSON.parse(String(data)) as ServerNotice;
          this.notices.push(notice);
          if (notice.type === 'ready') {
            this.role = notice.role;
            this.ws.send(syncStep1(this.doc));
          }
          return;
        }
        const bytes = new Uint8Array(data);
        const result = readMessage(bytes, this.doc, this.awareness, this, true);
        if (isSyncStep2(bytes)) resolve();
        if (result.reply !== undefined) this.send(result.reply, carriesChanges(result.reply));
        if (result.ack !== undefined) this.acked = result.ack;
      });
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.send(updateMessage(update), true);
    });
  }

  private send(data: Uint8Array, change: boolean): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(data);
    if (change) this.sent++;
  }

  /** Resolves when the server has acknowledged every change sent so far. */
  async settled(timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (this.acked < this.sent) {
      if (Date.now() - start > timeoutMs)
        throw new Error(`${this.sent - this.acked} changes not acknowledged`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
    });
  }
}

export { CLOSE };
