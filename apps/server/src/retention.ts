import { statSync } from 'node:fs';
import { DEFAULT_RETENTION, type RetentionPolicy } from './config.js';
import type { SqlDatabase } from './db.js';

export interface RevisionRow {
  number: number;
  createdAt: string;
  /** Someone reviewed it: a review names it, so it stays. */
  reviewed: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The revisions a policy drops, of one model's revisions: it keeps the current one, every reviewed
 * one, the newest `keepLast`, every one younger than `keepAllDays`, the last of each hour of those
 * younger than `keepHourlyDays`, and the last of each (UTC) day before. Everything else goes.
 */
export function revisionsToDrop(
  rows: readonly RevisionRow[],
  current: number,
  policy: RetentionPolicy = DEFAULT_RETENTION,
  now = Date.now(),
): number[] {
  const newestFirst = [...rows].sort((a, b) => b.number - a.number);
  const keepAllAfter = now - policy.keepAllDays * DAY_MS;
  const hourlyAfter = now - Math.max(policy.keepHourlyDays, policy.keepAllDays) * DAY_MS;
  const daysSeen = new Set<string>();
  const hoursSeen = new Set<string>();
  const drop: number[] = [];
  newestFirst.forEach((row, index) => {
    // createdAt is ISO-8601 in UTC: its first 10 characters are the day, 13 the hour.
    const day = row.createdAt.slice(0, 10);
    const hour = row.createdAt.slice(0, 13);
    const lastOfItsDay = !daysSeen.has(day);
    const lastOfItsHour = !hoursSeen.has(hour);
    daysSeen.add(day);
    hoursSeen.add(hour);
    const time = Date.parse(row.createdAt);
    const keep =
      row.number === current ||
      row.reviewed ||
      index < policy.keepLast ||
      time >= keepAllAfter ||
      (time >= hourlyAfter && lastOfItsHour) ||
      lastOfItsDay;
    if (!keep) drop.push(row.number);
  });
  return drop.sort((a, b) => a - b);
}

/**
 * Drops the revisions of `modelId` that the policy does not keep, then gives their pages back to
 * the file system (`incremental_vacuum`). The DELETE checks again, in its own statement, that a
 * revision is neither current nor reviewed, so a write or review that raced with the choice wins.
 * Returns how many revisions went.
 */
export async function compactRevisions(
  db: SqlDatabase,
  modelId: string,
  policy: RetentionPolicy,
  now = Date.now(),
): Promise<number> {
  const rows = await db.all<{ number: number; created_at: string; reviewed: number; current: number }>(
    `SELECT r.number, r.created_at,
            CASE WHEN EXISTS (SELECT 1 FROM reviews v WHERE v.model_id = r.model_id AND v.revision = r.number) THEN 1 ELSE 0 END AS reviewed,
            m.current_revision AS current
       FROM revisions r JOIN models m ON m.id = r.model_id WHERE r.model_id = ?`,
    [modelId],
  );
  if (rows.length === 0) return 0;
  const drop = revisionsToDrop(
    rows.map((row) => ({ number: row.number, createdAt: row.created_at, reviewed: row.reviewed === 1 })),
    rows[0]?.current ?? 0,
    policy,
    now,
  );
  let dropped = 0;
  // Batches, so that one compaction does not hold the write lock for long.
  for (let start = 0; start < drop.length; start += 200) {
    const batch = drop.slice(start, start + 200);
    dropped += await db.transaction(async () => {
      const { changes } = await db.run(
        `DELETE FROM revisions WHERE model_id = ? AND number IN (${batch.map(() => '?').join(',')})
           AND number <> (SELECT current_revision FROM models WHERE id = ?)
           AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.model_id = revisions.model_id AND v.revision = revisions.number)`,
        [modelId, ...batch, modelId],
      );
      return changes;
    });
  }
  // PostgreSQL's autovacuum gives the space back there.
  if (dropped > 0 && db.dialect === 'sqlite') await db.serial(() => db.exec('PRAGMA incremental_vacuum'));
  return dropped;
}

/**
 * Makes the database give freed pages back (`auto_vacuum = INCREMENTAL`). A new database gets it
 * before its first table; an existing one needs one VACUUM, which rewrites the file and needs
 * about its size free again: when the disk has less, it is left for a later start.
 */
export async function ensureIncrementalVacuum(
  db: SqlDatabase,
  file: string,
  freeBytes: () => number,
): Promise<'set' | 'vacuumed' | 'already' | 'skipped: not enough free space'> {
  const mode = (await db.get<{ auto_vacuum: number }>('PRAGMA auto_vacuum'))?.auto_vacuum;
  if (mode === 2) return 'already';
  const tables = await db.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'");
  await db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  if (tables?.n === 0) return 'set';
  const size = statSync(file).size;
  if (freeBytes() < 2 * size) {
    await db.exec('PRAGMA auto_vacuum = NONE');
    return 'skipped: not enough free space';
  }
  await db.exec('VACUUM');
  return 'vacuumed';
}
