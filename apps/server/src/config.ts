import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FanoutSettings } from './live/fanout.js';
import { type LiveLimits, liveLimitsFrom } from './live/limits.js';
import { isPostgresUrl, type PostgresSettings, postgresSettingsFrom } from './postgres.js';
import { DEFAULT_POOL_SETTINGS, type PoolSettings } from './worker-pool.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** Folder of `meshplan.db`; created when missing. */
  dataDir: string;
  logLevel: string;
  /** Writes (POST, PUT, DELETE) allowed per client per minute. */
  writeRateLimit: number;
  /** Largest JSON body, in bytes. */
  bodyLimit: number;
  /** Built web app to serve at `/`, when it exists. */
  webDir: string;
  /** Live editing: frame sizes, rates, sockets, buffers (live/limits.ts). */
  live: LiveLimits;
  /**
   * Proxies whose `X-Forwarded-For` is believed (addresses, CIDRs or express's presets such as
   * `loopback`); empty: none, the client is the peer of the TCP connection.
   */
  trustProxy?: string[];
  /** Request body bytes of writes allowed per client address per minute. */
  writeBytesPerMinute?: number;
  /** `/metrics` needs `Authorization: Bearer <this>` when set. */
  metricsToken?: string;
  /** `/metrics` is served on a listener of its own on this port (and `metricsHost`) when set. */
  metricsPort?: number;
  metricsHost?: string;
  /** Storage quotas and the free-space floor (quotas.ts). */
  limits?: StorageLimits;
  /** Revision retention (retention.ts). */
  retention?: RetentionPolicy;
  /** Worker threads for validation, lint, import and export (defaults: DEFAULT_POOL_SETTINGS). */
  pool?: PoolSettings;
  /** Exports and findings allowed per client per minute (default 60). */
  readRateLimit?: number;
  /** `DATABASE_URL`: a `postgres://` URL stores the models in PostgreSQL; unset, SQLite in `dataDir`. */
  databaseUrl?: string;
  /** PostgreSQL's pool size and timeouts (`MESHPLAN_PG_*`). */
  postgres?: PostgresSettings;
  /** This instance's name among those on one database (`MESHPLAN_INSTANCE_ID`; default host-pid-random). */
  instanceId?: string;
  /** How the live fan-out's listening connection reconnects (live/fanout.ts). */
  fanout?: FanoutSettings;
}

export interface StorageLimits {
  /** Bytes of one model: its revisions' bodies plus its comments' text. */
  maxModelBytes: number;
  /** Revisions one model may hold (after thinning, see retention). */
  maxRevisionsPerModel: number;
  /** Comments (thread openings and replies) on one model. */
  maxCommentsPerModel: number;
  /** Share links of one model, revoked ones included. */
  maxLinksPerModel: number;
  /** Models in the database. */
  maxModels: number;
  /** Bytes of every model together. */
  maxTotalBytes: number;
  /** Writes are refused while the data folder's file system has less free than this. */
  minFreeBytes: number;
}

export interface RetentionPolicy {
  /** Every revision younger than this many days is kept. */
  keepAllDays: number;
  /** Of revisions younger than this many days (and older than `keepAllDays`), the last of each hour. */
  keepHourlyDays: number;
  /** The newest this many revisions of a model are kept, however old. */
  keepLast: number;
  /** How often the background compaction runs (0: never; it still runs when a model is full). */
  intervalMs: number;
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: StorageLimits = {
  maxModelBytes: 200 * MB,
  maxRevisionsPerModel: 5000,
  maxCommentsPerModel: 5000,
  maxLinksPerModel: 200,
  maxModels: 10_000,
  maxTotalBytes: 10 * 1024 * MB,
  minFreeBytes: 256 * MB,
};

export const DEFAULT_RETENTION: RetentionPolicy = {
  keepAllDays: 7,
  keepHourlyDays: 30,
  keepLast: 100,
  intervalMs: 60 * 60 * 1000,
};

export const DEFAULT_READ_RATE_LIMIT = 60;

/** Reads the configuration from the environment (see apps/server/README.md). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  return {
    port: integer(env.PORT, 8080, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(cwd, env.MESHPLAN_DATA_DIR ?? 'data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    writeRateLimit: integer(env.MESHPLAN_WRITE_RATE_LIMIT, 600, 'MESHPLAN_WRITE_RATE_LIMIT'),
    bodyLimit: 5 * 1024 * 1024,
    webDir: resolve(cwd, env.MESHPLAN_WEB_DIR ?? 'apps/web/dist'),
    live: liveLimitsFrom((name, fallback) => integer(env[name], fallback, name)),
    trustProxy: list(env.TRUST_PROXY),
    writeBytesPerMinute: integer(
      env.MESHPLAN_WRITE_BYTES_PER_MINUTE,
      100 * MB,
      'MESHPLAN_WRITE_BYTES_PER_MINUTE',
    ),
    metricsToken: env.MESHPLAN_METRICS_TOKEN || undefined,
    metricsPort:
      env.METRICS_PORT === undefined || env.METRICS_PORT === ''
        ? undefined
        : integer(env.METRICS_PORT, 0, 'METRICS_PORT'),
    metricsHost: env.METRICS_HOST || '127.0.0.1',
    limits: {
      maxModelBytes: integer(
        env.MESHPLAN_MAX_MODEL_BYTES,
        DEFAULT_LIMITS.maxModelBytes,
        'MESHPLAN_MAX_MODEL_BYTES',
      ),
      maxRevisionsPerModel: integer(
        env.MESHPLAN_MAX_REVISIONS_PER_MODEL,
        DEFAULT_LIMITS.maxRevisionsPerModel,
        'MESHPLAN_MAX_REVISIONS_PER_MODEL',
      ),
      maxCommentsPerModel: integer(
        env.MESHPLAN_MAX_COMMENTS_PER_MODEL,
        DEFAULT_LIMITS.maxCommentsPerModel,
        'MESHPLAN_MAX_COMMENTS_PER_MODEL',
      ),
      maxLinksPerModel: integer(
        env.MESHPLAN_MAX_LINKS_PER_MODEL,
        DEFAULT_LIMITS.maxLinksPerModel,
        'MESHPLAN_MAX_LINKS_PER_MODEL',
      ),
      maxModels: integer(env.MESHPLAN_MAX_MODELS, DEFAULT_LIMITS.maxModels, 'MESHPLAN_MAX_MODELS'),
      maxTotalBytes: integer(
        env.MESHPLAN_MAX_TOTAL_BYTES,
        DEFAULT_LIMITS.maxTotalBytes,
        'MESHPLAN_MAX_TOTAL_BYTES',
      ),
      minFreeBytes: integer(
        env.MESHPLAN_MIN_FREE_BYTES,
        DEFAULT_LIMITS.minFreeBytes,
        'MESHPLAN_MIN_FREE_BYTES',
      ),
    },
    retention: {
      keepAllDays: integer(
        env.MESHPLAN_KEEP_ALL_REVISIONS_DAYS,
        DEFAULT_RETENTION.keepAllDays,
        'MESHPLAN_KEEP_ALL_REVISIONS_DAYS',
      ),
      keepHourlyDays: integer(
        env.MESHPLAN_KEEP_HOURLY_REVISIONS_DAYS,
        DEFAULT_RETENTION.keepHourlyDays,
        'MESHPLAN_KEEP_HOURLY_REVISIONS_DAYS',
      ),
      keepLast: integer(
        env.MESHPLAN_KEEP_LAST_REVISIONS,
        DEFAULT_RETENTION.keepLast,
        'MESHPLAN_KEEP_LAST_REVISIONS',
      ),
      intervalMs:
        integer(
          env.MESHPLAN_COMPACT_INTERVAL_SECONDS,
          DEFAULT_RETENTION.intervalMs / 1000,
          'MESHPLAN_COMPACT_INTERVAL_SECONDS',
        ) * 1000,
    },
    pool: {
      size: Math.max(2, integer(env.MESHPLAN_WORKERS, DEFAULT_POOL_SETTINGS.size, 'MESHPLAN_WORKERS')),
      jobTimeoutMs: Math.max(
        1,
        integer(env.MESHPLAN_JOB_TIMEOUT_MS, DEFAULT_POOL_SETTINGS.jobTimeoutMs, 'MESHPLAN_JOB_TIMEOUT_MS'),
      ),
      queueLimit: integer(
        env.MESHPLAN_JOB_QUEUE_LIMIT,
        DEFAULT_POOL_SETTINGS.queueLimit,
        'MESHPLAN_JOB_QUEUE_LIMIT',
      ),
    },
    readRateLimit: integer(env.MESHPLAN_READ_RATE_LIMIT, DEFAULT_READ_RATE_LIMIT, 'MESHPLAN_READ_RATE_LIMIT'),
    databaseUrl: databaseUrl(databaseUrlSetting(env, cwd)),
    postgres: postgresSettingsFrom(env),
    instanceId: instanceId(env.MESHPLAN_INSTANCE_ID),
  };
}

/**
 * `DATABASE_URL`, or the first line of the file `DATABASE_URL_FILE` names (a Docker or Compose
 * secret, so the password is in no environment listing). Both set is an error: which one wins
 * would be a guess.
 */
function databaseUrlSetting(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const file = env.DATABASE_URL_FILE;
  if (file === undefined || file === '') return env.DATABASE_URL;
  if (env.DATABASE_URL !== undefined && env.DATABASE_URL !== '')
    throw new Error('set DATABASE_URL or DATABASE_URL_FILE, not both');
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new Error(
      `DATABASE_URL_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const url = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (url === '') throw new Error(`DATABASE_URL_FILE: ${file} is empty`);
  return url;
}

/** An instance name as given (letters, digits, `.`, `_`, `-`; up to 30), or undefined for a generated one. */
function instanceId(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[A-Za-z0-9._-]{1,30}$/.test(value))
    throw new Error('MESHPLAN_INSTANCE_ID must be 1 to 30 letters, digits, dots, underscores or hyphens');
  // Two instances must never share a name (replicas of one Deployment get the same variable; a
  // container's pid is 1 every time): a random suffix all the same.
  return `${value}-${randomBytes(6).toString('base64url')}`;
}

/** Unset or empty: SQLite. A URL of another kind is an error, not a silent SQLite (the secret is not echoed). */
function databaseUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isPostgresUrl(value))
    throw new Error('DATABASE_URL must start with postgres:// or postgresql:// (unset it to use SQLite)');
  return value;
}

/** `a, b ,c` → ['a', 'b', 'c']; unset or empty → []. */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}
