import sqlite3 from 'sqlite3';

/** Which SQL a database speaks: SQL is written once where both agree, side by side where not. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * What the store and its repositories need of a database: SQLite (`Database`, below) or
 * PostgreSQL (`PostgresDatabase`, postgres.ts). Statements use `?` placeholders in both.
 */
export interface SqlDatabase {
  readonly dialect: Dialect;
  run(sql: string, params?: unknown[]): Promise<{ changes: number; lastID: number }>;
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction; its statements go to that transaction. Rolls back on error. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` (single statements, each atomic) with no transaction of another caller open in this process. */
  serial<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` holding a lock shared by every process on this database (schema migrations). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A promise face on one sqlite3 connection. sqlite3 runs statements of one connection in order,
 * but interleaves the statements of two async transactions; `transaction` queues them so that
 * each BEGIN IMMEDIATE … COMMIT runs alone.
 */
export class Database implements SqlDatabase {
  readonly dialect = 'sqlite';
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly db: sqlite3.Database) {}

  static open(file: string): Promise<Database> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(new Database(db))));
    });
  }

  run(sql: string, params: unknown[] = []): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get(sql, params, (error, row) => (error ? reject(error) : resolve(row as T | undefined)));
    });
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as T[])));
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.db.exec(sql, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Runs `work` inside BEGIN IMMEDIATE … COMMIT, one transaction at a time; rolls back on error. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      await this.exec('BEGIN IMMEDIATE');
      try {
        const value = await work();
        await this.exec('COMMIT');
        return value;
      } catch (error) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs `work` (single statements, each atomic) with no transaction of another caller open. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** One file, one process writing it (the server holds it): the transaction queue is the lock. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}
