import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { who } from './who.js';

/**
 * "Changes requested": shown beside a model's name (home page, editor header) while the latest
 * review of the model asks for changes; a later approval clears it. Its query sits under
 * `['revisions', id]`, so a new review (recorded here or announced live) refreshes it.
 */
export function VerdictBadge({ id, token }: { id: string; token: string }) {
  const status = useQuery({
    queryKey: ['revisions', id, 'review-status', token],
    queryFn: () => api.reviewStatus(id, token),
    retry: false,
  });
  const latest = status.data;
  if (latest?.status !== 'changes-requested') return null;
  return (
    <span
      className="verdict-badge"
      data-testid="changes-requested"
      title={`Revision ${latest.revision}: changes requested by ${who(latest.author, latest.role)}`}
    >
      Changes requested
    </span>
  );
}
