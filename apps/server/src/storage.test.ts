import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, DEFAULT_RETENTION, type StorageLimits } from './config.js';
import { Database } from './db.js';
import { MIGRATIONS } from './migrations.js';
import { revisionsToDrop } from './retention.js';
import type { RunningServer } from './server.js';
import { databaseOf, ModelStore } from './store.js';
import { apiClient, createModel, expectProblem, minimalModel, testServer } from './test-support.js';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function server(limits: Partial<StorageLimits>, overrides: Parameters<typeof testServer>[0] = {}) {
  const started = await testServer({
    limits: { ...DEFAULT_LIMITS, minFreeBytes: 0, ...limits },
    ...overrides,
  });
  running.push(started);
  return started;
}

const withDescription = (text: string) => ({ ...minimalModel, description: text });

/** PUT `model` over whatever is current; the response. */
function put(url: string, id: string, token: string, model: unknown) {
  return apiClient(url)(`/models/${id}`, { method: 'PUT', token, json: model, headers: { 'if-match': '*' } });
}

describe('storage quotas', () => {
  it('bytes per model: a PUT that would pass it is a 413 naming the quota and its variable', async () => {
    const { url } = await server({ maxModelBytes: 50_000 });
    const { id, token } = await createModel(url);
    expect((await put(url, id, token, withDescription('a'.repeat(20_000)))).status).toBe(200);
    expect((await put(url, id, token, withDescription('b'.repeat(20_000)))).status).toBe(200);
    const refused = await expectProblem(await put(url, id, token, withDescription('c'.repeat(20_000))), 413);
    expect(refused).toMatchObject({
      type: 'https://meshplan.dev/problems/quota-exceeded',
      quota: 'maxModelBytes',
      variable: 'MESHPLAN_MAX_MODEL_BYTES',
      limit: 50_000,
    });
    expect(refused.detail).toContain('MESHPLAN_MAX_MODEL_BYTES');
    // Nothing stored was lost, and the model still reads.
    const current = await apiClient(url)(`/models/${id}`, { token });
    expect(current.headers.get('etag')).toBe('"r3"');
    expect(((await current.json()) as { description: string }).description).toBe('b'.repeat(20_000));
  });

  it('models overall and bytes overall: 507', async () => {
    const { url } = await server({ maxModels: 2 });
    await createModel(url);
    await createModel(url);
    const refused = await expectProblem(
      await apiClient(url)('/models', { method: 'POST', json: minimalModel }),
      507,
    );
    expect(refused).toMatchObject({ quota: 'maxModels', variable: 'MESHPLAN_MAX_MODELS' });
    // An import makes a model too.
    await expectProblem(
      await apiClient(url)('/import?filename=docker-compose.yml', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: 'services:\n  web:\n    image: nginx\n',
      }),
      507,
    );

    const small = await server({ maxTotalBytes: 200_000 });
    const { id, token } = await createModel(small.url);
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++)
      status = (await put(small.url, id, token, withDescription(`${i}`.repeat(30_000)))).status;
    expect(status).toBe(507);
  });

  it('revisions per model: compacts first, refuses (413) only what the policy keeps', async () => {
    const { url, store } = await server(
      { maxRevisionsPerModel: 5 },
      { retention: { keepAllDays: 30, keepHourlyDays: 30, keepLast: 3, intervalMs: 0 } },
    );
    const { id, token } = await createModel(url);
    for (let i = 2; i <= 5; i++)
      expect((await put(url, id, token, withDescription(`v${i}`))).status).toBe(200);
    // All five are from today: the policy keeps every one, so the sixth is refused.
    const refused = await expectProblem(await put(url, id, token, withDescription('v6')), 413);
    expect(refused).toMatchObject({
      quota: 'maxRevisionsPerModel',
      variable: 'MESHPLAN_MAX_REVISIONS_PER_MODEL',
    });
    // Once the first ones are old (one day), the policy thins them and the write goes through.
    await databaseOf(store).run(
      "UPDATE revisions SET created_at = '2025-03-01T0' || number || ':00:00.000Z' WHERE model_id = ? AND number <= 3",
      [id],
    );
    expect((await put(url, id, token, withDescription('v6'))).status).toBe(200);
    const listed = await (await apiClient(url)(`/models/${id}/revisions`, { token })).json();
    expect((listed as { revisions: { number: number }[] }).revisions.map((r) => r.number)).toEqual([
      6, 5, 4, 3,
    ]);
  });

  it('comments and links per model: 413', async () => {
    const { url } = await server({ maxCommentsPerModel: 2, maxLinksPerModel: 1 });
    const api = apiClient(url);
    const { id, token } = await createModel(url);
    const thread = await api(`/models/${id}/comments`, {
      method: 'POST',
      token,
      json: { anchor: { point: { x: 1, y: 2 } }, text: 'one' },
    });
    expect(thread.status).toBe(201);
    const threadId = ((await thread.json()) as { id: string }).id;
    const reply = (text: string) =>
      api(`/models/${id}/comments/${threadId}/replies`, { method: 'POST', token, json: { text } });
    expect((await reply('two')).status).toBe(201);
    expect(await expectProblem(await reply('three'), 413)).toMatchObject({ quota: 'maxCommentsPerModel' });
    const link = () => api(`/models/${id}/links`, { method: 'POST', token, json: { role: 'view' } });
    expect((await link()).status).toBe(201);
    expect(await expectProblem(await link(), 413)).toMatchObject({
      quota: 'maxLinksPerModel',
      variable: 'MESHPLAN_MAX_LINKS_PER_MODEL',
    });
  });

  it('accounts revisions by trigger: the usage row follows inserts, deletes and the model', async () => {
    const { url, store } = await server({});
    const { id, token } = await createModel(url);
    await put(url, id, token, withDescription('x'.repeat(1000)));
    const usage = await databaseOf(store).get<{ bytes: number; revisions: number }>(
      'SELECT bytes, revisions FROM model_usage WHERE model_id = ?',
      [id],
    );
    const bodies = await databaseOf(store).get<{ bytes: number }>(
      'SELECT sum(length(CAST(body AS BLOB))) AS bytes FROM revisions WHERE model_id = ?',
      [id],
    );
    expect(usage).toEqual({ bytes: bodies?.bytes, revisions: 2 });
    expect(await store.quotas.modelBytes(id)).toBe(bodies?.bytes);
    await apiClient(url)(`/models/${id}`, { method: 'DELETE', token });
    expect(await databaseOf(store).all('SELECT * FROM model_usage WHERE model_id = ?', [id])).toEqual([]);
  });
});

describe('revision retention', () => {
  const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
  const now = Date.parse(day(100));
  const policy = { keepAllDays: 30, keepHourlyDays: 30, keepLast: 3, intervalMs: 0 };

  it('keeps the current, the reviewed, the last K, the last N days, and one a day before', () => {
    const rows = [
      // Day 1: three revisions; day 2: two, the first reviewed; then recent ones.
      { number: 1, createdAt: `${day(1).slice(0, 10)}T08:00:00.000Z`, reviewed: false },
      { number: 2, createdAt: `${day(1).slice(0, 10)}T09:00:00.000Z`, reviewed: false },
      { number: 3, createdAt: `${day(1).slice(0, 10)}T10:00:00.000Z`, reviewed: false },
      { number: 4, createdAt: `${day(2).slice(0, 10)}T08:00:00.000Z`, reviewed: true },
      { number: 5, createdAt: `${day(2).slice(0, 10)}T09:00:00.000Z`, reviewed: false },
      { number: 6, createdAt: day(3), reviewed: false },
      { number: 7, createdAt: day(50), reviewed: false },
      { number: 8, createdAt: day(50), reviewed: false },
      { number: 9, createdAt: day(99), reviewed: false },
      { number: 10, createdAt: day(99), reviewed: false },
      { number: 11, createdAt: day(99), reviewed: false },
    ];
    // 1, 2: not the last of day 1. 7: not the last of day 50, and older than 30 days.
    expect(revisionsToDrop(rows, 11, policy, now)).toEqual([1, 2, 7]);
    // The current revision stays even when it is old and not the last of its day.
    expect(revisionsToDrop(rows, 1, { ...policy, keepLast: 0 }, now)).toEqual([2, 7]);
  });

  it('between keepAllDays and keepHourlyDays, keeps the last revision of each hour', () => {
    const at = (iso: string, number: number) => ({ number, createdAt: iso, reviewed: false });
    const rows = [
      at('2026-04-01T08:10:00.000Z', 1),
      at('2026-04-01T08:50:00.000Z', 2),
      at('2026-04-01T09:05:00.000Z', 3),
      at('2026-04-09T10:00:00.000Z', 4),
      at('2026-04-09T10:30:00.000Z', 5),
      at('2026-04-10T11:00:00.000Z', 6),
    ];
    const hourly = { keepAllDays: 2, keepHourlyDays: 5, keepLast: 0, intervalMs: 0 };
    // Now: 2026-04-11T12:00. 4 and 5 are in the hourly span (their hour keeps 5); 6 is within two
    // days; 1 to 3 are older than five days: the last of 2026-04-01 (3) stays.
    expect(revisionsToDrop(rows, 6, hourly, Date.parse('2026-04-11T12:00:00.000Z'))).toEqual([1, 2, 4]);
  });

  it('thins a model on disk, never a reviewed or the current revision, and gives the space back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshplan-retention-'));
    const store = await ModelStore.open(dir, {
      retention: { keepAllDays: 30, keepHourlyDays: 30, keepLast: 2, intervalMs: 0 },
    });
    try {
      const { id } = await store.create(minimalModel as never, {
        name: 'Ada',
        credential: 'owner',
        role: 'owner',
      });
      const padding = 'p'.repeat(200_000);
      for (let i = 2; i <= 12; i++)
        await store.put(id, JSON.stringify(withDescription(`${i}${padding}`)), '*', {
          name: 'Ada',
          credential: 'owner',
          role: 'owner',
        });
      // Revisions 1 to 10 were made on two days long ago; a review names revision 3.
      await databaseOf(store).run(
        `UPDATE revisions SET created_at = CASE WHEN number <= 5 THEN '2025-01-01T0' || number || ':00:00.000Z'
           ELSE '2025-01-02T0' || (number - 5) || ':00:00.000Z' END WHERE model_id = ? AND number <= 10`,
        [id],
      );
      await databaseOf(store).run(
        "INSERT INTO reviews (model_id, revision, author, status, summary, created_at) VALUES (?, 3, 'Bo', 'approved', '', '2025-01-01T12:00:00Z')",
        [id],
      );
      const pagesBefore =
        (await databaseOf(store).get<{ page_count: number }>('PRAGMA page_count'))?.page_count ?? 0;
      const summaryOf12 = (await store.revisions(id)).find((r) => r.number === 12)?.summary;
      expect(await store.compact(id)).toBe(7);
      const kept = (await store.revisions(id)).map((r) => r.number);
      // 3 reviewed, 5 last of 2025-01-01, 10 last of 2025-01-02, 11 and 12 the last two (12 current).
      expect(kept).toEqual([12, 11, 10, 5, 3]);
      expect((await store.revisions(id)).find((r) => r.number === 12)?.summary).toBe(summaryOf12);
      expect(
        await databaseOf(store).get('SELECT revisions FROM model_usage WHERE model_id = ?', [id]),
      ).toEqual({
        revisions: 5,
      });
      // auto_vacuum = INCREMENTAL and incremental_vacuum after the DELETE: the pages went back.
      expect(await databaseOf(store).get('PRAGMA auto_vacuum')).toEqual({ auto_vacuum: 2 });
      const pagesAfter =
        (await databaseOf(store).get<{ page_count: number }>('PRAGMA page_count'))?.page_count ?? 0;
      expect(pagesAfter).toBeLessThan(pagesBefore * 0.7);
      expect(await databaseOf(store).get('PRAGMA freelist_count')).toEqual({ freelist_count: 0 });
      // A second pass drops nothing.
      expect(await store.compact(id)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('runs in the background every interval', async () => {
    const { url, store } = await server(
      {},
      { retention: { keepAllDays: 1, keepHourlyDays: 1, keepLast: 2, intervalMs: 100 } },
    );
    const { id, token } = await createModel(url);
    for (let i = 2; i <= 6; i++) await put(url, id, token, withDescription(`v${i}`));
    await databaseOf(store).run(
      "UPDATE revisions SET created_at = '2025-05-05T10:0' || number || ':00.000Z' WHERE model_id = ?",
      [id],
    );
    // 6 current, 5 the last two; 6 also the last of its day: 1 to 4 go.
    await expect
      .poll(async () => (await store.revisions(id)).map((r) => r.number), { timeout: 5000 })
      .toEqual([6, 5]);
  });

  it('sets auto_vacuum = INCREMENTAL on a database made before it, with one VACUUM, keeping its data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshplan-vacuum-'));
    // A database as the server made it before: no auto_vacuum, and the migrations before 6.
    const old = await Database.open(join(dir, 'meshplan.db'));
    await old.exec('PRAGMA journal_mode = WAL');
    await old.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const migration of MIGRATIONS.filter((m) => m.version < 6)) {
      await old.exec(migration.sql);
      await old.run('INSERT INTO schema_migrations VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        't',
      ]);
    }
    await old.run(
      "INSERT INTO models (id, token_hash, name, current_revision, created_at, updated_at) VALUES ('m', 'h', 'Old', 1, 't', 't')",
    );
    await old.run(
      "INSERT INTO revisions (model_id, number, created_at, author, summary, body) VALUES ('m', 1, 't', NULL, 'created', ?)",
      [JSON.stringify({ ...minimalModel, name: 'Old' })],
    );
    expect(await old.get('PRAGMA auto_vacuum')).toEqual({ auto_vacuum: 0 });
    await old.close();

    const store = await ModelStore.open(dir);
    expect(store.autoVacuum).toBe('vacuumed');
    expect(await databaseOf(store).get('PRAGMA auto_vacuum')).toEqual({ auto_vacuum: 2 });
    expect((await store.current('m'))?.body).toContain('"Old"');
    // Migration 6 counted what was there before its triggers.
    const body = JSON.stringify({ ...minimalModel, name: 'Old' });
    expect(
      await databaseOf(store).get("SELECT bytes, revisions FROM model_usage WHERE model_id = 'm'"),
    ).toEqual({
      bytes: Buffer.byteLength(body),
      revisions: 1,
    });
    expect(await databaseOf(store).get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    await store.close();
    const again = await ModelStore.open(dir);
    expect(again.autoVacuum).toBe('already');
    await again.close();
    expect(statSync(join(dir, 'meshplan.db')).size).toBeGreaterThan(0);
  });
});

describe('a full disk', () => {
  it('SQLITE_FULL from the database (max_page_count): 507, nothing earlier lost, the server serves on', async () => {
    const { url, store } = await server({});
    const api = apiClient(url);
    const { id, token } = await createModel(url);
    expect((await put(url, id, token, withDescription('kept'))).status).toBe(200);
    // The storage layer can grow no further: SQLite itself answers SQLITE_FULL to the next insert.
    const { page_count: pages } = (await databaseOf(store).get<{ page_count: number }>(
      'PRAGMA page_count',
    )) ?? {
      page_count: 0,
    };
    await databaseOf(store).exec(`PRAGMA max_page_count = ${pages}`);
    const big = withDescription('z'.repeat(200_000));
    const refused = await expectProblem(await put(url, id, token, big), 507);
    expect(refused.type).toBe('https://meshplan.dev/problems/storage-full');
    await expectProblem(await api('/models', { method: 'POST', json: big }), 507);
    // Not acknowledged, nothing lost, reads and small things still work.
    const current = await api(`/models/${id}`, { token });
    expect(current.headers.get('etag')).toBe('"r2"');
    expect(((await current.json()) as { description: string }).description).toBe('kept');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // Room again: writes go on.
    await databaseOf(store).exec('PRAGMA max_page_count = 1073741823');
    expect((await put(url, id, token, big)).status).toBe(200);
    expect(await databaseOf(store).get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
  });

  describe('on a real 3 MB tmpfs', () => {
    const mounts: string[] = [];
    /** A fresh 3 MB tmpfs per test (one test's full disk is not the next one's); undefined when not root. */
    function smallDisk(): string | undefined {
      const mountPoint = mkdtempSync(join(tmpdir(), 'meshplan-tmpfs-'));
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      } catch {
        rmdirSync(mountPoint);
        return undefined;
      }
      mounts.push(mountPoint);
      return mountPoint;
    }
    const NO_TMPFS = 'cannot mount a tmpfs here (needs root); the max_page_count test above stands in';
    afterAll(async () => {
      await Promise.all(running.splice(0).map((s) => s.close()));
      for (const mountPoint of mounts.splice(0)) {
        execFileSync('umount', ['-l', mountPoint]);
        rmdirSync(mountPoint);
      }
    });

    it('the free-space floor refuses writes (507) before the disk is full; /readyz says so', async (context) => {
      const disk = smallDisk();
      if (disk === undefined) return context.skip(NO_TMPFS);
      const dataDir = join(disk, 'floor');
      mkdirSync(dataDir);
      const { url } = await server({ minFreeBytes: 1024 * 1024 }, { dataDir });
      const api = apiClient(url);
      const { id, token } = await createModel(url);
      const acknowledged: string[] = [];
      let refused: Response | undefined;
      for (let i = 0; i < 40 && refused === undefined; i++) {
        const text = `${i}`.padEnd(100_000, '.');
        const res = await put(url, id, token, withDescription(text));
        if (res.status === 200) acknowledged.push(text);
        else refused = res;
      }
      expect(refused).toBeDefined();
      const problem = await expectProblem(refused as Response, 507);
      expect(problem).toMatchObject({ quota: 'minFreeBytes', variable: 'MESHPLAN_MIN_FREE_BYTES' });
      expect(acknowledged.length).toBeGreaterThan(2);
      expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({
        status: 'ready',
        storage: { ok: true, minFreeBytes: 1024 * 1024 },
      });
      // A floor above what the disk has left: /readyz is 503 and says why; every write is refused.
      const strict = await server({ minFreeBytes: 4 * 1024 * 1024 }, { dataDir: join(disk, 'strict') });
      const ready = await fetch(`${strict.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'disk nearly full: writes are refused',
        storage: { ok: false, minFreeBytes: 4 * 1024 * 1024 },
      });
      await expectProblem(
        await apiClient(strict.url)('/models', { method: 'POST', json: minimalModel }),
        507,
      );
      // Every acknowledged revision reads back; the server keeps serving.
      for (const [index, text] of acknowledged.entries()) {
        const revision = await api(`/models/${id}/revisions/${index + 2}`, { token });
        expect(((await revision.json()) as { model: { description: string } }).model.description).toBe(text);
      }
      // Deleting frees room: writes are possible again.
      expect((await api(`/models/${id}`, { method: 'DELETE', token })).status).toBe(204);
    });

    it('with no floor, a write that finds the disk full is a 507, never acknowledged', async (context) => {
      const disk = smallDisk();
      if (disk === undefined) return context.skip(NO_TMPFS);
      const dataDir = join(disk, 'nofloor');
      mkdirSync(dataDir);
      const { url, store } = await server({ minFreeBytes: 0 }, { dataDir });
      const api = apiClient(url);
      const { id, token } = await createModel(url);
      const acknowledged: string[] = [];
      let refused: Response | undefined;
      for (let i = 0; i < 60 && refused === undefined; i++) {
        const text = `${i}`.padEnd(150_000, '.');
        const res = await put(url, id, token, withDescription(text));
        if (res.status === 200) acknowledged.push(text);
        else refused = res;
      }
      expect(refused).toBeDefined();
      expect((refused as Response).status).toBe(507);
      const etag = (await api(`/models/${id}`, { token })).headers.get('etag');
      expect(etag).toBe(`"r${acknowledged.length + 1}"`);
      for (const [index, text] of acknowledged.entries()) {
        const revision = await api(`/models/${id}/revisions/${index + 2}`, { token });
        expect(((await revision.json()) as { model: { description: string } }).model.description).toBe(text);
      }
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await databaseOf(store).get('PRAGMA quick_check')).toEqual({ quick_check: 'ok' });
    });
  });
});

it('the defaults are the documented ones', () => {
  expect(DEFAULT_LIMITS.minFreeBytes).toBe(256 * 1024 * 1024);
  expect(DEFAULT_RETENTION).toEqual({
    keepAllDays: 7,
    keepHourlyDays: 30,
    keepLast: 100,
    intervalMs: 3_600_000,
  });
});
