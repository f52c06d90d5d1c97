import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { DEFAULT_LIMITS, type ServerConfig } from './config.js';
import { DEFAULT_LIVE_LIMITS, type LiveLimits } from './live/limits.js';
import { type RunningServer, startServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `server-postgres` project's cluster: its superuser URL (postgres-global-setup.ts); empty when PostgreSQL is missing. */
    postgresAdminUrl: string;
  }
}

export type TestOverrides = Omit<Partial<ServerConfig>, 'live'> & { live?: Partial<LiveLimits> };

/**
 * True in the `server-postgres` project (vitest.config.ts), which runs the store-facing tests again
 * with each test server on a PostgreSQL database of its own in a cluster the project started.
 */
export const onPostgres = process.env.MESHPLAN_TEST_STORE === 'postgres';

/**
 * The PostgreSQL database of a test server: one per data folder, so that a server started again
 * on the same folder (a restart, a crash) finds what the first one stored.
 */
export function testDatabaseUrl(dataDir: string): string {
  const admin = new URL(inject('postgresAdminUrl'));
  admin.pathname = `/meshplan_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
  return admin.toString();
}

/** Creates the database of `url` in the test cluster when it does not exist yet. */
export async function ensureTestDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${new URL(url).pathname.slice(1)}`);
  } catch (error) {
    // duplicate_database; or, when two servers on one folder start together, the catalog's unique index.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/** A server on a free port with a fresh database in a temporary folder (or `overrides.dataDir`). */
export async function testServer(
  overrides: TestOverrides = {},
): Promise<RunningServer & { dataDir: string }> {
  const config = testConfig(overrides);
  if (config.databaseUrl !== undefined) await ensureTestDatabase(config.databaseUrl);
  return { ...(await startServer(config)), dataDir: config.dataDir };
}

/** The configuration of a test server (for tests that start one another way: the built one, a logger). */
export function testConfig(overrides: TestOverrides = {}): ServerConfig {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'meshplan-server-'));
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    writeRateLimit: 100_000,
    bodyLimit: 5 * 1024 * 1024,
    webDir: join(dataDir, 'no-web-app'),
    // Test folders live on whatever disk the machine has: no floor unless a test sets one.
    limits: { ...DEFAULT_LIMITS, minFreeBytes: 0 },
    ...(onPostgres ? { databaseUrl: testDatabaseUrl(dataDir) } : {}),
    ...overrides,
    live: { ...DEFAULT_LIVE_LIMITS, ...overrides.live },
  };
}

export const minimalModel = { format: 'meshplan/v1', name: 'Tiny', nodes: [], edges: [] };

type ApiInit = RequestInit & { token?: string; json?: unknown; author?: string };

/** fetch on `<url>/api/v1`, with a bearer credential, a JSON body and an author name when given. */
export function apiClient(url: string) {
  return (path: string, init: ApiInit = {}) => {
    const headers = new Headers(init.headers);
    if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    if (init.author !== undefined) headers.set('x-author-name', encodeURIComponent(init.author));
    return fetch(`${url}/api/v1${path}`, {
      ...init,
      headers,
      body: init.json === undefined ? init.body : JSON.stringify(init.json),
    });
  };
}

/** Creates a model through the API of the server at `url`; returns its id and owner token. */
export async function createModel(
  url: string,
  model: unknown = minimalModel,
): Promise<{ id: string; token: string }> {
  const res = await apiClient(url)('/models', { method: 'POST', json: model });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

/** Makes a share link of a model through the API; returns its id and credential (shown only here). */
export async function createLink(
  url: string,
  model: { id: string; token: string },
  role: 'view' | 'comment' | 'edit',
  expiresAt?: string,
): Promise<{ id: string; credential: string }> {
  const res = await apiClient(url)(`/models/${model.id}/links`, {
    method: 'POST',
    token: model.token,
    json: expiresAt === undefined ? { role } : { role, expiresAt },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; credential: string };
}

/** Asserts an RFC 9457 problem of `status` and returns it. */
export async function expectProblem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(body.title).toEqual(expect.any(String));
  return body;
}

/** The built server (`npm run build`), which the crash tests run in a process of their own. */
export const builtServer = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Starts the built server on `port` with its data in `dataDir`; resolves once it listens. */
export async function startBuiltServer(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const databaseUrl = onPostgres ? testDatabaseUrl(dataDir) : undefined;
  if (databaseUrl !== undefined) await ensureTestDatabase(databaseUrl);
  const child = spawn(process.execPath, [builtServer], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MESHPLAN_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      MESHPLAN_WRITE_RATE_LIMIT: '1000000',
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Meshplan is running')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}
