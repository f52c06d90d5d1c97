import { SEVERITIES, type Severity } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';

/** How many findings name an element, and the worst of them: what its badge shows. */
export interface ElementFindings {
  count: number;
  worst: Severity;
}

/** Finding count and worst severity per element id. */
export type FindingCounts = ReadonlyMap<string, ElementFindings>;

export const NO_COUNTS: FindingCounts = new Map();

/**
 * Finding count and worst severity per element id, for the badges. An element whose count and
 * severity are as in `previous` keeps its entry from there (the same object), so a badge that
 * selects its own entry re-renders only when that changed.
 */
export function countsByElement(findings: readonly Finding[], previous = NO_COUNTS): FindingCounts {
  const counts = new Map<string, ElementFindings>();
  for (const finding of findings) {
    for (const id of new Set(finding.elements)) {
      const entry = counts.get(id);
      if (entry === undefined) counts.set(id, { count: 1, worst: finding.severity });
      else {
        entry.count++;
        if (SEVERITIES.indexOf(finding.severity) < SEVERITIES.indexOf(entry.worst))
          entry.worst = finding.severity;
      }
    }
  }
  for (const [id, entry] of counts) {
    const kept = previous.get(id);
    if (kept?.count === entry.count && kept.worst === entry.worst) counts.set(id, kept);
  }
  return counts;
}
