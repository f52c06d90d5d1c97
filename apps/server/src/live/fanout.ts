import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import pg from 'pg';
import type { Logger } from 'pino';
import type { RevisionOrigin } from '../events.js';

/** The channel every instance LISTENs on (per database: instances of another database never hear it). */
export const FANOUT_CHANNEL = 'meshplan_live';
/**
 * PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more: a message is kept below this, and an
 * update too large to go inline goes by reference (its rows in `live_updates`).
 */
export const MAX_PAYLOAD_BYTES = 7900;

/** What one instance tells the others; `i` is the sender, `m` the model. Short keys: every byte counts. */
export type FanoutMessage =
  /** Rows `a`..`b` of `live_updates` were committed; `d` is their update (base64) when it fits. */
  | { k: 'u'; i: string; m: string; a: number; b: number; d?: string }
  /** A presence (awareness) update of people connected to the sender, base64. */
  | { k: 'p'; i: string; m: string; d: string }
  /** A revision was written (`o`: by the REST API or by a room's fold). */
  | { k: 'r'; i: string; m: string; n: number; o: RevisionOrigin }
  /** Comments, reviews or links changed; the model was deleted. */
  | { k: 'e'; i: string; m: string; e: 'comments' | 'reviews' | 'links' | 'deleted' }
  /** The sender let go of the model's fold lease: whoever has the room may take it now. */
  | { k: 'l'; i: string; m: string };

export type FanoutStatus = 'local' | 'listening' | 'down';

export interface FanoutSettings {
  /** First wait before connecting again after the listening connection dropped, ms (doubles up to `maxBackoffMs`). */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_FANOUT_SETTINGS: FanoutSettings = { backoffMs: 100, maxBackoffMs: 5000 };

/**
 * A name for this process that tells it apart in leases, logs and pg_stat_activity (at most 41
 * characters: `meshplan-listen/<id>` must fit PostgreSQL's 63 of application_name).
 */
export function newInstanceId(): string {
  return `${hostname().slice(0, 24)}-${process.pid}-${randomBytes(6).toString('base64url')}`;
}

/**
 * How live rooms hear what other instances did. With PostgreSQL: a connection of its own (never
 * one of the pool's, which come and go) holds `LISTEN meshplan_live`; messages are sent with
 * `pg_notify` on the store's connections (inside the transaction that wrote the rows, so they go
 * out at commit). When the listening connection drops it connects again with backoff and emits
 * `resync`: what was sent meanwhile was missed, and every room catches up from the database.
 * Without PostgreSQL (SQLite: one process) there is nobody to tell: `local`, nothing sent.
 */
export class Fanout extends EventEmitter<{
  message: [message: FanoutMessage];
  /** The listening connection is back after a gap: catch up from the database. */
  resync: [];
  status: [status: FanoutStatus];
}> {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private backoff: number;
  private stopped = false;
  private everListened = false;
  status: FanoutStatus;
  /** Messages received from other instances, sent, and reconnections (for tests and /metrics). */
  readonly counts = { received: 0, sent: 0, reconnects: 0, dropped: 0 };

  constructor(
    readonly instanceId: string,
    /** `postgres://…`, or undefined for one process alone. */
    private readonly url: string | undefined,
    private readonly send: (channel: string, payload: string) => Promise<void>,
    private readonly logger: Logger,
    private readonly settings: FanoutSettings = DEFAULT_FANOUT_SETTINGS,
  ) {
    super();
    this.backoff = settings.backoffMs;
    this.status = url === undefined ? 'local' : 'down';
  }

  /** Whether other instances may exist (PostgreSQL). */
  get shared(): boolean {
    return this.url !== undefined;
  }

  /** Starts listening; resolves once listening (or after the first failure: it keeps trying). */
  async start(): Promise<void> {
    if (this.url === undefined) return;
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.url === undefined) return;
    const client = new pg.Client({
      connectionString: this.url,
      application_name: `meshplan-listen/${this.instanceId}`,
      keepAlive: true,
    });
    this.client = client;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.setStatus('down');
      this.logger.warn({ err: error, retryMs: this.backoff }, 'live fan-out: listening connection lost');
      clearTimeout(this.retry);
      this.retry = setTimeout(() => void this.connect(), this.backoff);
      this.retry.unref();
      this.backoff = Math.min(this.backoff * 2, this.settings.maxBackoffMs);
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('connection ended')));
    client.on('notification', (notification) => {
      if (notification.channel !== FANOUT_CHANNEL || notification.payload === undefined) return;
      const message = parseMessage(notification.payload);
      if (message === undefined) {
        this.counts.dropped++;
        return;
      }
      if (message.i === this.instanceId) return;
      this.counts.received++;
      this.emit('message', message);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${FANOUT_CHANNEL}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (failed || this.stopped) return;
    this.backoff = this.settings.backoffMs;
    const again = this.everListened;
    this.everListened = true;
    this.setStatus('listening');
    if (again) {
      this.counts.reconnects++;
      this.logger.info('live fan-out: listening again; rooms catch up from the database');
      this.emit('resync');
    }
  }

  private setStatus(status: FanoutStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  /**
   * Tells the other instances. Inside a store transaction the NOTIFY goes out at its commit. A
   * message that does not fit is dropped and logged (callers keep theirs below the limit).
   */
  async publish(message: FanoutMessage): Promise<void> {
    if (this.url === undefined || this.stopped) return;
    const payload = JSON.stringify(message);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      this.logger.warn({ kind: message.k, model: message.m }, 'live fan-out: message too large, not sent');
      return;
    }
    await this.send(FANOUT_CHANNEL, payload);
    this.counts.sent++;
  }

  /** Publishes without waiting; a failure is logged (the database is down: rooms fail on their own writes). */
  tell(message: FanoutMessage): void {
    this.publish(message).catch((error: unknown) =>
      this.logger.warn({ err: error, kind: message.k }, 'live fan-out: could not publish'),
    );
  }

  /** Cuts the listening connection as if the network had (tests): it reconnects with backoff. */
  dropConnectionForTest(): void {
    this.client?.emit('error', new Error('dropped by a test'));
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

const MODEL_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KINDS = new Set(['comments', 'reviews', 'links', 'deleted']);

/** A message as sent by `publish`, or undefined: anything else on the channel is ignored. */
export function parseMessage(payload: string): FanoutMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.i !== 'string' || typeof m.m !== 'string' || !MODEL_ID.test(m.m)) return undefined;
  switch (m.k) {
    case 'u':
      return Number.isSafeInteger(m.a) &&
        Number.isSafeInteger(m.b) &&
        (m.d === undefined || typeof m.d === 'string')
        ? (m as FanoutMessage)
        : undefined;
    case 'p':
      return typeof m.d === 'string' ? (m as FanoutMessage) : undefined;
    case 'r':
      return Number.isSafeInteger(m.n) && (m.o === 'rest' || m.o === 'live')
        ? (m as FanoutMessage)
        : undefined;
    case 'e':
      return typeof m.e === 'string' && KINDS.has(m.e) ? (m as FanoutMessage) : undefined;
    case 'l':
      return m as FanoutMessage;
    default:
      return undefined;
  }
}
