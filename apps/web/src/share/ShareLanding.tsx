import { LIMITS } from '@meshplan/api';
import { useState } from 'react';
import { displayName, knownModels, rememberModel, setDisplayName } from '../api/local.js';

/**
 * Where a share link lands (`#/s/<model>/<credential>`): the person picks the name others will
 * see, once; the credential is kept in this browser and leaves the address bar (and the history)
 * before the editor opens.
 */
export function ShareLanding({ modelId, credential }: { modelId: string; credential: string }) {
  const [name, setName] = useState(displayName() ?? '');
  const open = () => {
    setDisplayName(name);
    const known = knownModels().find((entry) => entry.id === modelId);
    rememberModel({
      id: modelId,
      token: credential,
      name: known?.name ?? 'Shared model',
      updatedAt: new Date().toISOString(),
    });
    location.replace(`#/m/${modelId}`);
  };
  return (
    <main className="home">
      <h1>Meshplan</h1>
      <p>Someone shared an architecture with you.</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '') open();
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
        <button type="submit" className="primary" data-testid="open-shared">
          Open
        </button>
      </form>
    </main>
  );
}
