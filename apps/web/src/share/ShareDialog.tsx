import { LIMITS, type LinkRole } from '@meshplan/api';
import { openedView } from '@meshplan/layout';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { displayName, setDisplayName } from '../api/local.js';
import { ErrorBoundary } from '../app/ErrorBoundary.js';
import { Modal } from '../app/Modal.js';
import { useEditor } from '../store/editor.js';

const EXPIRY = [
  { label: 'Never', hours: 0 },
  { label: '1 hour', hours: 1 },
  { label: '1 day', hours: 24 },
  { label: '7 days', hours: 24 * 7 },
  { label: '30 days', hours: 24 * 30 },
] as const;

/** What a new link allows, in words (the landing page says the same). */
export const ROLE_WORDS: Record<LinkRole, string> = {
  view: 'view',
  comment: 'comment and review',
  edit: 'edit',
};

/** A link made while the dialog is open: its credential is in the URL, shown only until it closes. */
interface CreatedUrl {
  id: string;
  url: string;
  role: LinkRole;
  expiresAt: string | null;
}

/**
 * The owner's Share button and dialog: links with a role (view by default) and an expiry (30 days
 * by default); every link made shows its full URL with a Copy button until the dialog closes, and
 * any can be revoked.
 */
export function ShareButton({
  id,
  token,
  onShared,
  open: shown,
  onOpenChange,
}: {
  id: string;
  token: string;
  onShared?: () => void;
  /** Open from elsewhere too (the command palette): the dialog's state is then the caller's. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = shown ?? ownOpen;
  const setOpen = onOpenChange ?? setOwnOpen;
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
  const [role, setRole] = useState<LinkRole>('view');
  const [hours, setHours] = useState<number>(24 * 30);
  const [name, setName] = useState(displayName() ?? '');
  // Newest first; kept until the dialog closes (the secret is nowhere else afterwards).
  const [created, setCreated] = useState<CreatedUrl[]>([]);
  const [error, setError] = useState<string | undefined>();
  // A link made while a view is on show opens on that view (it names it after the credential).
  const viewId = useEditor((s) => s.view);
  const viewName = useEditor((s) => (s.view === undefined ? undefined : openedView(s.content, s.view)?.name));

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
      setCreated((before) => [
        {
          id: link.id,
          url: `${location.origin}/#/s/${id}/${link.credential}${viewId === undefined ? '' : `/v/${viewId}`}`,
          role: link.role,
          expiresAt: link.expiresAt,
        },
        ...before,
      ]);
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
            {(['view', 'comment', 'edit'] as const).map((option) => (
              <option key={option} value={option}>
                {ROLE_WORDS[option]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Expires
          <select value={hours} data-testid="share-expiry" onChange={(e) => setHours(Number(e.target.value))}>
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
      {viewName !== undefined ? (
        <p className="muted" data-testid="share-view">
          Links made now open on the view “{viewName}”.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {created.length > 0 ? (
        <>
          <p className="muted">Copy each link now: it is shown only while this dialog is open.</p>
          <ul className="share-created">
            {created.map((link) => (
              <CreatedLinkItem key={link.id} link={link} />
            ))}
          </ul>
        </>
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

/** One link made in this dialog: what it allows, until when, its full URL and Copy ("Copied"). */
function CreatedLinkItem({ link }: { link: CreatedUrl }) {
  const [copied, setCopied] = useState<'copied' | 'select' | undefined>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (copied === undefined) return;
    const timer = setTimeout(() => setCopied(undefined), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      if (navigator.clipboard === undefined) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link.url);
      setCopied('copied');
    } catch {
      // No clipboard here (an insecure origin, a refused permission): the URL is selected instead.
      input.current?.select();
      setCopied('select');
    }
  };
  const inputId = `share-url-${link.id}`;
  return (
    <li data-testid="share-created">
      <label htmlFor={inputId}>
        Link to {ROLE_WORDS[link.role]}
        {link.expiresAt ? `, until ${new Date(link.expiresAt).toLocaleDateString()}` : ', never expires'}
      </label>
      <div className="inline-form">
        <input
          id={inputId}
          ref={input}
          readOnly
          value={link.url}
          data-testid="share-url"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" data-testid="share-copy" onClick={() => void copy()}>
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <span role="status" className={copied === 'select' ? 'muted' : 'visually-hidden'}>
        {copied === 'copied'
          ? 'Copied to the clipboard'
          : copied === 'select'
            ? 'Selected: press Ctrl+C'
            : ''}
      </span>
    </li>
  );
}
