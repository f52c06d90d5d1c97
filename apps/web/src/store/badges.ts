import type { Finding } from '@meshplan/rules';

export type Severity = Finding['severity'];

/** How many findings name an element, and the worst of them: what its badge shows. */
export interface ElementFindings {
  count: number;
  worst: Severity;
}

/** Finding count and worst severity per element id. */
export type FindingCounts = ReadonlyMap<string, ElementFindings>;

export const NO_COUNTS: FindingCounts = new Map();

/** Finding count and worst severity per element id, for the badges. */
export function countsByElement(findings: readonly Finding[]): FindingCounts {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const counts = new Map<string, ElementFindings>();
  for (const finding of findings) {
    for (const id of new Set(finding.elements)) {
      const entry = counts.get(id);
      if (entry === undefined) counts.set(id, { count: 1, worst: finding.severity });
      else {
        entry.count++;
        if (rank[finding.severity] < rank[entry.worst]) entry.worst = finding.severity;
      }
    }
  }
  return counts;
}
