import sqlite3 from 'sqlite3';

/**
 * A promise face on one sqlite3 connection. sqlite3 runs statements of one connection in order,
 * but interleaves the statements of two async transactions; `transaction` queues them so that
 * each BEGIN IMMEDIATE … COMMIT runs alone.
 */
export class Database {
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

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}
