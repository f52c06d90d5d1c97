import { baseMode, useEditor } from '../store/editor.js';
import type { LiveRole } from './connection.js';

/** Who else is here, each in the colour their selection has on the canvas. */
export function Presence() {
  const peers = useEditor((s) => s.peers);
  if (peers.length === 0) return null;
  return (
    <ul className="presence" aria-label="People here" data-testid="presence">
      {peers.map((peer) => (
        <li key={peer.clientId} title={withRole(peer.name, peer.role)} data-testid="peer">
          <span
            className="avatar"
            ref={(el) => el?.style.setProperty('--peer', peer.color)}
            aria-hidden="true"
          >
            {initials(peer.name)}
          </span>
          <span className="visually-hidden">{withRole(peer.name, peer.role)}</span>
        </li>
      ))}
    </ul>
  );
}

/** "Ana (view link)": the role comes from the server, so nobody passes for the owner. */
function withRole(name: string, role: string | undefined): string {
  if (role === undefined) return name;
  return role === 'owner' ? `${name} (owner)` : `${name} (${role} link)`;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

const TEXT = {
  connecting: 'Connecting…',
  // Changes not yet on the server are kept in this browser (IndexedDB) and go when it is back.
  offline: 'Offline: changes kept here',
  refused: 'Link no longer valid',
} as const;

/** What a link that cannot change the model may do, after "Live · ". */
const READ_ONLY_ROLES: Partial<Record<LiveRole, string>> = { view: 'view only', comment: 'comment only' };

/**
 * Whether the model is safe on the server: on its disk, sending, or offline (changes kept here).
 * One status for every mode: alone or with others, the same room saves the model. A view or
 * comment link saves nothing, so its status says what it may do instead.
 */
export function SaveStatus() {
  const { status, detail } = useEditor((s) => s.connection);
  // Sent and not yet on the server's disk, or shown and not yet sent.
  const saving = useEditor((s) => s.connection.unacknowledged > 0 || s.writesHeld);
  const mode = useEditor((s) => baseMode(s.mode));
  const readOnly = mode.kind === 'link' ? READ_ONLY_ROLES[mode.role] : undefined;
  const text =
    status === 'live' || (status === 'offline' && readOnly !== undefined)
      ? readOnly !== undefined
        ? `${status === 'live' ? 'Live' : 'Offline'} · ${readOnly}`
        : saving
          ? 'Saving…'
          : mode.kind === 'live'
            ? 'Saved · live'
            : 'Saved'
      : TEXT[status];
  return (
    <output
      className={`status status-${status === 'live' ? (saving ? 'saving' : 'saved') : status}`}
      data-testid="save-status"
      title={detail}
    >
      {text}
    </output>
  );
}
