import type { Database } from './db.js';
import { secret } from './store.js';

export interface Anchor {
  element?: string;
  point?: { x: number; y: number };
}

export interface Comment {
  id: string;
  author: string;
  text: string;
  createdAt: string;
}

export interface Thread {
  id: string;
  anchor: Anchor;
  resolved: boolean;
  createdAt: string;
  createdBy: string;
  comments: Comment[];
}

interface ThreadRow {
  id: string;
  element_id: string | null;
  x: number | null;
  y: number | null;
  resolved: number;
  created_at: string;
  created_by: string;
}

interface CommentRow {
  id: string;
  thread_id: string;
  author: string;
  text: string;
  created_at: string;
}

function toThread(row: ThreadRow, comments: CommentRow[]): Thread {
  const anchor: Anchor = {};
  if (row.element_id !== null) anchor.element = row.element_id;
  if (row.x !== null && row.y !== null) anchor.point = { x: row.x, y: row.y };
  return {
    id: row.id,
    anchor,
    resolved: row.resolved === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
    comments: comments.map((c) => ({ id: c.id, author: c.author, text: c.text, createdAt: c.created_at })),
  };
}

/** The comment threads of a model (or the one thread `threadId`), oldest first, comments oldest first. */
export async function listThreads(db: Database, modelId: string, threadId?: string): Promise<Thread[]> {
  const only = threadId ?? null;
  const threads = await db.all<ThreadRow>(
    `SELECT id, element_id, x, y, resolved, created_at, created_by FROM comment_threads
     WHERE model_id = ? AND (? IS NULL OR id = ?) ORDER BY created_at, rowid`,
    [modelId, only, only],
  );
  const comments = await db.all<CommentRow>(
    `SELECT c.id, c.thread_id, c.author, c.text, c.created_at FROM comments c
     JOIN comment_threads t ON t.id = c.thread_id
     WHERE t.model_id = ? AND (? IS NULL OR t.id = ?) ORDER BY c.created_at, c.rowid`,
    [modelId, only, only],
  );
  const byThread = new Map<string, CommentRow[]>();
  for (const comment of comments) {
    const list = byThread.get(comment.thread_id) ?? [];
    list.push(comment);
    byThread.set(comment.thread_id, list);
  }
  return threads.map((row) => toThread(row, byThread.get(row.id) ?? []));
}

export async function getThread(
  db: Database,
  modelId: string,
  threadId: string,
): Promise<Thread | undefined> {
  return (await listThreads(db, modelId, threadId))[0];
}

/** A new thread with its first comment; returns its id. */
export async function createThread(
  db: Database,
  modelId: string,
  anchor: Anchor,
  author: string,
  text: string,
): Promise<string> {
  const id = secret(12);
  const now = new Date().toISOString();
  await db.transaction(async () => {
    await db.run(
      `INSERT INTO comment_threads (id, model_id, element_id, x, y, resolved, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
      [id, modelId, anchor.element ?? null, anchor.point?.x ?? null, anchor.point?.y ?? null, now, author],
    );
    await db.run('INSERT INTO comments (id, thread_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)', [
      secret(12),
      id,
      author,
      text,
      now,
    ]);
  });
  return id;
}

/** Adds a reply to a thread of `modelId`; false when the model has no such thread. */
export async function addReply(
  db: Database,
  modelId: string,
  threadId: string,
  author: string,
  text: string,
): Promise<boolean> {
  const { changes } = await db.serial(() =>
    db.run(
      `INSERT INTO comments (id, thread_id, author, text, created_at)
       SELECT ?, id, ?, ?, ? FROM comment_threads WHERE id = ? AND model_id = ?`,
      [secret(12), author, text, new Date().toISOString(), threadId, modelId],
    ),
  );
  return changes > 0;
}

/** Marks a thread resolved or open again; false when the model has no such thread. */
export async function setResolved(
  db: Database,
  modelId: string,
  threadId: string,
  resolved: boolean,
): Promise<boolean> {
  const { changes } = await db.serial(() =>
    db.run('UPDATE comment_threads SET resolved = ? WHERE id = ? AND model_id = ?', [
      resolved ? 1 : 0,
      threadId,
      modelId,
    ]),
  );
  return changes > 0;
}
