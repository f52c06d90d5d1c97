import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from './db.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { ModelStore } from './store.js';

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

  it('opens an existing database without losing data, in WAL mode with foreign keys on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshplan-mig-'));
    const first = await ModelStore.open(dir);
    const { id, token } = await first.create(
      { format: 'meshplan/v1', name: 'Kept', nodes: [], edges: [] },
      null,
    );
    await first.close();
    const again = await ModelStore.open(dir);
    expect((await again.open(id, token))?.body).toContain('"Kept"');
    expect(await again.db.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await again.db.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    await again.close();
  });

  it('migration 3: links, threads, comments and reviews go with their model', async () => {
    const store = await ModelStore.open(mkdtempSync(join(tmpdir(), 'meshplan-mig-')));
    const { id } = await store.create({ format: 'meshplan/v1', name: 'M', nodes: [], edges: [] }, null);
    const t = '2030-01-01T00:00:00.000Z';
    await store.db.run("INSERT INTO share_links VALUES ('l', ?, 'view', 'h', ?, NULL, NULL)", [id, t]);
    await store.db.run("INSERT INTO comment_threads VALUES ('t', ?, 'a', NULL, NULL, 0, ?, 'Ada')", [id, t]);
    await store.db.run("INSERT INTO comments VALUES ('c', 't', 'Ada', 'hi', ?)", [t]);
    await store.db.run("INSERT INTO reviews VALUES (?, 1, 'Ada', 'approved', '', ?)", [id, t]);
    await expect(
      store.db.run("INSERT INTO reviews VALUES (?, 2, 'Ada', 'approved', '', ?)", [id, t]),
    ).rejects.toThrow(/FOREIGN KEY/);
    await expect(
      store.db.run("INSERT INTO share_links VALUES ('m', ?, 'owner', 'h', ?, NULL, NULL)", [id, t]),
    ).rejects.toThrow(/CHECK/);
    await store.delete(id);
    for (const table of ['share_links', 'comment_threads', 'comments', 'reviews'])
      expect(await store.db.all(`SELECT * FROM ${table}`)).toEqual([]);
    await store.close();
  });

  it('rolls a failed transaction back whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshplan-mig-'));
    const store = await ModelStore.open(dir);
    await expect(
      store.db.transaction(async () => {
        await store.db.run("INSERT INTO models VALUES ('x', 'h', 'n', 1, 't', 't')");
        throw new Error('crash in the middle');
      }),
    ).rejects.toThrow('crash in the middle');
    expect(await store.db.all("SELECT id FROM models WHERE id = 'x'")).toEqual([]);
    await store.close();
  });
});
