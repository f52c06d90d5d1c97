import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from './db.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { databaseOf, ModelStore } from './store.js';

const owner = { name: null, credential: 'owner', role: 'owner' } as const;

describe('migrations', () => {
  it('migrations create models, revisions, links, comments, reviews and live state, once', async () => {
    const db = await Database.open(join(mkdtempSync(join(tmpdir(), 'meshplan-mig-')), 'm.db'));
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const tables = await db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    );
    expect(tables.map((t) => t.name)).toEqual([
      'comment_threads',
      'comments',
      'live_leases',
      'live_set_aside',
      'live_set_aside_updates',
      'live_state',
      'live_updates',
      'model_usage',
      'models',
      'reviews',
      'revisions',
      'schema_migrations',
      'share_links',
      'sqlite_sequence',
    ]);
    await db.close();
  });

  it('keeps one fold lease per model: held, renewed, taken over only once expired, released by its holder (migration 10)', async () => {
    const store = await ModelStore.open(mkdtempSync(join(tmpdir(), 'meshplan-mig-')));
    try {
      const { id } = await store.create(
        { format: 'meshplan/v1', name: 'Lease', nodes: [], edges: [] },
        owner,
      );
      expect(await store.live.acquireLease(id, 'a', 60_000)).toBe(true);
      expect(await store.live.acquireLease(id, 'b', 60_000)).toBe(false);
      expect(await store.live.acquireLease(id, 'a', 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await store.live.leaseHolder(id)).toBeUndefined();
      expect(await store.live.acquireLease(id, 'b', 60_000)).toBe(true);
      expect(await store.live.acquireLease(id, 'a', 60_000)).toBe(false);
      await store.live.releaseLease(id, 'a');
      expect(await store.live.leaseHolder(id)).toBe('b');
      await store.live.releaseLease(id, 'b');
      expect(await store.live.leaseHolder(id)).toBeUndefined();
      // No lease for a model that does not exist; a deleted model's lease goes with it.
      expect(await store.live.acquireLease('no-such-model', 'a', 60_000)).toBe(false);
      expect(await store.live.acquireLease(id, 'a', 60_000)).toBe(true);
      await store.delete(id);
      expect(await databaseOf(store).all('SELECT * FROM live_leases')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('opens an existing database without losing data, in WAL mode with foreign keys on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshplan-mig-'));
    const first = await ModelStore.open(dir);
    const { id, token } = await first.create(
      { format: 'meshplan/v1', name: 'Kept', nodes: [], edges: [] },
      owner,
    );
    await first.close();
    const again = await ModelStore.open(dir);
    expect((await again.open(id, token))?.body).toContain('"Kept"');
    expect(await databaseOf(again).get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await databaseOf(again).get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    await again.close();
  });

  it('migration 3: links, threads, comments and reviews go with their model', async () => {
    const store = await ModelStore.open(mkdtempSync(join(tmpdir(), 'meshplan-mig-')));
    const { id } = await store.create({ format: 'meshplan/v1', name: 'M', nodes: [], edges: [] }, owner);
    const t = '2030-01-01T00:00:00.000Z';
    await databaseOf(store).run("INSERT INTO share_links VALUES ('l', ?, 'view', 'h', ?, NULL, NULL)", [
      id,
      t,
    ]);
    await databaseOf(store).run(
      "INSERT INTO comment_threads (id, model_id, element_id, x, y, resolved, created_at, created_by) VALUES ('t', ?, 'a', NULL, NULL, 0, ?, 'Ada')",
      [id, t],
    );
    await databaseOf(store).run(
      "INSERT INTO comments (id, thread_id, author, text, created_at) VALUES ('c', 't', 'Ada', 'hi', ?)",
      [t],
    );
    const review =
      'INSERT INTO reviews (model_id, revision, author, status, summary, created_at) VALUES (?, ?, ?, ?, ?, ?)';
    await databaseOf(store).run(review, [id, 1, 'Ada', 'approved', '', t]);
    await expect(databaseOf(store).run(review, [id, 2, 'Ada', 'approved', '', t])).rejects.toThrow(
      /FOREIGN KEY/,
    );
    await expect(
      databaseOf(store).run("INSERT INTO share_links VALUES ('m', ?, 'owner', 'h', ?, NULL, NULL)", [id, t]),
    ).rejects.toThrow(/CHECK/);
    await store.delete(id);
    for (const table of ['share_links', 'comment_threads', 'comments', 'reviews'])
      expect(await databaseOf(store).all(`SELECT * FROM ${table}`)).toEqual([]);
    await store.close();
  });

  it('migration 5 keeps rows written before it readable, with the credential unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshplan-mig-'));
    const db = await Database.open(join(dir, 'meshplan.db'));
    // A database as version 4 left it, with a revision, a thread, a comment and two reviews.
    await db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const migration of MIGRATIONS.filter((m) => m.version <= 4)) {
      await db.exec(migration.sql);
      await db.run('INSERT INTO schema_migrations VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        't',
      ]);
    }
    const t = '2020-01-01T00:00:00.000Z';
    await db.run("INSERT INTO models VALUES ('m', 'h', 'Old', 1, ?, ?)", [t, t]);
    await db.run(
      'INSERT INTO revisions VALUES (\'m\', 1, ?, \'Ada\', \'created\', \'{"format":"meshplan/v1","name":"Old","nodes":[],"edges":[]}\')',
      [t],
    );
    await db.run("INSERT INTO comment_threads VALUES ('t', 'm', 'a', NULL, NULL, 1, ?, 'Ada')", [t]);
    await db.run("INSERT INTO comments VALUES ('c', 't', 'Ada', 'hi', ?)", [t]);
    await db.run("INSERT INTO reviews VALUES ('m', 1, 'Ada', 'approved', '', ?)", [t]);
    await db.run("INSERT INTO reviews VALUES ('m', 1, 'Zoë', 'changes-requested', 'no', ?)", [t]);
    // As ModelStore.open runs it: foreign keys on while reviews are rebuilt.
    await db.exec('PRAGMA foreign_keys = ON');
    expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 4).map((m) => m.version));
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
    await db.close();

    const store = await ModelStore.open(dir);
    expect(await store.revisions('m')).toEqual([
      { number: 1, createdAt: t, author: 'Ada', role: null, byOwner: false, summary: 'created' },
    ]);
    const reviews = (await store.reviews.list('m', 'owner')).get(1);
    expect(reviews?.map((r) => [r.author, r.role, r.status, r.mine])).toEqual([
      ['Ada', null, 'approved', false],
      ['Zoë', null, 'changes-requested', false],
    ]);
    const [thread] = await store.comments.list('m', 'owner');
    expect(thread).toMatchObject({ createdBy: 'Ada', createdByRole: null, resolved: true, resolvedBy: null });
    expect(thread?.comments).toMatchObject([{ author: 'Ada', role: null, byOwner: false, mine: false }]);
    // A review by the owner now is the owner's own, beside the old ones: none of them is replaced.
    await store.reviews.put('m', 1, { ...owner, name: 'Ada' }, 'changes-requested', 'again');
    expect((await store.reviews.list('m', 'owner')).get(1)?.map((r) => [r.author, r.role])).toEqual([
      ['Ada', null],
      ['Zoë', null],
      ['Ada', 'owner'],
    ]);
    await store.close();
  });

  it('rolls a failed transaction back whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshplan-mig-'));
    const store = await ModelStore.open(dir);
    await expect(
      databaseOf(store).transaction(async () => {
        await databaseOf(store).run("INSERT INTO models VALUES ('x', 'h', 'n', 1, 't', 't')");
        throw new Error('crash in the middle');
      }),
    ).rejects.toThrow('crash in the middle');
    expect(await databaseOf(store).all("SELECT id FROM models WHERE id = 'x'")).toEqual([]);
    await store.close();
  });
});
