import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { useEditorStore } from '../store/editor.js';

/**
 * "Restore this revision", beside a revision on show read-only (owner and edit roles): the server
 * writes it as the model's next revision, and the editor goes back to the current model, which is
 * now that one: its room takes the restored revision in for everyone, this person included.
 */
export function RestoreRevision({ id, token, revision }: { id: string; token: string; revision: number }) {
  const store = useEditorStore();
  const queries = useQueryClient();
  const [error, setError] = useState<string | undefined>();
  const restore = useMutation({
    mutationFn: () => api.restore(id, token, revision),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['revisions', id] });
      store.getState().backToModel();
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
