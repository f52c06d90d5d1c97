import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { useEditor } from '../store/editor.js';

/**
 * "Restore this revision", beside a revision on show read-only (owner and edit roles): the server
 * writes it as the model's next revision, and the editor goes back to the current model, which is
 * now that one. Live, the room takes the restored revision in for everyone; alone, the editor
 * opens the model again from the server (its autosave must start from the new revision).
 */
export function RestoreRevision({
  id,
  token,
  revision,
  live,
}: {
  id: string;
  token: string;
  revision: number;
  live: boolean;
}) {
  const queries = useQueryClient();
  const [error, setError] = useState<string | undefined>();
  const restore = useMutation({
    mutationFn: () => api.restore(id, token, revision),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['revisions', id] });
      useEditor.setState({ view: undefined });
      if (!live) location.reload();
    },
    onError: (e) => setError(e instanceof ApiError ? (e.problem.detail ?? e.problem.title) : String(e)),
  });
  return (
    <>
      <button
        type="button"
        className="primary"
        data-testid="revision-restore"
        disabled={restore.isPending}
        onClick={() => {
          setError(undefined);
          restore.mutate();
        }}
      >
        {restore.isPending ? 'Restoring…' : 'Restore this revision'}
      </button>
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </>
  );
}
