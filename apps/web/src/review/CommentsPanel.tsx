import { LIMITS } from '@meshplan/api';
import { indexModel, type Model, type ModelIndex } from '@meshplan/model';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useReactFlow } from '@xyflow/react';
import { useId, useState } from 'react';
import { ApiError, api, type Thread } from '../api/client.js';
import { useEditor, useEditorStore, useIdleContent } from '../store/editor.js';
import { who } from './who.js';

/**
 * Review comments: threads pinned to an element or to a point of the canvas, with replies,
 * resolved and reopened; everyone in the session sees them change (the server tells the room).
 */
export function CommentsPanel({
  id,
  token,
  canComment,
  isOwner,
}: {
  id: string;
  token: string;
  canComment: boolean;
  /** The owner moderates: resolves, reopens and deletes any thread or comment. */
  isOwner: boolean;
}) {
  const queries = useQueryClient();
  const threads = useQuery({ queryKey: ['comments', id], queryFn: () => api.comments(id, token) });
  const [showResolved, setShowResolved] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const refresh = () => void queries.invalidateQueries({ queryKey: ['comments', id] });
  const onError = (e: unknown) =>
    setError(e instanceof ApiError ? (e.problem.detail ?? e.problem.title) : String(e));
  const list = (threads.data ?? []).filter((thread) => showResolved || !thread.resolved);
  const open = (threads.data ?? []).filter((thread) => !thread.resolved).length;
  return (
    <section className="panel comments" aria-label="Comments" data-testid="comments">
      <header>
        <h2>Comments ({open} open)</h2>
        <label className="field-check">
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />
          Show resolved
        </label>
      </header>
      {canComment ? <NewThread id={id} token={token} onDone={refresh} onError={onError} /> : null}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {list.length === 0 ? <p className="muted">No open threads.</p> : null}
      <ul className="threads">
        {list.map((thread) => (
          <ThreadView
            key={thread.id}
            id={id}
            token={token}
            thread={thread}
            canComment={canComment}
            isOwner={isOwner}
            onDone={refresh}
            onError={onError}
          />
        ))}
      </ul>
    </section>
  );
}

function NewThread({
  id,
  token,
  onDone,
  onError,
}: {
  id: string;
  token: string;
  onDone: () => void;
  onError: (e: unknown) => void;
}) {
  const selection = useEditor((s) => s.selection);
  const model = useIdleContent();
  const { getViewport } = useReactFlow();
  const [text, setText] = useState('');
  const inputId = useId();
  const element = selection.length === 1 ? selection[0] : undefined;
  const label = element === undefined ? undefined : labelOf(model, element);
  const add = useMutation({
    mutationFn: () => {
      if (element !== undefined) return api.comment(id, token, { element }, text);
      // No selection: pinned to the middle of what the user sees.
      const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
      const { x, y, zoom } = getViewport();
      const point = {
        x: Math.round(((canvas?.width ?? 800) / 2 - x) / zoom),
        y: Math.round(((canvas?.height ?? 600) / 2 - y) / zoom),
      };
      return api.comment(id, token, { point }, text);
    },
    onSuccess: () => {
      setText('');
      onDone();
    },
    onError,
  });
  return (
    <form
      className="new-thread"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() !== '') add.mutate();
      }}
    >
      <label htmlFor={inputId}>Comment on {label ? `“${label}”` : 'this spot of the canvas'}</label>
      <textarea
        id={inputId}
        rows={2}
        value={text}
        maxLength={LIMITS.commentText}
        data-testid="comment-text"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" data-testid="comment-add" disabled={add.isPending || text.trim() === ''}>
        Comment
      </button>
    </form>
  );
}

function ThreadView({
  id,
  token,
  thread,
  canComment,
  isOwner,
  onDone,
  onError,
}: {
  id: string;
  token: string;
  thread: Thread;
  canComment: boolean;
  isOwner: boolean;
  onDone: () => void;
  onError: (e: unknown) => void;
}) {
  const model = useIdleContent();
  const { setCenter, fitView } = useReactFlow();
  const [reply, setReply] = useState('');
  const replyId = useId();
  const send = useMutation({
    mutationFn: () => api.reply(id, token, thread.id, reply),
    onSuccess: () => {
      setReply('');
      onDone();
    },
    onError,
  });
  const toggle = useMutation({
    mutationFn: () => api.resolve(id, token, thread.id, !thread.resolved),
    onSuccess: onDone,
    onError,
  });
  const [editing, setEditing] = useState<{ commentId: string; text: string } | undefined>();
  const saveEdit = useMutation({
    mutationFn: (edit: { commentId: string; text: string }) =>
      api.editComment(id, token, thread.id, edit.commentId, edit.text),
    onSuccess: () => {
      setEditing(undefined);
      onDone();
    },
    onError,
  });
  const removeComment = useMutation({
    mutationFn: (commentId: string) => api.deleteComment(id, token, thread.id, commentId),
    onSuccess: onDone,
    onError,
  });
  // The server decides; these only hide what it would refuse (see apps/server/README.md).
  const mayToggle = isOwner || (thread.mine && !(thread.resolved && thread.resolvedBy?.byOwner === true));
  const chosen = useEditor((s) => s.pins.chosen === thread.id);
  const store = useEditorStore();
  const element = thread.anchor.element;
  const focus = () => {
    if (element !== undefined) {
      store.getState().select([element]);
      void fitView({ nodes: [{ id: element }], duration: 300, maxZoom: 1.2 });
    } else if (thread.anchor.point) {
      void setCenter(thread.anchor.point.x, thread.anchor.point.y, { zoom: 1, duration: 300 });
    }
  };
  return (
    <li
      className={`thread${thread.resolved ? ' resolved' : ''}${chosen ? ' chosen' : ''}`}
      data-testid="thread"
      ref={(el) => {
        if (chosen) el?.scrollIntoView({ block: 'nearest' });
      }}
    >
      <button type="button" className="anchor" onClick={focus}>
        {element !== undefined
          ? `On “${labelOf(model, element) ?? `${element} (deleted)`}”`
          : thread.anchor.point
            ? `On the canvas at ${thread.anchor.point.x}, ${thread.anchor.point.y}`
            : 'On the model'}
      </button>
      <ol className="thread-comments">
        {thread.comments.map((comment) => (
          <li key={comment.id}>
            <strong data-testid="comment-author">{who(comment.author, comment.role)}</strong>{' '}
            <span className="muted">
              {new Date(comment.createdAt).toLocaleString()}
              {comment.editedAt !== null ? ' (edited)' : ''}
            </span>
            {canComment && comment.mine && editing === undefined ? (
              <button
                type="button"
                data-testid="comment-edit"
                onClick={() => setEditing({ commentId: comment.id, text: comment.text })}
              >
                Edit
              </button>
            ) : null}
            {canComment && (isOwner || comment.mine) ? (
              <button
                type="button"
                data-testid="comment-delete"
                onClick={() => removeComment.mutate(comment.id)}
              >
                Delete
              </button>
            ) : null}
            {editing?.commentId === comment.id ? (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (editing.text.trim() !== '') saveEdit.mutate(editing);
                }}
              >
                <label htmlFor={`${replyId}-edit`} className="visually-hidden">
                  Your comment
                </label>
                <input
                  id={`${replyId}-edit`}
                  value={editing.text}
                  maxLength={5000}
                  data-testid="comment-edit-text"
                  onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                />
                <button type="submit" disabled={editing.text.trim() === ''}>
                  Save
                </button>
                <button type="button" onClick={() => setEditing(undefined)}>
                  Cancel
                </button>
              </form>
            ) : (
              <p>{comment.text}</p>
            )}
          </li>
        ))}
      </ol>
      {canComment ? (
        <div className="thread-actions">
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (reply.trim() !== '') send.mutate();
            }}
          >
            <label htmlFor={replyId} className="visually-hidden">
              Reply
            </label>
            <input
              id={replyId}
              placeholder="Reply…"
              value={reply}
              maxLength={LIMITS.commentText}
              data-testid="reply-text"
              onChange={(e) => setReply(e.target.value)}
            />
            <button type="submit" disabled={reply.trim() === ''}>
              Reply
            </button>
          </form>
          {mayToggle ? (
            <button type="button" data-testid="thread-toggle" onClick={() => toggle.mutate()}>
              {thread.resolved ? 'Reopen' : 'Resolve'}
            </button>
          ) : null}
          {thread.resolved && thread.resolvedBy !== null ? (
            <span className="muted" data-testid="resolved-by">
              Resolved by {who(thread.resolvedBy.author, thread.resolvedBy.role)}
            </span>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

const indices = new WeakMap<Model, ModelIndex>();

/** How an element is called (ModelIndex.label), or undefined when the model has no such element. */
function labelOf(model: Model | undefined, id: string): string | undefined {
  if (model === undefined) return undefined;
  let index = indices.get(model);
  if (index === undefined) {
    index = indexModel(model);
    indices.set(model, index);
  }
  return index.element(id) === undefined ? undefined : index.label(id);
}
