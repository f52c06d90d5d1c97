import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { decodeText, encodeText, PostgresDatabase, toPostgresPlaceholders } from './postgres.js';
import { databaseOf, ModelStore } from './store.js';
import {
  apiClient,
  createModel,
  ensureTestDatabase,
  minimalModel,
  onPostgres,
  startBuiltServer,
  testDatabaseUrl,
  testServer,
} from './test-support.js';

// Runs in the `server-postgres` project only (vitest.config.ts), against the cluster it started.
const owner: Actor = { name: 'Ada', credential: 'owner', role: 'owner' };
const opened: ModelStore[] = [];

/** A fresh, empty PostgreSQL database in the test cluster. */
async function freshDatabase(): Promise<{ url: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-pg-test-'));
  const url = testDatabaseUrl(dataDir);
  await ensureTestDatabase(url);
  return { url, dataDir };
}

async function openStore(url: string, dataDir: string): Promise<ModelStore> {
  const store = await ModelStore.open(dataDir, { databaseUrl: url });
  opened.push(store);
  return store;
}

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
});

describe('placeholders', () => {
  it('numbers ? outside quotes and leaves quoted ones alone', () => {
    expect(toPostgresPlaceholders("SELECT ?, '?', \"a?\" FROM t WHERE a = ? AND b = 'it''s ?'")).toBe(
      "SELECT $1, '?', \"a?\" FROM t WHERE a = $2 AND b = 'it''s ?'",
    );
  });
});

describe('text escaping', () => {
  it('round-trips U+0000 and the escape character itself, and leaves other text as is', () => {
    for (const text of [
      '',
      'plain',
      '\u0000',
      'a\u0000b\uF8FF0\uF8FF1\uF8FF',
      '\uF8FF0',
      '\u{1F600}\u0000',
    ]) {
      expect(decodeText(encodeText(text))).toBe(text);
      expect(encodeText(text)).not.toContain('\u0000');
    }
    expect(encodeText('plain <script>')).toBe('plain <script>');
    // Distinct texts stay distinct once encoded (equality in SQL holds).
    expect(encodeText('\u0000')).not.toBe(encodeText('\uF8FF0'));
  });
});

describe.runIf(onPostgres)('the PostgreSQL store', () => {
  it('stores U+0000 in text, in a jsonb actor and in a model name as data', async () => {
    const { url, dataDir } = await freshDatabase();
    const store = await openStore(url, dataDir);
    const nul: Actor = { name: 'Zo\u0000ë \uF8FF', credential: 'owner', role: 'owner' };
    const { id } = await store.create(minimalModel as never, nul);
    const thread = await store.comments.create(id, { element: 'a\u0000' }, nul, 'text \u0000 end');
    expect((await store.comments.get(id, thread, 'owner'))?.comments[0]).toMatchObject({
      text: 'text \u0000 end',
      author: 'Zo\u0000ë \uF8FF',
    });
    await store.live.append(id, [{ update: new Uint8Array([1]), actor: nul }]);
    expect((await store.live.updatesAfter(id, 0))[0]?.actor).toEqual(nul);
    const body = JSON.stringify({ ...minimalModel, name: 'N\u0000' });
    expect(await store.put(id, body, 1, nul)).toEqual({ ok: true, revision: 2 });
    expect((await store.current(id))?.body).toBe(body);
    expect(await store.ownerName(id)).toBe('Zo\u0000ë \uF8FF');
  });

  it('applies every migration once when two instances start at the same moment', async () => {
    const { url, dataDir } = await freshDatabase();
    const [first, second] = await Promise.all([openStore(url, dataDir), openStore(url, dataDir)]);
    const applied = await databaseOf(first).all<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(applied.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    // A third start applies nothing, and both stores work on the same tables.
    expect(await migrate(databaseOf(second))).toEqual([]);
    const { id } = await first.create({ ...minimalModel, name: 'Shared' } as never, owner);
    expect((await second.current(id))?.revision).toBe(1);
  });

  it('applies every migration once when two server processes start on one new database together', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-pg-procs-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const children = await Promise.all([
      startBuiltServer(dataDir, port),
      startBuiltServer(dataDir, port + 1),
    ]);
    try {
      const db = await PostgresDatabase.open(testDatabaseUrl(dataDir));
      try {
        const rows = await db.all<{ version: number; n: number }>(
          'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
        );
        expect(rows).toEqual(MIGRATIONS.map((migration) => ({ version: migration.version, n: 1 })));
      } finally {
        await db.close();
      }
      // Both serve the same models.
      const model = await createModel(`http://127.0.0.1:${port}`);
      const read = await apiClient(`http://127.0.0.1:${port + 1}`)(`/models/${model.id}`, {
        token: model.token,
      });
      expect(read.status).toBe(200);
    } finally {
      for (const child of children) child.kill('SIGTERM');
    }
  });

  it('gives one winner among writers in two stores racing with the same expected revision', async () => {
    const { url, dataDir } = await freshDatabase();
    const [a, b] = await Promise.all([openStore(url, dataDir), openStore(url, dataDir)]);
    const { id } = await a.create(minimalModel as never, owner);
    // Open every connection of both pools first, so that the writes below reach the server together.
    await Promise.all(
      [a, b].flatMap((store) =>
        Array.from({ length: 10 }, () => databaseOf(store).get('SELECT pg_sleep(0.05)')),
      ),
    );
    const bodies = Array.from({ length: 24 }, (_, i) =>
      JSON.stringify({ ...minimalModel, name: `Racer ${i}` }),
    );
    const results = await Promise.all(bodies.map((body, i) => (i % 2 === 0 ? a : b).put(id, body, 1, owner)));
    const winners = results.filter((result) => result.ok);
    expect(winners).toEqual([{ ok: true, revision: 2 }]);
    for (const result of results.filter((r) => !r.ok))
      expect(result).toEqual({ ok: false, currentRevision: 2 });
    // The loser's store answers the winner's body, not what it had cached.
    const winner = bodies[results.findIndex((result) => result.ok)];
    expect((await a.current(id))?.body).toBe(winner);
    expect((await b.current(id))?.body).toBe(winner);
    expect((await b.revisions(id)).map((revision) => revision.number)).toEqual([2, 1]);
  });

  it('numbers unconditional writes from two stores one after another, none lost', async () => {
    const { url, dataDir } = await freshDatabase();
    const [a, b] = await Promise.all([openStore(url, dataDir), openStore(url, dataDir)]);
    const { id } = await a.create(minimalModel as never, owner);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).put(id, JSON.stringify({ ...minimalModel, name: `n${i}` }), '*', owner),
      ),
    );
    const numbers = results.map((result) => (result.ok ? result.revision : 0)).sort((x, y) => x - y);
    expect(numbers).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect((await a.current(id))?.revision).toBe(11);
  });

  it('answers 412 to all but one of two servers on one database racing a PUT with the same If-Match', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-pg-two-'));
    const [one, two] = await Promise.all([testServer({ dataDir }), testServer({ dataDir })]);
    try {
      // Both on PostgreSQL: neither made a SQLite file in the shared folder.
      expect(existsSync(join(dataDir, 'meshplan.db'))).toBe(false);
      const model = await createModel(one.url);
      const put = (url: string, name: string) =>
        apiClient(url)(`/models/${model.id}`, {
          method: 'PUT',
          token: model.token,
          headers: { 'if-match': '"r1"' },
          json: { ...minimalModel, name },
        });
      const answers = await Promise.all([put(one.url, 'One'), put(two.url, 'Two')]);
      expect(answers.map((res) => res.status).sort(), await answers[0]?.clone().text()).toEqual([200, 412]);
      const read = await apiClient(two.url)(`/models/${model.id}`, { token: model.token });
      const winner = answers[0]?.status === 200 ? 'One' : 'Two';
      expect(((await read.json()) as { name: string }).name).toBe(winner);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('keeps model_usage by triggers, thins revisions and counts the database size', async () => {
    const { url, dataDir } = await freshDatabase();
    const store = await ModelStore.open(dataDir, {
      databaseUrl: url,
      retention: { keepAllDays: 0, keepHourlyDays: 0, keepLast: 2, intervalMs: 60_000 },
    });
    opened.push(store);
    const first = JSON.stringify({ ...minimalModel, name: 'Zoë <script>' });
    const { id } = await store.create(minimalModel as never, owner, first);
    for (let i = 0; i < 4; i++)
      await store.put(id, JSON.stringify({ ...minimalModel, name: `é${i}` }), '*', owner);
    const db = databaseOf(store);
    const usage = await db.get<{ bytes: number; revisions: number }>(
      'SELECT bytes, revisions FROM model_usage WHERE model_id = ?',
      [id],
    );
    const bodies = await db.all<{ body: string }>('SELECT body FROM revisions WHERE model_id = ?', [id]);
    expect(usage).toEqual({
      bytes: bodies.reduce((sum, row) => sum + Buffer.byteLength(row.body), 0),
      revisions: 5,
    });
    // The trigger takes the name from the body, as SQLite's json_extract does.
    expect(await db.get('SELECT name FROM models WHERE id = ?', [id])).toEqual({ name: 'é3' });
    expect(await store.reviews.put(id, 2, owner, 'approved', '')).toBe(true);
    expect(await store.compact(id)).toBeGreaterThan(0);
    expect((await store.revisions(id)).length).toBeLessThan(5);
    expect(await store.quotas.totalBytes()).toBeGreaterThan(0);
  });

  it('lets a fold lease bind only while its instance is connected (its listening session) and unexpired', async () => {
    const { url, dataDir } = await freshDatabase();
    const store = await openStore(url, dataDir);
    const { id } = await store.create(minimalModel as never, owner);
    // 'ghost' has no session named meshplan-listen/ghost: a dead instance's lease is taken at once.
    expect(await store.live.acquireLease(id, 'ghost', 60_000)).toBe(true);
    expect(await store.live.leaseHolder(id)).toBeUndefined();
    expect(await store.live.acquireLease(id, 'alive', 60_000)).toBe(true);
    const listening = new pg.Client({ connectionString: url, application_name: 'meshplan-listen/alive' });
    await listening.connect();
    try {
      expect(await store.live.leaseHolder(id)).toBe('alive');
      expect(await store.live.acquireLease(id, 'other', 60_000)).toBe(false);
    } finally {
      await listening.end();
    }
    // Its session closed (the process died): the lease no longer binds.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.live.acquireLease(id, 'other', 60_000)).toBe(true);
  });

  it('appends live updates with increasing numbers, actor as jsonb, and sets them aside whole', async () => {
    const { url, dataDir } = await freshDatabase();
    const store = await openStore(url, dataDir);
    const { id } = await store.create(minimalModel as never, owner);
    const first = await store.live.append(id, [{ update: new Uint8Array([1, 2]), actor: owner }]);
    const last = await store.live.append(id, [
      { update: new Uint8Array([3]) },
      { update: new Uint8Array([0, 255]) },
    ]);
    expect(last).toBe(first + 2);
    const updates = await store.live.updatesAfter(id, 0);
    expect(updates.map((u) => [...u.update])).toEqual([[1, 2], [3], [0, 255]]);
    expect(updates[0]?.actor).toEqual(owner);
    expect(
      await databaseOf(store).get(
        "SELECT data_type FROM information_schema.columns WHERE table_name = 'live_updates' AND column_name = 'actor'",
      ),
    ).toEqual({ data_type: 'jsonb' });
    await store.live.saveState(id, 1, first, new Uint8Array([9]));
    expect((await store.live.savedState(id))?.uptoSeq).toBe(first);
    await store.live.setAside(id, 'test');
    expect(await store.live.modelsWithUpdates()).toEqual([]);
    const aside = await databaseOf(store).all<{ seq: number }>(
      'SELECT u.seq FROM live_set_aside_updates u JOIN live_set_aside a ON a.id = u.set_aside_id WHERE a.model_id = ?',
      [id],
    );
    expect(aside).toHaveLength(2);
  });

  it('rolls a failed transaction back whole and keeps the connection usable', async () => {
    const { url } = await freshDatabase();
    const db = await PostgresDatabase.open(url);
    try {
      await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      await expect(
        db.transaction(async () => {
          await db.run('INSERT INTO t (id) VALUES (?)', [1]);
          await db.run('INSERT INTO t (id) VALUES (?)', [1]);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await db.all('SELECT id FROM t')).toEqual([]);
      expect(await db.get<{ n: number }>('SELECT count(*) AS n FROM t')).toEqual({ n: 0 });
    } finally {
      await db.close();
    }
  });
});
