import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  awarenessMessage,
  CLOSE,
  carriesChanges,
  isSyncStep2,
  type LiveRole,
  RETRYABLE_CLOSE,
  readMessage,
  type ServerNotice,
  syncStep1,
  updateMessage,
} from './protocol.js';

/** What the client needs of a WebSocket: the browser's, or the `ws` package's in Node. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array | string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'refused';

export interface LiveClientEvents {
  status?(status: LiveStatus, detail?: string): void;
  /** The first full sync with the server is done: the document holds the model. */
  synced?(): void;
  notice?(notice: ServerNotice): void;
  /** How many of the changes sent the server has on disk, of how many. */
  acknowledged?(acked: number, sent: number): void;
}

export interface LiveClientOptions {
  /** `ws(s)://host/api/v1/models/<id>/live`. */
  url: string;
  credential: string;
  name: string;
  WebSocket: WebSocketConstructor;
  events?: LiveClientEvents;
  /** Connect again (with backoff) after the connection drops for a reason worth retrying. */
  reconnect?: boolean;
  /** The document to keep in step (the editor's own); a new one if not given. */
  doc?: Y.Doc;
}

const OPEN = 1;
const MAX_NOTICES = 200;

/**
 * One person's connection to a model's live room (the protocol of ./protocol.ts): the editor in
 * the browser, the server's tests and the load test all use this class. It says hello, syncs the
 * Yjs document both ways, sends each local change and presence, counts the server's
 * acknowledgements, applies what the server sends (a refused change comes back undone), and
 * reconnects with backoff. Changes made while offline stay in the document and go with the next
 * sync.
 */
export class LiveClient {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  role: LiveRole | undefined;
  /** Frames carrying changes sent on this connection, and how many of them the server has on disk. */
  sent = 0;
  acked = 0;
  /** The last notices the server sent, newest last. */
  readonly notices: ServerNotice[] = [];
  /** The close code of the last connection, once it closed. */
  closeCode: number | undefined;
  /** Resolves at the first full sync; rejects when the server refuses this credential. */
  readonly ready: Promise<void>;
  private ws: WebSocketLike | undefined;
  private connected = false;
  private synced = false;
  private retry = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A document given to the client is its owner's to destroy. */
  private readonly ownsDoc: boolean;
  private settle: { resolve(): void; reject(error: Error): void } | undefined;

  constructor(private readonly options: LiveClientOptions) {
    this.ownsDoc = options.doc === undefined;
    this.doc = options.doc ?? new Y.Doc();
    this.awareness = new Awareness(this.doc);
    this.ready = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Nobody has to wait for `ready` to learn of a refusal: it is also a status.
    this.ready.catch(() => undefined);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        if (origin !== 'local' || !this.connected) return;
        this.send(awarenessMessage(this.awareness, [...added, ...updated, ...removed]), false);
      },
    );
    this.connect();
  }

  /** Sends this side's changes to the room as they are made (what came from the room is not sent back). */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this || !this.connected) return;
    this.send(updateMessage(update), true);
  };

  /** Whether this credential may change the document (known once the server said `ready`). */
  get mayWrite(): boolean {
    return this.role === 'owner' || this.role === 'edit';
  }

  private get events(): LiveClientEvents {
    return this.options.events ?? {};
  }

  /** Sends raw bytes as they are (tests use it to send what a hostile client would). */
  sendRaw(data: Uint8Array | string): void {
    if (this.ws?.readyState === OPEN) this.ws.send(data);
  }

  private send(data: Uint8Array, change: boolean): void {
    if (this.ws?.readyState !== OPEN) return;
    this.ws.send(data);
    // A view or comment link changes nothing, so the server acknowledges nothing it sends: counted,
    // its frames (its sync answers included) would leave it "saving" for ever.
    if (change && this.mayWrite) {
      this.sent++;
      this.events.acknowledged?.(this.acked, this.sent);
    }
  }

  private connect(): void {
    this.events.status?.('connecting');
    const ws = new this.options.WebSocket(this.options.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    // A failed connection also closes: the close handler decides what happens next.
    ws.onerror = () => undefined;
    ws.onopen = () =>
      ws.send(
        JSON.stringify({ type: 'hello', credential: this.options.credential, name: this.options.name }),
      );
    ws.onmessage = ({ data }) => {
      if (typeof data === 'string') {
        this.onNotice(JSON.parse(data) as ServerNotice);
        return;
      }
      const bytes = new Uint8Array(data as ArrayBuffer);
      // The room's whole state arrives once, as the first step 2. It comes from the server, so it is
      // not sent back: with no 'update' listener while it is applied, Yjs does not encode it again
      // (at 1,000 services that encoding alone took 45 ms of the opening).
      const firstState = !this.synced && isSyncStep2(bytes);
      if (firstState) this.doc.off('update', this.onDocUpdate);
      let result: ReturnType<typeof readMessage>;
      try {
        result = readMessage(bytes, this.doc, this.awareness, this, true);
      } finally {
        if (firstState) this.doc.on('update', this.onDocUpdate);
      }
      // The server's step 2 answers ours: from then on the document is the model.
      if (isSyncStep2(bytes) && !this.synced) {
        this.synced = true;
        this.events.synced?.();
        this.settle?.resolve();
      }
      if (result.reply !== undefined) this.send(result.reply, carriesChanges(result.reply));
      if (result.ack !== undefined) {
        this.acked = result.ack;
        this.events.acknowledged?.(this.acked, this.sent);
      }
    };
    ws.onclose = ({ code }) => {
      this.connected = false;
      this.closeCode = code;
      if (this.closed) return;
      const retry = this.options.reconnect !== false && (code < 4000 || RETRYABLE_CLOSE.includes(code));
      if (!retry) {
        this.events.status?.('refused', refusal(code));
        this.settle?.reject(new Error(`closed: ${code}`));
        return;
      }
      this.events.status?.('offline');
      // Counts start again with the new connection; what was not acknowledged goes with the next sync.
      this.sent = 0;
      this.acked = 0;
      if (code === CLOSE.handover) {
        // The instance stopped and handed over: another one serves now. A little spread (up to
        // 100 ms) so that its clients do not all arrive in the same millisecond.
        this.timer = setTimeout(() => this.connect(), Math.floor(Math.random() * 100));
        return;
      }
      this.retry = Math.min(this.retry + 1, 5);
      this.timer = setTimeout(() => this.connect(), 500 * this.retry);
    };
  }

  private onNotice(notice: ServerNotice): void {
    this.notices.push(notice);
    if (this.notices.length > MAX_NOTICES) this.notices.shift();
    if (notice.type === 'ready') {
      this.connected = true;
      this.retry = 0;
      this.role = notice.role;
      this.send(syncStep1(this.doc), false);
      if (this.awareness.getLocalState() !== null)
        this.send(awarenessMessage(this.awareness, [this.doc.clientID]), false);
      this.events.status?.('live');
    }
    this.events.notice?.(notice);
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

  /** Leaves: presence goes, the socket closes, the document is destroyed (if the client made it). */
  close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    return new Promise<void>((resolve) => {
      const finish = () => {
        if (this.ownsDoc) this.doc.destroy();
        else this.awareness.destroy();
        resolve();
      };
      if (ws === undefined || ws.readyState > OPEN) return finish();
      removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
      const previous = ws.onclose;
      ws.onclose = (event) => {
        previous?.(event);
        finish();
      };
      ws.close(1000, 'left');
    });
  }
}

function refusal(code: number): string {
  switch (code) {
    case CLOSE.gone:
      return 'This link has expired.';
    case CLOSE.notFound:
    case CLOSE.unauthorized:
    case CLOSE.forbidden:
      return 'This link no longer opens the model.';
    case CLOSE.tooLarge:
      return 'A change was too large for the server.';
    default:
      return `The server ended the session (${code}).`;
  }
}
