import { type Access, LIMITS } from '@meshplan/api';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { displayName, knownModels, rememberModel, SHARED_NAME, setDisplayName } from '../api/local.js';

/**
 * Where a share link lands (`#/s/<model>/<credential>`): the person picks the name others will
 * see, once. The credential is checked with the server before anything is kept: a wrong, revoked
 * or expired one changes nothing in this browser. A good one is kept beside whatever is already
 * held for the model (an owner who opens their own view link keeps their owner token, and the
 * model still opens with the strongest), then leaves the address bar before the editor opens.
 */
export function ShareLanding({
  modelId,
  credential,
  view,
}: {
  modelId: string;
  credential: string;
  /** The view the link opens on, if it names one. */
  view?: string;
}) {
  const [name, setName] = useState(displayName() ?? '');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // What the link opens, asked once on arrival: nothing is kept in this browser for it yet.
  const [info, setInfo] = useState<Access | undefined>();
  useEffect(() => {
    let current = true;
    api.accessInfo(modelId, credential).then(
      (answer) => current && setInfo(answer),
      (e: unknown) => current && setError(refusal(e)),
    );
    return () => {
      current = false;
    };
  }, [modelId, credential]);
  const open = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const role = await api.access(modelId, credential);
      setDisplayName(name);
      const known = knownModels().find((entry) => entry.id === modelId);
      rememberModel(
        {
          id: modelId,
          token: credential,
          name: known?.name ?? (info?.modelName || SHARED_NAME),
          updatedAt: new Date().toISOString(),
        },
        role,
      );
      location.replace(view === undefined ? `#/m/${modelId}` : `#/m/${modelId}/v/${view}`);
    } catch (e) {
      setBusy(false);
      setError(refusal(e));
    }
  };
  return (
    <main className="home">
      <h1>Meshplan</h1>
      {info === undefined ? (
        <p>Someone shared an architecture with you.</p>
      ) : (
        <div data-testid="share-landing-info">
          <p>
            {info.sharedBy ?? 'Its owner'} shared <strong>{info.modelName || 'an architecture'}</strong> with
            you.
          </p>
          <p>
            This link lets you {ALLOWS[info.role]}
            {info.expiresAt ? `, until ${new Date(info.expiresAt).toLocaleString()}` : ''}.
          </p>
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '' && !busy) void open();
        }}
      >
        <label htmlFor="display-name">Your name, as the others will see it</label>
        <input
          id="display-name"
          data-testid="display-name"
          value={name}
          maxLength={LIMITS.authorName}
          required
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary" data-testid="open-shared" disabled={busy}>
          Open
        </button>
      </form>
      {error !== undefined ? (
        <p role="alert" className="field-error" data-testid="share-error">
          {error} Nothing was changed in this browser. <a href="#/">Your models</a>
        </p>
      ) : null}
    </main>
  );
}

/** What each role lets the person who opens the link do, in words. */
const ALLOWS: Record<Access['role'], string> = {
  view: 'view it (nothing you do changes it)',
  comment: 'view it, comment on it and review its revisions',
  edit: 'view, comment, review and edit it with the others, live',
  owner: 'do everything: this is the owner’s key',
};

/** Why a link does not open its model, in words. */
function refusal(e: unknown): string {
  const status = e instanceof ApiError ? e.problem.status : 0;
  return status === 410
    ? 'This link has expired; ask the owner for a new one.'
    : status === 404 || status === 401
      ? 'This link does not open a model: it is wrong, or it was revoked.'
      : `Could not check the link: ${e instanceof Error ? e.message : String(e)}`;
}
