import { ImportError } from './errors.js';
import type { SourceLocation } from './types.js';

/**
 * What one import may produce. Real deployments are far below these (a large compose file has a
 * few dozen services, a large cluster a few thousand workloads); YAML aliases can make a small file
 * expand to millions of values, so the expansion is measured before anything is built from it.
 */
export const IMPORT_LIMITS = {
  /** Values (scalars and collections) a document may expand to through aliases, beyond its own. */
  expansionFactor: 4,
  /** Expansion always allowed, however small the document: `&defaults` merged into every service. */
  expansionAllowance: 10_000,
  /** Nodes of the model (services, datastores, brokers, gateways, …). */
  nodes: 5_000,
  /** Edges of the model. */
  edges: 20_000,
  /** Environment variables of one service. */
  envEntries: 1_000,
  /** Items in each list of the report (guesses, unmapped); the rest are counted in one last item. */
  reportItems: 1_000,
  /** Characters of the model's JSON: what the server stores and the editor opens (5 MB). */
  modelChars: 5 * 1024 * 1024,
} as const;

/** An import that would produce more than a limit allows: the server answers 413. */
export class ImportLimitError extends ImportError {
  constructor(reason: string, source: SourceLocation) {
    super(reason, source);
    this.name = 'ImportLimitError';
  }
}

/**
 * How many values `value` holds once aliases are expanded, compared with how many distinct ones
 * it holds: throws when the expansion passes `expansionFactor` times the distinct values (plus
 * an allowance). Walks without recursion and stops as soon as the budget is spent, so a bomb costs
 * no more than the budget.
 */
export function checkExpansion(value: unknown, source: SourceLocation): void {
  const distinct = countValues(value, Number.POSITIVE_INFINITY, true);
  const budget = distinct * IMPORT_LIMITS.expansionFactor + IMPORT_LIMITS.expansionAllowance;
  const expanded = countValues(value, budget, false);
  if (expanded > budget) {
    throw new ImportLimitError(
      `expands to more than ${budget.toLocaleString('en-US')} values through YAML aliases ` +
        `(${distinct.toLocaleString('en-US')} written; at most ${IMPORT_LIMITS.expansionFactor} times that, ` +
        `plus ${IMPORT_LIMITS.expansionAllowance.toLocaleString('en-US')}): refused as an alias bomb`,
      source,
    );
  }
}

/** Values reachable from `value`, each shared one once (`distinct`) or every time it is reached. */
function countValues(value: unknown, budget: number, distinct: boolean): number {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  let count = 0;
  while (pending.length > 0 && count <= budget) {
    const current = pending.pop();
    count++;
    if (typeof current !== 'object' || current === null) continue;
    if (distinct) {
      if (seen.has(current)) {
        count--;
        continue;
      }
      seen.add(current);
    }
    if (Array.isArray(current)) for (const item of current) pending.push(item);
    else if (current instanceof Map) for (const [key, item] of current) pending.push(key, item);
    else for (const key of Object.keys(current)) pending.push((current as Record<string, unknown>)[key]);
  }
  return count;
}
