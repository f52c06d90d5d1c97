// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { syntheticModel } from '@meshplan/model';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from './config.js';
import type { RunningServer } from './server.js';
import { apiClient, builtServer, expectProblem, type TestOverrides, testConfig } from './test-support.js';
import type { createValidator as CreateValidator } from './validation.js';
import type { WorkerJobError as WorkerJobErrorClass } from './worker-pool.js';

// Worker threads run compiled JavaScript: these tests use the build (`npm run build`), so that
// the pool, its workers and the server are the ones `npm start` runs.
const dist = (file: string) => pathToFileURL(fileURLToPath(new URL(`../dist/${file}`, import.meta.url))).href;
const built = existsSync(builtServer);

async function builtValidator(settings: Parameters<typeof CreateValidator>[0]) {
  const { createValidator } = (await import(dist('validation.js'))) as {
    createValidator: typeof CreateValidator;
  };
  const { WorkerJobError } = (await import(dist('worker-pool.js'))) as {
    WorkerJobError: typeof WorkerJobErrorClass;
  };
  const lost: string[] = [];
  const validator = createValidator(settings, {
    testJobs: true,
    onWorkerLost: (reason) => lost.push(reason),
  });
  if (validator.pool === undefined) throw new Error('the built validator has no worker pool');
  return { validator, pool: validator.pool, WorkerJobError, lost };
}

const tiny = JSON.stringify({ format: 'meshplan/v1', name: 'Tiny', nodes: [], edges: [] });
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

describe.skipIf(!built)('the worker pool', () => {
  it('fails the job of a worker that dies (503), replaces the worker, and runs what comes next', async () => {
    const { validator, pool, WorkerJobError, lost } = await builtValidator({
      size: 2,
      jobTimeoutMs: 10_000,
      queueLimit: 10,
    });
    closers.push(() => validator.close());
    const crash = pool.run('read', { job: 'test-crash' });
    await expect(crash).rejects.toBeInstanceOf(WorkerJobError);
    await expect(crash).rejects.toMatchObject({ status: 503 });
    // The same lane, so the replaced worker (or its successor) must take it.
    const after = await Promise.all([
      validator.findings(tiny),
      validator.validate(tiny),
      validator.findings(tiny),
    ]);
    expect(after.every((result) => result.ok)).toBe(true);
    expect(pool.stats()).toMatchObject({ workers: 2, crashed: 1, busy: 0 });
    expect(lost.join('\n')).toMatch(/test-crash/);
  });

  it('stops a job that runs over its timeout (504) and replaces its worker', async () => {
    const { validator, pool, WorkerJobError } = await builtValidator({
      size: 2,
      jobTimeoutMs: 300,
      queueLimit: 10,
    });
    closers.push(() => validator.close());
    const started = Date.now();
    const hang = pool.run('read', { job: 'test-hang' });
    await expect(hang).rejects.toBeInstanceOf(WorkerJobError);
    await expect(hang).rejects.toMatchObject({ status: 504 });
    expect(Date.now() - started).toBeLessThan(5_000);
    // Two reads: the worker that hung is gone, a new one answers.
    expect((await Promise.all([validator.findings(tiny), validator.findings(tiny)])).every((r) => r.ok)).toBe(
      true,
    );
    expect(pool.stats()).toMatchObject({ workers: 2, timedOut: 1 });
  });

  it('keeps a worker for writes: validation answers while every other worker hangs on reads', async () => {
    const { validator, pool } = await builtValidator({ size: 2, jobTimeoutMs: 1_500, queueLimit: 10 });
    closers.push(() => validator.close());
    // Both workers loaded first, so that what is measured is the queueing.
    await Promise.all([validator.validate(tiny), validator.findings(tiny)]);
    const reads = [1, 2, 3, 4].map(() =>
      pool.run('read', { job: 'test-hang' }).catch((error: Error) => error),
    );
    expect(await validator.validate(tiny)).toEqual({ ok: true });
    // Answered while the first hanging read still runs and three wait behind it.
    expect(pool.stats()).toMatchObject({ timedOut: 0, busy: 1, queued: { write: 0, read: 3 } });
    await validator.close();
    await Promise.all(reads);
  }, 20_000);

  it('refuses a job when its queue is full (503 with Retry-After), and the other queue still runs', async () => {
    const { validator, pool, WorkerJobError } = await builtValidator({
      size: 2,
      jobTimeoutMs: 1_000,
      queueLimit: 2,
    });
    closers.push(() => validator.close());
    await Promise.all([validator.validate(tiny), validator.findings(tiny)]);
    const reads = [1, 2, 3].map(() => pool.run('read', { job: 'test-hang' }).catch((error: Error) => error));
    const refused = await pool.run('read', { job: 'test-hang' }).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(WorkerJobError);
    expect(refused).toMatchObject({ status: 503, retryAfterSeconds: 5 });
    expect(await validator.validate(tiny)).toEqual({ ok: true });
    await Promise.all(reads);
  }, 20_000);

  it('runs the test jobs only where the pool was made for tests', async () => {
    const { createValidator } = (await import(dist('validation.js'))) as {
      createValidator: typeof CreateValidator;
    };
    const validator = createValidator({ size: 2, jobTimeoutMs: 5_000, queueLimit: 10 });
    closers.push(() => validator.close());
    await expect(validator.pool?.run('read', { job: 'test-crash' })).rejects.toThrow(/unknown job/);
    expect(validator.pool?.stats().crashed).toBe(0);
  });
});

describe.skipIf(!built)('the built server under export load', () => {
  async function builtServerWith(overrides: TestOverrides): Promise<RunningServer> {
    const { startServer } = (await import(dist('server.js'))) as {
      startServer: (c: ServerConfig) => Promise<RunningServer>;
    };
    const server = await startServer(testConfig(overrides));
    closers.push(() => server.close());
    return server;
  }
  const large = JSON.stringify(syntheticModel({ services: 600 }));
  // Every target but the diagrams: these tests are about the queues, and drawing a large model
  // without positions (an elk layout, then a PNG per context) takes tens of seconds on a busy
  // machine; the diagrams' own cost is measured in bench/diagrams.bench.mjs.
  const exportPath = (id: string) =>
    `/models/${id}/export.zip?targets=openapi,asyncapi,kubernetes,istio,compose,docs,lint`;

  it('answers a PUT while four exports of a large model are in flight', async () => {
    const server = await builtServerWith({ pool: { size: 2, jobTimeoutMs: 60_000, queueLimit: 100 } });
    const api = apiClient(server.url);
    const created = (await (
      await api('/models', { method: 'POST', body: large, headers: { 'content-type': 'application/json' } })
    ).json()) as any;
    const exportOnce = async () => {
      const res = await api(exportPath(created.id), { token: created.token });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      return Date.now();
    };
    const exportStarted = Date.now();
    await exportOnce();
    const oneExport = Date.now() - exportStarted;

    const exports = [1, 2, 3, 4].map(exportOnce);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const putStarted = Date.now();
    const put = await api(`/models/${created.id}`, {
      method: 'PUT',
      token: created.token,
      headers: { 'if-match': '*', 'content-type': 'application/json' },
      body: tiny,
    });
    const putDone = Date.now();
    expect(put.status).toBe(200);
    const exportsDone = await Promise.all(exports);
    // The four exports share one worker, so they take about four times one export; the PUT is
    // answered before the first of them ends, instead of waiting behind them.
    expect(putDone - putStarted).toBeLessThan(oneExport);
    expect(putDone).toBeLessThan(Math.min(...exportsDone));
  }, 120_000);

  it('answers 504 for an export that runs over the timeout, and carries on', async () => {
    const server = await builtServerWith({
      pool: { size: 2, jobTimeoutMs: 30, queueLimit: 100 },
      metricsToken: 'metrics-secret',
    });
    const api = apiClient(server.url);
    // Stored directly: validating the large model through POST would run over 30 ms as well.
    const created = await server.store.create(
      JSON.parse(large),
      { name: null, credential: 'owner', role: 'owner' },
      large,
    );
    const problem = await expectProblem(
      await api(`/models/${created.id}/export.zip`, { token: created.token }),
      504,
    );
    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret' } })
    ).text();
    expect(metrics).toContain('meshplan_workers_replaced{reason="timeout"} 1');
    expect(problem.detail).toMatch(/longer than 0.03 s/);
    const put = await api(`/models/${created.id}`, {
      method: 'PUT',
      token: created.token,
      headers: { 'if-match': '*', 'content-type': 'application/json' },
      body: tiny,
    });
    expect(put.status).toBe(200);
  }, 60_000);

  it('answers 503 with Retry-After when the read queue is full, and still takes writes', async () => {
    const server = await builtServerWith({ pool: { size: 2, jobTimeoutMs: 60_000, queueLimit: 0 } });
    const api = apiClient(server.url);
    const created = await server.store.create(
      JSON.parse(large),
      { name: null, credential: 'owner', role: 'owner' },
      large,
    );
    // Until the workers have loaded, every job would wait, so is refused: wait for them.
    const findings = () => api(`/models/${created.id}/findings`, { token: created.token });
    for (let tries = 0; (await findings()).status !== 200; tries++) {
      expect(tries).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The first export runs at once; the second would have to wait.
    const first = api(exportPath(created.id), { token: created.token });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await api(exportPath(created.id), { token: created.token });
    const problem = await expectProblem(second, 503);
    expect(second.headers.get('retry-after')).toBe('5');
    expect(problem.detail).toMatch(/waiting already/);
    const put = await api(`/models/${created.id}`, {
      method: 'PUT',
      token: created.token,
      headers: { 'if-match': '*', 'content-type': 'application/json' },
      body: tiny,
    });
    expect(put.status).toBe(200);
    expect((await first).status).toBe(200);
  }, 60_000);

  it('rate-limits exports and findings per client (429), not the other reads', async () => {
    const server = await builtServerWith({ readRateLimit: 3 });
    const api = apiClient(server.url);
    const created = (await (
      await api('/models', { method: 'POST', body: tiny, headers: { 'content-type': 'application/json' } })
    ).json()) as any;
    const paths = ['/findings', '/export.zip', '/findings'];
    for (const path of paths)
      expect((await api(`/models/${created.id}${path}`, { token: created.token })).status).toBe(200);
    await expectProblem(await api(`/models/${created.id}/export.zip`, { token: created.token }), 429);
    await expectProblem(await api(`/models/${created.id}/findings`, { token: created.token }), 429);
    expect((await api(`/models/${created.id}`, { token: created.token })).status).toBe(200);
  }, 60_000);
});
