import type { Role } from './access.js';

/** Which credential made a write: the model's owner token, or one share link (by id, never its secret). */
export type Credential = 'owner' | { linkId: string };

/**
 * Who made a write: the display name they chose (free text, not proof of anything), the credential
 * that authorised it (the proof) and that credential's role at the time.
 */
export interface Actor {
  name: string | null;
  credential: Credential;
  role: Role;
}

/** How a credential is stored in the `actor` columns: `owner` or `link:<linkId>`. */
export function credentialKey(credential: Credential): string {
  return credential === 'owner' ? 'owner' : `link:${credential.linkId}`;
}

/** Who wrote something, as the API shows it: the name beside the role (null for rows older than migration 5). */
export interface ShownActor {
  author: string | null;
  role: Role | null;
  byOwner: boolean;
}

/** A stored row's name, credential key and role as the API shows them. */
export function shownActor(name: string | null, key: string | null, role: string | null): ShownActor {
  return { author: name, role: (role as Role | null) ?? null, byOwner: key === 'owner' };
}
