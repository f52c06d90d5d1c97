import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from './db.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { ModelStore } from './store.js';

describe('migrations', () => {
  it('migration 1 creates models and revisions, once', async () => {
    const db = await Database.open(join(mkdtempSync(join(tmpdir(), 'meshplan-mig-')), 'm.db'));
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const tables = await db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    );
    expect(tables.map((t) => t.name)).toEqual(['models', 'revisions', 'schema_migrations']);
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
