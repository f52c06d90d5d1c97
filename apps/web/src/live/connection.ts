import {
  awarenessMessage,
  CLOSE,
  carriesChanges,
  isSyncStep2,
  type LiveRole,
  readMessage,
  type ServerNotice,
  syncStep1,
  updateMessage,
} from '@meshplan/collab/protocol';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'refused';

export interface LiveEvents {
  status(status: LiveStatus, detail?: string): void;
  /** The first full sync with the server is done: the document holds the model. */
  synced(): void;
  notice(notice: ServerNotice): void;
  /** How many of the changes sent the server has on disk, of how many. */
  acknowledged(acked: number, sent: number): void;
}

/**
 * One person's WebSocket to a model's live room (protocol in @meshplan/collab): the Yjs document
 * and presence, kept in sync, reconnecting with backoff. Changes made while offline stay in the
 * document and go with the next sync.
 */
export class LiveConnection {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  role: LiveRole | undefined;
  private ws: WebSocket | undefined;
  private ready = false;
  private synced = false;
  private sent = 0;
  private acked = 0;
  private retry = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly modelId: string,
    private readonly credential: string,
    private readonly name: string,
    private readonly events: LiveEvents,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || !this.ready) return;
      this.send(updateMessage(update), true);
    });
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        if (origin !== 'local' || !this.ready) return;
        this.send(awarenessMessage(this.awareness, [...added, ...updated, ...removed]), false);
      },
    );
    this.connect();
  }

  private send(data: Uint8Array, change: boolean): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.ws.send(data);
    if (change) {
      this.sent++;
      this.events.acknowledged(this.acked, this.sent);
    }
  }

  private connect(): void {
    this.events.status('connecting');
    const url = new URL(`/api/v1/models/${encodeURIComponent(this.modelId)}/live`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () =>
      ws.send(JSON.stringify({ type: 'hello', credential: this.credential, name: this.name }));
    ws.onmessage = (event) => {
      if (typeof event.data === 'string') return this.onNotice(JSON.parse(event.data) as ServerNotice);
      const bytes = new Uint8Array(event.data as ArrayBuffer);
      const result = readMessage(bytes, this.doc, this.awareness, this, true);
      // The server's step 2 answers ours: from then on the document is the model.
      if (isSyncStep2(bytes) && !this.synced) {
        this.synced = true;
        this.events.synced();
      }
      if (result.reply !== undefined) this.send(result.reply, carriesChanges(result.reply));
      if (result.ack !== undefined) {
        this.acked = result.ack;
        this.events.acknowledged(this.acked, this.sent);
      }
    };
    ws.onclose = (event) => {
      this.ready = false;
      if (this.closed) return;
      const refused = [CLOSE.unauthorized, CLOSE.forbidden, CLOSE.notFound, CLOSE.gone] as number[];
      if (refused.includes(event.code)) {
        this.events.status(
          'refused',
          event.code === CLOSE.gone ? 'This link has expired.' : 'This link no longer opens the model.',
        );
        return;
      }
      this.events.status('offline');
      // Counts start again with the new connection; what was not acknowledged goes with the next sync.
      this.sent = 0;
      this.acked = 0;
      this.retry = Math.min(this.retry + 1, 5);
      this.timer = setTimeout(() => this.connect(), 500 * this.retry);
    };
  }

  private onNotice(notice: ServerNotice): void {
    if (notice.type === 'ready') {
      this.ready = true;
      this.retry = 0;
      this.role = notice.role;
      this.send(syncStep1(this.doc), false);
      if (this.awareness.getLocalState() !== null)
        this.send(awarenessMessage(this.awareness, [this.doc.clientID]), false);
      this.events.status('live');
    }
    this.events.notice(notice);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
    this.ws?.close(1000, 'left');
    this.doc.destroy();
  }
}
