import type { SqlDatabase } from './db.js';

/**
 * Schema versions, applied in order, each in its own transaction; never edit a shipped one. Each
 * is written twice, side by side: `sql` for SQLite and `postgres` for PostgreSQL, the same tables,
 * columns and triggers (ARCHITECTURE.md names the differences: identities for AUTOINCREMENT, an
 * explicit `rowid` where SQLite's is read, BYTEA for BLOB, BIGINT for byte counts, DOUBLE PRECISION
 * for REAL, trigger functions, jsonb for JSON that is not a model).
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string; postgres: string }[] = [
  {
    version: 1,
    name: 'models and revisions',
    sql: `
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        current_revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE revisions (
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        author TEXT,
        summary TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (model_id, number)
      );`,
    postgres: `
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        current_revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE revisions (
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        author TEXT,
        summary TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (model_id, number)
      );`,
  },
  {
    version: 2,
    name: 'a revision insert advances its model',
    // One INSERT is then the whole write of a revision: atomic without a transaction around it.
    sql: `
      CREATE TRIGGER revisions_advance_model AFTER INSERT ON revisions
      BEGIN
        UPDATE models
           SET current_revision = NEW.number, updated_at = NEW.created_at, name = coalesce(json_extract(NEW.body, '$.name'), name)
         WHERE id = NEW.model_id AND current_revision < NEW.number;
      END;`,
    postgres: `
      CREATE FUNCTION revisions_advance_model() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        new_name TEXT;
      BEGIN
        -- A name PostgreSQL's text cannot hold (an escaped U+0000) keeps the one before.
        BEGIN
          new_name := NEW.body::json ->> 'name';
        EXCEPTION WHEN untranslatable_character OR invalid_parameter_value OR invalid_text_representation THEN
          new_name := NULL;
        END;
        UPDATE models
           SET current_revision = NEW.number, updated_at = NEW.created_at, name = coalesce(new_name, name)
         WHERE id = NEW.model_id AND current_revision < NEW.number;
        RETURN NULL;
      END $$;
      CREATE TRIGGER revisions_advance_model AFTER INSERT ON revisions
        FOR EACH ROW EXECUTE FUNCTION revisions_advance_model();`,
  },
  {
    version: 3,
    name: 'share links, comments and reviews',
    sql: `
      CREATE TABLE share_links (
        id TEXT PRIMARY KEY,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('view', 'comment', 'edit')),
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX share_links_model ON share_links (model_id);
      CREATE TABLE comment_threads (
        id TEXT PRIMARY KEY,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        element_id TEXT,
        x REAL,
        y REAL,
        resolved INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX comment_threads_model ON comment_threads (model_id);
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES comment_threads(id) ON DELETE CASCADE,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX comments_thread ON comments (thread_id);
      CREATE TABLE reviews (
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        author TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('approved', 'changes-requested')),
        summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (model_id, revision, author),
        FOREIGN KEY (model_id, revision) REFERENCES revisions(model_id, number) ON DELETE CASCADE
      );`,
    postgres: `
      CREATE TABLE share_links (
        id TEXT PRIMARY KEY,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('view', 'comment', 'edit')),
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
      );
      CREATE INDEX share_links_model ON share_links (model_id);
      CREATE TABLE comment_threads (
        id TEXT PRIMARY KEY,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        element_id TEXT,
        x DOUBLE PRECISION,
        y DOUBLE PRECISION,
        resolved INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
      );
      CREATE INDEX comment_threads_model ON comment_threads (model_id);
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES comment_threads(id) ON DELETE CASCADE,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
      );
      CREATE INDEX comments_thread ON comments (thread_id);
      CREATE TABLE reviews (
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        author TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('approved', 'changes-requested')),
        summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,
        PRIMARY KEY (model_id, revision, author),
        FOREIGN KEY (model_id, revision) REFERENCES revisions(model_id, number) ON DELETE CASCADE
      );`,
  },
  {
    version: 4,
    name: 'live editing: saved document state and the updates since',
    sql: `
      CREATE TABLE live_state (
        model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        base_revision INTEGER NOT NULL,
        upto_seq INTEGER NOT NULL,
        state BLOB NOT NULL
      );
      CREATE TABLE live_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        update_data BLOB NOT NULL
      );
      CREATE INDEX live_updates_by_model ON live_updates (model_id, seq);`,
    postgres: `
      CREATE TABLE live_state (
        model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        base_revision INTEGER NOT NULL,
        upto_seq BIGINT NOT NULL,
        state BYTEA NOT NULL
      );
      CREATE TABLE live_updates (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        update_data BYTEA NOT NULL
      );
      CREATE INDEX live_updates_by_model ON live_updates (model_id, seq);`,
  },
  {
    version: 5,
    name: 'the credential behind every write; reviews keyed by credential',
    // actor: 'owner' or 'link:<linkId>' (never a secret); actor_role: that credential's role then.
    // Rows written before this migration keep NULL: unknown, shown by name alone as before.
    // Reviews are rebuilt: keyed by the credential, not by the free-text name. Old reviews keep
    // actor NULL, which UNIQUE treats as distinct, so none of them collides with another.
    sql: `
      ALTER TABLE revisions ADD COLUMN actor TEXT;
      ALTER TABLE revisions ADD COLUMN actor_role TEXT;
      ALTER TABLE comment_threads ADD COLUMN actor TEXT;
      ALTER TABLE comment_threads ADD COLUMN actor_role TEXT;
      ALTER TABLE comment_threads ADD COLUMN resolved_by TEXT;
      ALTER TABLE comment_threads ADD COLUMN resolved_actor TEXT;
      ALTER TABLE comment_threads ADD COLUMN resolved_role TEXT;
      ALTER TABLE comments ADD COLUMN actor TEXT;
      ALTER TABLE comments ADD COLUMN actor_role TEXT;
      ALTER TABLE comments ADD COLUMN edited_at TEXT;
      CREATE TABLE reviews_by_actor (
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        actor TEXT,
        actor_role TEXT,
        author TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('approved', 'changes-requested')),
        summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (model_id, revision, actor),
        FOREIGN KEY (model_id, revision) REFERENCES revisions(model_id, number) ON DELETE CASCADE
      );
      INSERT INTO reviews_by_actor (model_id, revision, actor, actor_role, author, status, summary, created_at)
        SELECT model_id, revision, NULL, NULL, author, status, summary, created_at FROM reviews ORDER BY rowid;
      DROP TABLE reviews;
      ALTER TABLE reviews_by_actor RENAME TO reviews;`,
    postgres: `
      ALTER TABLE revisions ADD COLUMN actor TEXT;
      ALTER TABLE revisions ADD COLUMN actor_role TEXT;
      ALTER TABLE comment_threads ADD COLUMN actor TEXT;
      ALTER TABLE comment_threads ADD COLUMN actor_role TEXT;
      ALTER TABLE comment_threads ADD COLUMN resolved_by TEXT;
      ALTER TABLE comment_threads ADD COLUMN resolved_actor TEXT;
      ALTER TABLE comment_threads ADD COLUMN resolved_role TEXT;
      ALTER TABLE comments ADD COLUMN actor TEXT;
      ALTER TABLE comments ADD COLUMN actor_role TEXT;
      ALTER TABLE comments ADD COLUMN edited_at TEXT;
      CREATE TABLE reviews_by_actor (
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        actor TEXT,
        actor_role TEXT,
        author TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('approved', 'changes-requested')),
        summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,
        UNIQUE (model_id, revision, actor),
        FOREIGN KEY (model_id, revision) REFERENCES revisions(model_id, number) ON DELETE CASCADE
      );
      INSERT INTO reviews_by_actor (model_id, revision, actor, actor_role, author, status, summary, created_at)
        SELECT model_id, revision, NULL, NULL, author, status, summary, created_at FROM reviews ORDER BY rowid;
      DROP TABLE reviews;
      ALTER TABLE reviews_by_actor RENAME TO reviews;`,
  },
  {
    version: 6,
    name: 'storage accounting: bytes and revisions per model, kept by triggers',
    // Triggers keep the count in the same statement as the write, whoever writes (REST, live
    // rooms, retention), so the quotas of quotas.ts read one row instead of summing bodies.
    sql: `
      CREATE TABLE model_usage (
        model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        bytes INTEGER NOT NULL DEFAULT 0,
        revisions INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO model_usage (model_id, bytes, revisions)
        SELECT m.id, coalesce(sum(length(CAST(r.body AS BLOB))), 0), count(r.number)
          FROM models m LEFT JOIN revisions r ON r.model_id = m.id GROUP BY m.id;
      CREATE TRIGGER model_usage_model_added AFTER INSERT ON models
      BEGIN
        INSERT INTO model_usage (model_id) VALUES (NEW.id);
      END;
      CREATE TRIGGER model_usage_revision_added AFTER INSERT ON revisions
      BEGIN
        UPDATE model_usage SET bytes = bytes + length(CAST(NEW.body AS BLOB)), revisions = revisions + 1
         WHERE model_id = NEW.model_id;
      END;
      CREATE TRIGGER model_usage_revision_removed AFTER DELETE ON revisions
      BEGIN
        UPDATE model_usage SET bytes = bytes - length(CAST(OLD.body AS BLOB)), revisions = revisions - 1
         WHERE model_id = OLD.model_id;
      END;`,
    postgres: `
      CREATE TABLE model_usage (
        model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        bytes BIGINT NOT NULL DEFAULT 0,
        revisions INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO model_usage (model_id, bytes, revisions)
        SELECT m.id, coalesce(sum(octet_length(r.body)), 0), count(r.number)
          FROM models m LEFT JOIN revisions r ON r.model_id = m.id GROUP BY m.id;
      CREATE FUNCTION model_usage_model_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO model_usage (model_id) VALUES (NEW.id);
        RETURN NULL;
      END $$;
      CREATE TRIGGER model_usage_model_added AFTER INSERT ON models
        FOR EACH ROW EXECUTE FUNCTION model_usage_model_added();
      CREATE FUNCTION model_usage_revision_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE model_usage SET bytes = bytes + octet_length(NEW.body), revisions = revisions + 1
         WHERE model_id = NEW.model_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER model_usage_revision_added AFTER INSERT ON revisions
        FOR EACH ROW EXECUTE FUNCTION model_usage_revision_added();
      CREATE FUNCTION model_usage_revision_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE model_usage SET bytes = bytes - octet_length(OLD.body), revisions = revisions - 1
         WHERE model_id = OLD.model_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER model_usage_revision_removed AFTER DELETE ON revisions
        FOR EACH ROW EXECUTE FUNCTION model_usage_revision_removed();`,
  },
  {
    version: 7,
    name: 'live changes set aside: a room that could not be folded keeps its rows here',
    sql: `
      CREATE TABLE live_set_aside (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        set_aside_at TEXT NOT NULL,
        base_revision INTEGER,
        state BLOB
      );
      CREATE TABLE live_set_aside_updates (
        set_aside_id INTEGER NOT NULL REFERENCES live_set_aside(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        update_data BLOB NOT NULL,
        PRIMARY KEY (set_aside_id, seq)
      );`,
    postgres: `
      CREATE TABLE live_set_aside (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        set_aside_at TEXT NOT NULL,
        base_revision INTEGER,
        state BYTEA
      );
      CREATE TABLE live_set_aside_updates (
        set_aside_id BIGINT NOT NULL REFERENCES live_set_aside(id) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        update_data BYTEA NOT NULL,
        PRIMARY KEY (set_aside_id, seq)
      );`,
  },
  {
    version: 8,
    name: 'live updates record who sent them',
    // JSON {name, credential key, role} of the peer whose change it was; NULL for the server's own
    // (a repair, a revision adopted from the REST API) and for rows older than this migration.
    sql: 'ALTER TABLE live_updates ADD COLUMN actor TEXT;',
    postgres: 'ALTER TABLE live_updates ADD COLUMN actor JSONB;',
  },
  {
    version: 9,
    name: 'an approval records the breaking contract changes it acknowledged',
    // How many breaking changes (diff.md, against the revision before) the reviewer acknowledged
    // when approving; NULL when there were none to acknowledge, and for older reviews.
    sql: 'ALTER TABLE reviews ADD COLUMN acknowledged_breaking INTEGER;',
    postgres: 'ALTER TABLE reviews ADD COLUMN acknowledged_breaking INTEGER;',
  },
  {
    version: 10,
    name: 'live fold leases: one instance at a time folds a model into revisions',
    // The instance that folds the model's live updates on schedule, until `expires_at` (ms since
    // the epoch, by the database's clock); renewed while its room is open, taken over once expired.
    sql: `
      CREATE TABLE live_leases (
        model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        holder TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );`,
    postgres: `
      CREATE TABLE live_leases (
        model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        holder TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );`,
  },
];

/** Brings the database to the newest schema version; returns the versions it applied. */
export async function migrate(db: SqlDatabase): Promise<number[]> {
  // Under an advisory lock on PostgreSQL: a second instance starting at the same moment waits,
  // then finds every version applied.
  return db.exclusive(() => applyMigrations(db));
}

async function applyMigrations(db: SqlDatabase): Promise<number[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const done = new Set(
    (await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => row.version),
  );
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    await db.transaction(async () => {
      await db.exec(db.dialect === 'postgres' ? migration.postgres : migration.sql);
      await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    });
    applied.push(migration.version);
  }
  return applied;
}
