import { LIMITS, type LinkRole } from '@meshplan/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { displayName, setDisplayName } from '../api/local.js';
import { ErrorBoundary } from '../app/ErrorBoundary.js';
import { Modal } from '../app/Modal.js';

const EXPIRY = [
  { label: 'Never', hours: 0 },
  { label: '1 hour', hours: 1 },
  { label: '1 day', hours: 24 },
  { label: '7 days', hours: 24 * 7 },
] as const;

/** The owner's Share button and dialog: links with a role and an expiry, copied once, revoked any time. */
export function ShareButton({ id, token, onShared }: { id: string; token: string; onShared?: () => void }) {
  const [open, setOpen] = useState(false);
  const queries = useQueryClient();
  return (
    <>
      <button type="button" data-testid="share" onClick={() => setOpen(true)}>
        Share
      </button>
      {open ? (
        <ErrorBoundary
          name="share"
          onClose={() => setOpen(false)}
          onReset={() => queries.resetQueries({ queryKey: ['links', id] })}
        >
          <ShareDialog id={id} token={token} onShared={onShared} onClose={() => setOpen(false)} />
        </ErrorBoundary>
      ) : null}
    </>
  );
}

function ShareDialog({
  id,
  token,
  onShared,
  onClose,
}: {
  id: string;
  token: string;
  onShared?: () => void;
  onClose: () => void;
}) {
  const queries = useQueryClient();
  const links = useQuery({ queryKey: ['links', id], queryFn: () => api.links(id, token) });
  const [role, setRole] = useState<LinkRole>('edit');
  const [hours, setHours] = useState(0);
  const [name, setName] = useState(displayName() ?? '');
  const [created, setCreated] = useState<{ url: string; role: string } | undefined>();
  const [error, setError] = useState<string | undefined>();

  const create = useMutation({
    mutationFn: () =>
      api.createLink(
        id,
        token,
        role,
        hours === 0 ? undefined : new Date(Date.now() + hours * 3_600_000).toISOString(),
      ),
    onSuccess: (link) => {
      // The secret travels in the fragment: browsers never send it to a server.
      setCreated({ url: `${location.origin}/#/s/${id}/${link.credential}`, role: link.role });
      void queries.invalidateQueries({ queryKey: ['links', id] });
      onShared?.();
    },
    onError: (e) => setError(e instanceof ApiError ? (e.problem.detail ?? e.problem.title) : String(e)),
  });
  const revoke = useMutation({
    mutationFn: (linkId: string) => api.revokeLink(id, token, linkId),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['links', id] }),
  });

  return (
    <Modal label="Share" testId="share-dialog" className="share-dialog" onClose={onClose}>
      <header>
        <h2>Share this model</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="field">
        <label htmlFor="my-name">Your name (others see it next to your changes)</label>
        <input
          id="my-name"
          value={name}
          maxLength={LIMITS.authorName}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name.trim() !== '' && setDisplayName(name)}
        />
      </div>
      <form
        className="share-form"
        onSubmit={(e) => {
          e.preventDefault();
          setError(undefined);
          create.mutate();
        }}
      >
        <label>
          Who opens it may
          <select value={role} data-testid="share-role" onChange={(e) => setRole(e.target.value as LinkRole)}>
            <option value="view">view</option>
            <option value="comment">comment and review</option>
            <option value="edit">edit</option>
          </select>
        </label>
        <label>
          Expires
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {EXPIRY.map((option) => (
              <option key={option.hours} value={option.hours}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" data-testid="share-create" disabled={create.isPending}>
          Create link
        </button>
      </form>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {created ? (
        <div className="share-created">
          <label htmlFor="share-url">Link to {created.role} (shown once: copy it now)</label>
          <div className="inline-form">
            <input
              id="share-url"
              readOnly
              value={created.url}
              data-testid="share-url"
              onFocus={(e) => e.target.select()}
            />
            <button type="button" onClick={() => void navigator.clipboard?.writeText(created.url)}>
              Copy
            </button>
          </div>
        </div>
      ) : null}
      <h3>Links</h3>
      {(links.data ?? []).length === 0 ? <p className="muted">No links yet.</p> : null}
      <ul className="share-links">
        {(links.data ?? []).map((link) => (
          <li key={link.id} data-testid="share-link">
            <span className="role">{link.role}</span>
            <span className="muted">
              created {new Date(link.createdAt).toLocaleString()}
              {link.expiresAt ? `, expires ${new Date(link.expiresAt).toLocaleString()}` : ''}
            </span>
            {link.revokedAt ? (
              <span className="muted">revoked</span>
            ) : (
              <button type="button" data-testid="share-revoke" onClick={() => revoke.mutate(link.id)}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </Modal>
  );
}
