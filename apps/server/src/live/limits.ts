import { MAX_DEPTH } from '@meshplan/model';

/**
 * What one live connection, room and server may use. Every figure is an environment variable
 * (apps/server/README.md, "Security and limits"); the defaults hold a review of 20 editors and
 * 200 viewers on one model with room to spare.
 */
export interface LiveLimits {
  /** Largest binary frame (a document update or a full sync), bytes. */
  maxFrameBytes: number;
  /** Largest presence state (JSON) a peer may set, bytes. */
  maxPresenceBytes: number;
  /** Messages a connection may send a second (bursts up to twice that). */
  messagesPerSecond: number;
  /** Bytes of document changes a connection may send a minute. */
  writeBytesPerMinute: number;
  /** People in one room. */
  maxPeersPerRoom: number;
  /** Open live sockets from one address. */
  maxSocketsPerAddress: number;
  /** Open live sockets on this server. */
  maxSockets: number;
  /** Data queued for a connection that does not read; past it the connection is closed. */
  sendBufferBytes: number;
  /** A connection's requests for the whole document are answered at most once per this interval. */
  fullStateIntervalMs: number;
  /** Largest model a live room keeps, JSON bytes (as the REST API's body limit). */
  maxModelBytes: number;
  /** How deep a model may nest, counted as the REST API counts (the model's MAX_DEPTH). */
  maxDepth: number;
  /** A connection that says nothing for this long after connecting is closed. */
  helloTimeoutMs: number;
  /** A room folds its changes into a revision once its authors pause this long (one revision per burst). */
  revisionPauseMs: number;
  /** However long a burst goes on, a revision is written at least this often. */
  revisionMaxDelayMs: number;
  /**
   * With several instances on one PostgreSQL database: how long a model's fold lease lasts unless
   * renewed. An instance that dies holding it is taken over after at most this long.
   */
  leaseMs: number;
  /** How often a room renews its lease (or tries to take an expired one over); well below `leaseMs`. */
  leaseRenewMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxFrameBytes: 5 * 1024 * 1024,
  maxPresenceBytes: 8 * 1024,
  messagesPerSecond: 100,
  writeBytesPerMinute: 32 * 1024 * 1024,
  maxPeersPerRoom: 250,
  maxSocketsPerAddress: 100,
  maxSockets: 5000,
  sendBufferBytes: 4 * 1024 * 1024,
  fullStateIntervalMs: 2000,
  maxModelBytes: 5 * 1024 * 1024,
  maxDepth: MAX_DEPTH,
  helloTimeoutMs: 10_000,
  revisionPauseMs: 30_000,
  revisionMaxDelayMs: 10 * 60_000,
  leaseMs: 15_000,
  leaseRenewMs: 5_000,
};

/** Environment variable of each limit. */
export const LIVE_LIMIT_VARIABLES: Record<keyof LiveLimits, string> = {
  maxFrameBytes: 'MESHPLAN_LIVE_MAX_FRAME_BYTES',
  maxPresenceBytes: 'MESHPLAN_LIVE_MAX_PRESENCE_BYTES',
  messagesPerSecond: 'MESHPLAN_LIVE_MESSAGES_PER_SECOND',
  writeBytesPerMinute: 'MESHPLAN_LIVE_WRITE_BYTES_PER_MINUTE',
  maxPeersPerRoom: 'MESHPLAN_LIVE_MAX_PEERS_PER_ROOM',
  maxSocketsPerAddress: 'MESHPLAN_LIVE_MAX_SOCKETS_PER_ADDRESS',
  maxSockets: 'MESHPLAN_LIVE_MAX_SOCKETS',
  sendBufferBytes: 'MESHPLAN_LIVE_SEND_BUFFER_BYTES',
  fullStateIntervalMs: 'MESHPLAN_LIVE_FULL_STATE_INTERVAL_MS',
  maxModelBytes: 'MESHPLAN_LIVE_MAX_MODEL_BYTES',
  maxDepth: 'MESHPLAN_LIVE_MAX_DEPTH',
  helloTimeoutMs: 'MESHPLAN_LIVE_HELLO_TIMEOUT_MS',
  revisionPauseMs: 'MESHPLAN_LIVE_REVISION_PAUSE_MS',
  revisionMaxDelayMs: 'MESHPLAN_LIVE_REVISION_MAX_DELAY_MS',
  leaseMs: 'MESHPLAN_LIVE_LEASE_MS',
  leaseRenewMs: 'MESHPLAN_LIVE_LEASE_RENEW_MS',
};

/** The limits from the environment; `read` parses one variable (a whole number) or gives the default. */
export function liveLimitsFrom(read: (name: string, fallback: number) => number): LiveLimits {
  const limits = { ...DEFAULT_LIVE_LIMITS };
  for (const key of Object.keys(limits) as (keyof LiveLimits)[]) {
    limits[key] = read(LIVE_LIMIT_VARIABLES[key], DEFAULT_LIVE_LIMITS[key]);
  }
  // A lease renewed less often than it lasts would lapse between renewals.
  if (limits.leaseRenewMs < 10 || limits.leaseRenewMs >= limits.leaseMs)
    throw new Error(
      `${LIVE_LIMIT_VARIABLES.leaseRenewMs} (${limits.leaseRenewMs}) must be at least 10 and below ${LIVE_LIMIT_VARIABLES.leaseMs} (${limits.leaseMs})`,
    );
  return limits;
}

/** A token bucket: `rate` a second, up to `burst` at once. */
export class Bucket {
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Takes `amount`; false when there is not that much left. */
  take(amount = 1): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
