import { resolve } from 'node:path';
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
  /** Worker threads for validation, lint, import and export (defaults: DEFAULT_POOL_SETTINGS). */
  pool?: PoolSettings;
  /** Exports and findings allowed per client per minute (default 60). */
  readRateLimit?: number;
}

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
  };
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}
