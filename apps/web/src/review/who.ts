import type { Role } from '../api/client.js';

/** How a credential's role reads beside a name: "owner", "edit link", … (nothing when unknown). */
export function roleLabel(role: Role | null): string | undefined {
  if (role === null) return undefined;
  return role === 'owner' ? 'owner' : `${role} link`;
}

/** "Ana (comment link)": a display name is only what someone calls themselves; the role is proven. */
export function who(author: string | null, role: Role | null): string {
  // The owner token is one person: without a name, still "the owner", never "someone".
  if ((author === null || author === 'Anonymous') && role === 'owner') return 'the owner';
  const label = roleLabel(role);
  const name = author ?? 'someone';
  return label === undefined ? name : `${name} (${label})`;
}
