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

/** The save status of a live session: on the server's disk, sending, or offline. */
export function LiveStatusView() {
  const status = useLiveState((s) => s.status);
  const detail = useLiveState((s) => s.detail);
  const pending = useLiveState((s) => s.unacknowledged);
  const text = status === 'live' ? (pending > 0 ? 'Saving…' : 'Saved · live') : TEXT[status];
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
