import { resolve } from 'node:path';
import { type LiveLimits, liveLimitsFrom } from './live/limits.js';

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
}

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
  };
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}
