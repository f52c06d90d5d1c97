import { timingSafeEqual } from 'node:crypto';
import type { Role } from '@meshplan/api';
import type { Credential } from './actor.js';
import { parseLinkCredential } from './links.js';
import { HttpProblem, notFound } from './problems.js';
import { hash, type ModelStore, type StoredModel } from './store.js';

export type { Role };
export type Action = 'read' | 'comment' | 'review' | 'edit' | 'share';

const ALLOWED: Record<Role, readonly Action[]> = {
  view: ['read'],
  comment: ['read', 'comment', 'review'],
  edit: ['read', 'comment', 'review', 'edit'],
  owner: ['read', 'comment', 'review', 'edit', 'share'],
};

/** Whether `role` may do `action`; only the owner shares (and deletes). */
export function can(role: Role, action: Action): boolean {
  return ALLOWED[role].includes(action);
}

const NO_LINK = hash('\u0000no such link');

/**
 * The role that `credential` (the owner token or a share link `ml_<id>_<secret>`) has on model
 * `modelId`, and the model's current revision. 401 without a credential; 404 for an unknown
 * model, a wrong token, a wrong or revoked link (they look the same); 410 for an expired link.
 * `credential` says which one it is (`owner`, or the link's id), so that writes can record it.
 */
export async function resolveAccess(
  store: ModelStore,
  modelId: string,
  credential: string | undefined,
): Promise<{ role: Role; credential: Credential; stored: StoredModel; expiresAt: string | null }> {
  if (credential === undefined || credential === '') {
    throw new HttpProblem({
      title: 'Authentication required',
      status: 401,
      detail:
        'Send the owner token of the model, or a share link credential, as "Authorization: Bearer <token>".',
    });
  }
  // The owner token first: a base64url token may itself start with "ml_".
  const owned = await store.open(modelId, credential);
  if (owned !== undefined) return { role: 'owner', credential: 'owner', stored: owned, expiresAt: null };
  const parts = parseLinkCredential(credential);
  if (parts === undefined) throw notFound();
  const link = await store.links.find(parts.id);
  const matches = timingSafeEqual(link?.secretHash ?? NO_LINK, hash(parts.secret));
  if (!matches || link === undefined || link.modelId !== modelId || link.revokedAt !== null) throw notFound();
  if (link.expiresAt !== null && Date.parse(link.expiresAt) <= Date.now()) {
    throw new HttpProblem({
      type: 'https://meshplan.dev/problems/link-expired',
      title: 'Link expired',
      status: 410,
      detail: `This share link expired at ${link.expiresAt}; ask the owner for a new one.`,
    });
  }
  const stored = await store.current(modelId);
  if (stored === undefined) throw notFound();
  return { role: link.role, credential: { linkId: link.id }, stored, expiresAt: link.expiresAt };
}

/** A 403 unless `role` may do `action`; the detail names the role (and `doing`, when given). */
export function requireRole(role: Role, action: Action, doing?: string): void {
  if (can(role, action)) return;
  const verb =
    doing ?? { read: 'read', comment: 'comment on', review: 'review', edit: 'edit', share: 'share' }[action];
  throw new HttpProblem({
    type: 'https://meshplan.dev/problems/not-allowed',
    title: 'Not allowed',
    status: 403,
    detail: `A link with role "${role}" may not ${verb} this model.`,
    role,
  });
}
