import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { SqlDatabase } from './db.js';

/** The PostgreSQL settings that do not fit in a URL, from the environment (documented in README.md). */
export interface PostgresSettings {
  /** Connections this process keeps open at most (`MESHPLAN_PG_POOL_SIZE`, default 10). */
  poolSize: number;
  /** A statement running longer is cancelled by the server (`MESHPLAN_PG_STATEMENT_TIMEOUT_MS`, default 30 s). */
  statementTimeoutMs: number;
  /** Waiting for a free connection longer fails the request (`MESHPLAN_PG_CONNECT_TIMEOUT_MS`, default 10 s). */
  connectTimeoutMs: number;
}

export const DEFAULT_POSTGRES_SETTINGS: PostgresSettings = {
  poolSize: 10,
  statementTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
};

/** True when `url` names a PostgreSQL database (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** A whole positive number from `name` in `env`, else the default; a bad value is an error that names it. */
export function postgresSettingsFrom(env: NodeJS.ProcessEnv): PostgresSettings {
  const read = (name: string, fallback: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > max)
      throw new Error(`${name} must be a whole number from 1 to ${max}, not ${JSON.stringify(text)}`);
    return value;
  };
  return {
    poolSize: read('MESHPLAN_PG_POOL_SIZE', DEFAULT_POSTGRES_SETTINGS.poolSize, 1000),
    statementTimeoutMs: read(
      'MESHPLAN_PG_STATEMENT_TIMEOUT_MS',
      DEFAULT_POSTGRES_SETTINGS.statementTimeoutMs,
      3_600_000,
    ),
    connectTimeoutMs: read(
      'MESHPLAN_PG_CONNECT_TIMEOUT_MS',
      DEFAULT_POSTGRES_SETTINGS.connectTimeoutMs,
      600_000,
    ),
  };
}

/**
 * PostgreSQL's text cannot hold U+0000, which SQLite's stores as data (a comment, a name). Every
 * string goes in with U+0000 written as U+F8FF '0' and U+F8FF itself as U+F8FF '1', and every text
 * comes back decoded: one-to-one, so equality in SQL still holds and nothing is lost.
 */
const ESCAPE = '\uF8FF';
export function encodeText(text: string): string {
  if (!text.includes('\u0000') && !text.includes(ESCAPE)) return text;
  return text.replaceAll(ESCAPE, `${ESCAPE}1`).replaceAll('\u0000', `${ESCAPE}0`);
}
export function decodeText(text: string): string {
  if (!text.includes(ESCAPE)) return text;
  return text.replace(/\uF8FF([01])/g, (_, digit: string) => (digit === '0' ? '\u0000' : ESCAPE));
}
const encodeParams = (params: unknown[]): unknown[] =>
  params.map((param) => (typeof param === 'string' ? encodeText(param) : param));

const TEXT = 25;
const VARCHAR = 1043;
const INT8 = 20;
const NUMERIC = 1700;
const JSONB = 3802;
/**
 * Rows read as SQLite gives them: counts, sums and identities (bigint, numeric) as numbers (every
 * one stays far below 2^53), and jsonb as its text, which the code parses where SQLite's TEXT is.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (text: string) => Number(text);
    // jsonb as its text, decoded as every string param was encoded on its way in.
    if (oid === JSONB || oid === TEXT || oid === VARCHAR) return decodeText;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

const placeholders = new Map<string, string>();

/**
 * `?` → `$1, $2, …`, outside quoted strings and identifiers: statements are written once with
 * SQLite's placeholders. Converted texts are kept (the statements are a fixed set).
 */
export function toPostgresPlaceholders(sql: string): string {
  const known = placeholders.get(sql);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const char of sql) {
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '?') {
      out += `$${++n}`;
      continue;
    }
    out += char;
  }
  // Only statements written in the code come here, but the cache is bounded all the same.
  if (placeholders.size < 1000) placeholders.set(sql, out);
  return out;
}

/** Every migrating process takes this advisory lock first, so that two starting together apply each migration once. */
export const MIGRATION_LOCK = 0x6d657368; // "mesh"

/**
 * PostgreSQL behind the same face as SQLite: a pool of connections; a transaction takes one
 * connection for itself, and the statements of its `work` find it through AsyncLocalStorage, so
 * the repositories' code is the same for both. Statements outside a transaction each commit alone.
 * Strings are escaped on the way in and out (`encodeText`); jsonb is read as its text.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres';
  /**
   * The connection of the transaction (or exclusive section) the caller runs in. `open` goes false
   * when it ends: work queued from inside it (a timer, a promise chain) that runs later must not
   * reach a connection already given back to the pool; it goes to the pool like any other.
   */
  private readonly pinned = new AsyncLocalStorage<{
    client: pg.PoolClient;
    inTransaction: boolean;
    open: boolean;
  }>();

  private constructor(
    private readonly pool: pg.Pool,
    /** The URL it connected with, for the connection that listens for other instances' news (live/fanout.ts). */
    readonly url: string,
  ) {}

  /** Connects to `url` (TLS as its `sslmode` says) and checks that the server answers. */
  static async open(
    url: string,
    settings: PostgresSettings = DEFAULT_POSTGRES_SETTINGS,
    /** Shown in pg_stat_activity: `meshplan/<instance id>` tells the instances apart. */
    applicationName = 'meshplan',
  ): Promise<PostgresDatabase> {
    const pool = new pg.Pool({
      connectionString: url,
      max: settings.poolSize,
      statement_timeout: settings.statementTimeoutMs,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      application_name: applicationName,
      types,
    });
    // An idle connection that the server closed (restart, failover) is dropped from the pool and
    // the next query opens another; without a listener the error would end the process.
    pool.on('error', () => undefined);
    const db = new PostgresDatabase(pool, url);
    try {
      await db.get('SELECT 1 AS ok');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return db;
  }

  /** The transaction's connection while it is open, else the pool. */
  private connection(): pg.PoolClient | pg.Pool {
    const pinned = this.pinned.getStore();
    return pinned?.open ? pinned.client : this.pool;
  }

  private query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    const client = this.connection();
    return client.query(toPostgresPlaceholders(sql), encodeParams(params));
  }

  /** `lastID` is the first column of the first row a `RETURNING` gives (0 without one). */
  async run(sql: string, params: unknown[] = []): Promise<{ changes: number; lastID: number }> {
    const result = await this.query(sql, params);
    const first = result.rows[0] as Record<string, unknown> | undefined;
    const lastID = first === undefined ? 0 : Number(Object.values(first)[0] ?? 0);
    return { changes: result.rowCount ?? 0, lastID };
  }

  async get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  /** Several statements in one text, no parameters (migrations). */
  async exec(sql: string): Promise<void> {
    await this.connection().query(sql);
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const outer = this.pinned.getStore();
    const pinned = outer?.open ? outer : undefined;
    if (pinned?.inTransaction) return work();
    return this.withClient(pinned?.client, async (client, broken) => {
      await client.query('BEGIN');
      const scope = { client, inTransaction: true, open: true };
      try {
        const value = await this.pinned.run(scope, work);
        scope.open = false;
        await client.query('COMMIT');
        return value;
      } catch (error) {
        scope.open = false;
        // A connection that cannot even roll back is in no known state: closed, not reused.
        await client.query('ROLLBACK').catch((rollbackError: Error) => broken(rollbackError));
        throw error;
      }
    });
  }

  /** Each statement is atomic and rows are locked where they are written: nothing to queue. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  /** Holds the session advisory lock `MIGRATION_LOCK` on one connection while `work` runs on it. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.withClient(undefined, async (client, broken) => {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const scope = { client, inTransaction: false, open: true };
      try {
        return await this.pinned.run(scope, work);
      } finally {
        scope.open = false;
        // Closing the connection frees a session lock too: a failed unlock must not leave it held.
        await client
          .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
          .catch((error: Error) => broken(error));
      }
    });
  }

  /** Pool figures, for operations. */
  poolFigures(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async withClient<T>(
    given: pg.PoolClient | undefined,
    work: (client: pg.PoolClient, broken: (error: Error) => void) => Promise<T>,
  ): Promise<T> {
    if (given !== undefined) return work(given, () => undefined);
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      return await work(client, (error) => {
        failure = error;
      });
    } finally {
      client.release(failure);
    }
  }
}
