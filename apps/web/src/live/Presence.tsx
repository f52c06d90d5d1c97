import type { LiveRole } from './connection.js';
import { useLiveState } from './useLive.js';

/** Who else is here, each in the colour their selection has on the canvas. */
export function Presence() {
  const peers = useLiveState((s) => s.peers);
  const status = useLiveState((s) => s.status);
  if (status === 'off') return null;
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
  live: 'Live',
  // A live session keeps offline changes in this tab's memory, not on disk: say so.
  offline: 'Offline: keep this tab open, changes go when back',
  refused: 'Link no longer valid',
  off: '',
} as const;

/** What a link that cannot change the model may do, after "Live · ". */
const READ_ONLY_ROLES: Partial<Record<LiveRole, string>> = { view: 'view only', comment: 'comment only' };

/**
 * The save status of a live session: on the server's disk, sending, or offline. A view or comment
 * link saves no change to the model, so its status says what it may do instead.
 */
export function LiveStatusView() {
  const status = useLiveState((s) => s.status);
  // The role the server stated for this credential, not a guess made before it answered.
  const role = useLiveState((s) => s.role);
  const detail = useLiveState((s) => s.detail);
  const pending = useLiveState((s) => s.unacknowledged);
  const readOnly = role === undefined ? undefined : READ_ONLY_ROLES[role];
  const text =
    readOnly !== undefined && (status === 'live' || status === 'offline')
      ? `${status === 'live' ? 'Live' : 'Offline'} · ${readOnly}`
      : status === 'live'
        ? pending > 0
          ? 'Saving…'
          : 'Saved · live'
        : TEXT[status];
  return (
    <output
      className={`status status-${status === 'live' ? 'saved' : status}`}
      data-testid="save-status"
      title={detail}
    >
      {text}
    </output>
  );
}
