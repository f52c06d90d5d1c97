import { count } from '@meshplan/model';
import { useFindingsOf } from '../store/editor.js';

/** How many findings name the element (a node, context or edge), coloured by the worst; nothing when none do. */
export function FindingBadge({ id }: { id: string }) {
  const findings = useFindingsOf(id);
  if (findings === undefined) return null;
  return (
    <span
      className={`badge badge-${findings.worst}`}
      title={count(findings.count, 'finding')}
      data-testid="finding-badge"
    >
      {findings.count}
    </span>
  );
}
