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
