import { credentialsOf, knownModels, switchCredential } from '../api/local.js';
import { roleLabel } from '../review/who.js';

/**
 * "Open as: owner / view link": shown when this browser holds more than one credential for the
 * model (an owner who opened their own share link, say). The model opens with the strongest;
 * picking another reopens it with that one, and nothing is forgotten.
 */
export function OpenAs({ id, token }: { id: string; token: string }) {
  const entry = knownModels().find((known) => known.id === id);
  const held = entry === undefined ? [] : credentialsOf(entry);
  if (held.length < 2) return null;
  return (
    <label className="open-as">
      Open as{' '}
      <select
        data-testid="open-as"
        value={token}
        onChange={(e) => {
          if (switchCredential(id, e.target.value)) location.reload();
        }}
      >
        {held.map((h, i) => (
          <option key={h.credential} value={h.credential}>
            {roleLabel(h.role)}
            {held.findIndex((other) => other.role === h.role) !== i ? ` ${i + 1}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
