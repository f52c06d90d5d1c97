import { type Actor, type Credential, credentialKey, type ShownActor, shownActor } from './actor.js';
import type { SqlDatabase } from './db.js';
import type { ModelEvents } from './events.js';
import { secret } from './store.js';

export interface Anchor {
  element?: string;
  point?: { x: number; y: number };
}

/** A comment as the API shows it: who wrote it (name and role), and whether the asker did. */
export interface Comment extends ShownActor {
  id: string;
  text: string;
  createdAt: string;
  editedAt: string | null;
  /** Written with the credential of the request that reads it. */
  mine: boolean;
}

export interface Thread {
  id: string;
  anchor: Anchor;
  resolved: boolean;
  createdAt: string;
  createdBy: string;
  createdByRole: ShownActor['role'];
  byOwner: boolean;
  mine: boolean;
  /** Who resolved it last (null when open, or resolved before migration 5). */
  resolvedBy: ShownActor | null;
  comments: Comment[];
}

/** A thread as stored, with the credential keys (`owner`, `link:<id>`, or null when unknown). */
export interface StoredThread {
  id: string;
  actor: string | null;
  resolved: boolean;
  resolvedActor: string | null;
  comments: { id: string; actor: string | null }[];
}

interface ThreadRow {
  id: string;
  element_id: string | null;
  x: number | null;
  y: number | null;
  resolved: number;
  created_at: string;
  created_by: string;
  actor: string | null;
  actor_role: string | null;
  resolved_by: string | null;
  resolved_actor: string | null;
  resolved_role: string | null;
}

interface CommentRow {
  id: string;
  thread_id: string;
  author: string;
  text: string;
  created_at: string;
  edited_at: string | null;
  actor: string | null;
  actor_role: string | null;
}

/**
 * The comment threads of models: each thread and comment records the credential that wrote it
 * (`actor`), so that permissions follow the credential and not the free-text name. Emits
 * `comments` after every committed change.
 */
export class CommentRepository {
  constructor(
    private readonly db: SqlDatabase,
    private readonly events: ModelEvents,
  ) {}

  /** The threads of a model (or the one thread `threadId`), oldest first, comments oldest first. */
  async list(modelId: string, viewer: Credential | null, threadId?: string): Promise<Thread[]> {
    const { threads, comments } = await this.rows(modelId, threadId);
    const mine = viewer === null ? null : credentialKey(viewer);
    return threads.map((row) => toThread(row, comments.get(row.id) ?? [], mine));
  }

  async get(modelId: string, threadId: string, viewer: Credential | null): Promise<Thread | undefined> {
    return (await this.list(modelId, viewer, threadId))[0];
  }

  /** Who wrote a thread and each of its comments, for permission checks; undefined when there is no such thread. */
  async stored(modelId: string, threadId: string): Promise<StoredThread | undefined> {
    const { threads, comments } = await this.rows(modelId, threadId);
    const row = threads[0];
    if (row === undefined) return undefined;
    return {
      id: row.id,
      actor: row.actor,
      resolved: row.resolved === 1,
      resolvedActor: row.resolved_actor,
      comments: (comments.get(row.id) ?? []).map((c) => ({ id: c.id, actor: c.actor })),
    };
  }

  /** A new thread with its first comment; returns its id. */
  async create(modelId: string, anchor: Anchor, actor: Actor, text: string): Promise<string> {
    const id = secret(12);
    const now = new Date().toISOString();
    const name = actor.name ?? 'Anonymous';
    const key = credentialKey(actor.credential);
    await this.db.transaction(async () => {
      await this.db.run(
        `INSERT INTO comment_threads (id, model_id, element_id, x, y, resolved, created_at, created_by, actor, actor_role)
         VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
        [
          id,
          modelId,
          anchor.element ?? null,
          anchor.point?.x ?? null,
          anchor.point?.y ?? null,
          now,
          name,
          key,
          actor.role,
        ],
      );
      await this.db.run(
        'INSERT INTO comments (id, thread_id, author, text, created_at, actor, actor_role) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [secret(12), id, name, text, now, key, actor.role],
      );
    });
    this.events.emit('comments', modelId);
    return id;
  }

  /** Adds a reply to a thread of `modelId`; false when the model has no such thread. */
  async reply(modelId: string, threadId: string, actor: Actor, text: string): Promise<boolean> {
    const { changes } = await this.db.serial(() =>
      this.db.run(
        `INSERT INTO comments (id, thread_id, author, text, created_at, actor, actor_role)
         SELECT ?, id, ?, ?, ?, ?, ? FROM comment_threads WHERE id = ? AND model_id = ?`,
        [
          secret(12),
          actor.name ?? 'Anonymous',
          text,
          new Date().toISOString(),
          credentialKey(actor.credential),
          actor.role,
          threadId,
          modelId,
        ],
      ),
    );
    if (changes > 0) this.events.emit('comments', modelId);
    return changes > 0;
  }

  /** Marks a thread resolved (recording by whom) or open again; false when the model has no such thread. */
  async setResolved(modelId: string, threadId: string, resolved: boolean, actor: Actor): Promise<boolean> {
    const { changes } = await this.db.serial(() =>
      this.db.run(
        `UPDATE comment_threads SET resolved = ?, resolved_by = ?, resolved_actor = ?, resolved_role = ?
         WHERE id = ? AND model_id = ?`,
        resolved
          ? [1, actor.name ?? 'Anonymous', credentialKey(actor.credential), actor.role, threadId, modelId]
          : [0, null, null, null, threadId, modelId],
      ),
    );
    if (changes > 0) this.events.emit('comments', modelId);
    return changes > 0;
  }

  /** Replaces a comment's text; false when the thread has no such comment. */
  async edit(modelId: string, threadId: string, commentId: string, text: string): Promise<boolean> {
    const { changes } = await this.db.serial(() =>
      this.db.run(
        `UPDATE comments SET text = ?, edited_at = ? WHERE id = ? AND thread_id IN
         (SELECT id FROM comment_threads WHERE id = ? AND model_id = ?)`,
        [text, new Date().toISOString(), commentId, threadId, modelId],
      ),
    );
    if (changes > 0) this.events.emit('comments', modelId);
    return changes > 0;
  }

  /** Deletes one comment; a thread left without comments goes with it. False when there is no such comment. */
  async deleteComment(modelId: string, threadId: string, commentId: string): Promise<boolean> {
    const deleted = await this.db.transaction(async () => {
      const { changes } = await this.db.run(
        `DELETE FROM comments WHERE id = ? AND thread_id IN
         (SELECT id FROM comment_threads WHERE id = ? AND model_id = ?)`,
        [commentId, threadId, modelId],
      );
      if (changes > 0)
        await this.db.run(
          'DELETE FROM comment_threads WHERE id = ? AND NOT EXISTS (SELECT 1 FROM comments WHERE thread_id = ?)',
          [threadId, threadId],
        );
      return changes > 0;
    });
    if (deleted) this.events.emit('comments', modelId);
    return deleted;
  }

  /** Deletes a thread and its comments; false when the model has no such thread. */
  async deleteThread(modelId: string, threadId: string): Promise<boolean> {
    const { changes } = await this.db.serial(() =>
      this.db.run('DELETE FROM comment_threads WHERE id = ? AND model_id = ?', [threadId, modelId]),
    );
    if (changes > 0) this.events.emit('comments', modelId);
    return changes > 0;
  }

  private async rows(modelId: string, threadId?: string) {
    const only = threadId ?? null;
    const threads = await this.db.all<ThreadRow>(
      `SELECT id, element_id, x, y, resolved, created_at, created_by, actor, actor_role,
              resolved_by, resolved_actor, resolved_role FROM comment_threads
       WHERE model_id = ? AND (CAST(? AS TEXT) IS NULL OR id = ?) ORDER BY created_at, rowid`,
      [modelId, only, only],
    );
    const rows = await this.db.all<CommentRow>(
      `SELECT c.id, c.thread_id, c.author, c.text, c.created_at, c.edited_at, c.actor, c.actor_role FROM comments c
       JOIN comment_threads t ON t.id = c.thread_id
       WHERE t.model_id = ? AND (CAST(? AS TEXT) IS NULL OR t.id = ?) ORDER BY c.created_at, c.rowid`,
      [modelId, only, only],
    );
    const comments = new Map<string, CommentRow[]>();
    for (const comment of rows) {
      const list = comments.get(comment.thread_id) ?? [];
      list.push(comment);
      comments.set(comment.thread_id, list);
    }
    return { threads, comments };
  }
}

function toThread(row: ThreadRow, comments: CommentRow[], mine: string | null): Thread {
  const anchor: Anchor = {};
  if (row.element_id !== null) anchor.element = row.element_id;
  if (row.x !== null && row.y !== null) anchor.point = { x: row.x, y: row.y };
  const resolved = row.resolved === 1;
  return {
    id: row.id,
    anchor,
    resolved,
    createdAt: row.created_at,
    createdBy: row.created_by,
    createdByRole: shownActor(row.created_by, row.actor, row.actor_role).role,
    byOwner: row.actor === 'owner',
    mine: mine !== null && row.actor === mine,
    resolvedBy:
      resolved && row.resolved_actor !== null
        ? shownActor(row.resolved_by, row.resolved_actor, row.resolved_role)
        : null,
    comments: comments.map((c) => ({
      id: c.id,
      ...shownActor(c.author, c.actor, c.actor_role),
      text: c.text,
      createdAt: c.created_at,
      editedAt: c.edited_at,
      mine: mine !== null && c.actor === mine,
    })),
  };
}
