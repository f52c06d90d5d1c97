import type { Role } from '@meshplan/api';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.js';
import { displayName, isLinkCredential } from '../api/local.js';

/**
 * Who is editing and how: the role this credential has, the name others see, and whether the
 * model is edited live. A model opened from a share link is always live; the owner's becomes live
 * once it has a link (until then it saves itself with If-Match, as a one-person model does).
 */
export function useSession(id: string, token: string) {
  const isLink = isLinkCredential(token);
  const role = useQuery({
    queryKey: ['access', id, token],
    queryFn: () => api.access(id, token),
    staleTime: Infinity,
  });
  const links = useQuery({
    queryKey: ['links', id],
    queryFn: () => api.links(id, token),
    enabled: !isLink,
  });
  const [shared, setShared] = useState(false);
  const now = Date.now();
  const hasLinks = (links.data ?? []).some(
    (link) => !link.revokedAt && (link.expiresAt === null || Date.parse(link.expiresAt) > now),
  );
  return {
    role: (role.data ?? (isLink ? 'view' : 'owner')) as Role,
    isOwner: !isLink,
    name: displayName() ?? (isLink ? 'Guest' : 'Owner'),
    live: isLink || hasLinks || shared,
    wentLive: () => setShared(true),
  };
}
