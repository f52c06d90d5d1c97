import type { Role } from '@meshplan/api';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { displayName, isLinkCredential } from '../api/local.js';

/**
 * Who is editing: the role this credential has and the name others see. Every model is edited
 * through its room, alone or with others, so there is nothing to decide about how it saves.
 */
export function useSession(id: string, token: string) {
  const isLink = isLinkCredential(token);
  const role = useQuery({
    queryKey: ['access', id, token],
    queryFn: () => api.access(id, token),
    staleTime: Infinity,
  });
  return {
    role: (role.data ?? (isLink ? 'view' : 'owner')) as Role,
    isOwner: !isLink,
    // No name: the server credits the owner's writes to the name the owner used last.
    name: displayName() ?? (isLink ? 'Guest' : ''),
  };
}
