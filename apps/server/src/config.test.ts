import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

describe('configFromEnv: the worker pool and the read rate limit', () => {
  it('has documented defaults', () => {
    const config = configFromEnv({}, '/srv');
    expect(config.pool).toEqual({ size: 2, jobTimeoutMs: 20_000, queueLimit: 100 });
    expect(config.readRateLimit).toBe(60);
  });

  it('reads MESHPLAN_WORKERS, MESHPLAN_JOB_TIMEOUT_MS, MESHPLAN_JOB_QUEUE_LIMIT and MESHPLAN_READ_RATE_LIMIT', () => {
    const config = configFromEnv(
      {
        MESHPLAN_WORKERS: '4',
        MESHPLAN_JOB_TIMEOUT_MS: '5000',
        MESHPLAN_JOB_QUEUE_LIMIT: '10',
        MESHPLAN_READ_RATE_LIMIT: '6',
      },
      '/srv',
    );
    expect(config.pool).toEqual({ size: 4, jobTimeoutMs: 5000, queueLimit: 10 });
    expect(config.readRateLimit).toBe(6);
    // One worker is kept for writes, so there are at least two.
    expect(configFromEnv({ MESHPLAN_WORKERS: '1' }, '/srv').pool?.size).toBe(2);
  });

  it('refuses values that are not whole numbers, naming the variable', () => {
    expect(() => configFromEnv({ MESHPLAN_JOB_TIMEOUT_MS: '5s' }, '/srv')).toThrow(
      'MESHPLAN_JOB_TIMEOUT_MS must be a whole number, got "5s"',
    );
  });
});

describe('configFromEnv: when a live room writes a revision', () => {
  it('folds a burst after a 30-second pause, at least every 10 minutes, unless told otherwise', () => {
    expect(configFromEnv({}, '/srv').live).toMatchObject({
      revisionPauseMs: 30_000,
      revisionMaxDelayMs: 600_000,
    });
    const told = configFromEnv(
      { MESHPLAN_LIVE_REVISION_PAUSE_MS: '5000', MESHPLAN_LIVE_REVISION_MAX_DELAY_MS: '60000' },
      '/srv',
    );
    expect(told.live).toMatchObject({ revisionPauseMs: 5000, revisionMaxDelayMs: 60_000 });
    expect(() => configFromEnv({ MESHPLAN_LIVE_REVISION_PAUSE_MS: '30s' }, '/srv')).toThrow(
      'MESHPLAN_LIVE_REVISION_PAUSE_MS must be a whole number',
    );
  });
});

describe('configFromEnv: the database', () => {
  it('keeps SQLite when DATABASE_URL is unset or empty, with the documented PostgreSQL defaults', () => {
    expect(configFromEnv({}, '/srv').databaseUrl).toBeUndefined();
    expect(configFromEnv({ DATABASE_URL: '' }, '/srv').databaseUrl).toBeUndefined();
    expect(configFromEnv({}, '/srv').postgres).toEqual({
      poolSize: 10,
      statementTimeoutMs: 30_000,
      connectTimeoutMs: 10_000,
    });
  });

  it('takes a postgres:// or postgresql:// URL and the MESHPLAN_PG_* settings', () => {
    const config = configFromEnv(
      {
        DATABASE_URL: 'postgresql://u:p@db:5432/m?sslmode=verify-full',
        MESHPLAN_PG_POOL_SIZE: '4',
        MESHPLAN_PG_STATEMENT_TIMEOUT_MS: '5000',
        MESHPLAN_PG_CONNECT_TIMEOUT_MS: '2000',
      },
      '/srv',
    );
    expect(config.databaseUrl).toBe('postgresql://u:p@db:5432/m?sslmode=verify-full');
    expect(config.postgres).toEqual({ poolSize: 4, statementTimeoutMs: 5000, connectTimeoutMs: 2000 });
  });

  it('refuses another kind of URL without echoing it, and bad settings by name', () => {
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://u:secret@db/m' }, '/srv')).toThrow(
      /^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/ \(unset it to use SQLite\)$/,
    );
    expect(() => configFromEnv({ MESHPLAN_PG_POOL_SIZE: '0' }, '/srv')).toThrow('MESHPLAN_PG_POOL_SIZE');
    expect(() => configFromEnv({ MESHPLAN_PG_STATEMENT_TIMEOUT_MS: '1.5' }, '/srv')).toThrow(
      'MESHPLAN_PG_STATEMENT_TIMEOUT_MS',
    );
  });

  it('reads the URL from DATABASE_URL_FILE (a Compose or Docker secret), first line, trimmed', () => {
    const folder = mkdtempSync(join(tmpdir(), 'meshplan-config-'));
    try {
      writeFileSync(join(folder, 'database-url'), ' postgres://meshplan:s3cret@postgres:5432/meshplan \n');
      writeFileSync(join(folder, 'empty'), '\n');
      // Relative paths are taken from the working folder, as MESHPLAN_DATA_DIR is.
      expect(configFromEnv({ DATABASE_URL_FILE: 'database-url' }, folder).databaseUrl).toBe(
        'postgres://meshplan:s3cret@postgres:5432/meshplan',
      );
      expect(() =>
        configFromEnv({ DATABASE_URL_FILE: 'database-url', DATABASE_URL: 'postgres://x@y/z' }, folder),
      ).toThrow('set DATABASE_URL or DATABASE_URL_FILE, not both');
      expect(() => configFromEnv({ DATABASE_URL_FILE: 'empty' }, folder)).toThrow('is empty');
      expect(() => configFromEnv({ DATABASE_URL_FILE: 'missing' }, folder)).toThrow(
        'DATABASE_URL_FILE: cannot read missing (ENOENT)',
      );
      writeFileSync(join(folder, 'mysql'), 'mysql://u:secret@db/m');
      expect(() => configFromEnv({ DATABASE_URL_FILE: 'mysql' }, folder)).toThrow(/^DATABASE_URL must start/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
