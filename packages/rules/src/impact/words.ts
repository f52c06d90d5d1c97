import { type Model, ModelIndex } from '@meshplan/model';
import type { BlastRadius, Impacted } from './blast.js';
import type { LatencyBudget } from './latency.js';

/**
 * Blast radius and latency budget in sentences that name elements by their names (never ids):
 * the CLI's text output and the editor's banner read these, so both say the same.
 */

const EFFECT_WORDS = { failed: 'fails', degraded: 'degrades', delayed: 'is delayed' } as const;

/** `"Orders" → "Payments"` for a `via` path: the nodes the effect travels through, failed node first. */
export function viaInWords(index: ModelIndex, failed: string, via: readonly string[]): string {
  const names = [index.label(failed)];
  let at = failed;
  for (const id of via) {
    const edge = index.edge(id);
    if (edge === undefined) continue;
    // Effects travel against an edge (a caller fails with its callee), except a subscription.
    at = edge.from === at ? edge.to : edge.from;
    names.push(index.label(at));
  }
  return names.map((name) => `"${name}"`).join(' → ');
}

/** One sentence for one impacted element: `"Web shop" degrades (user-facing), through …`. */
export function impactSentence(index: ModelIndex, failed: string, entry: Impacted): string {
  const facing = entry.userFacing ? ' (user-facing)' : '';
  return `"${index.label(entry.id)}" ${EFFECT_WORDS[entry.effect]}${facing}: ${viaInWords(index, failed, entry.via)}`;
}

/** The blast radius as lines of text: a heading, user-facing impact first, then the rest. */
export function blastRadiusText(model: Model, result: BlastRadius, index = new ModelIndex(model)): string[] {
  const { summary } = result;
  const name = index.label(result.fail);
  if (result.impact.length === 0) return [`If "${name}" fails, nothing else is affected.`];
  const lines = [
    `If "${name}" fails: ${verb(summary.failed, 'fails', 'fail')}, ${verb(summary.degraded, 'degrades', 'degrade')}, ` +
      `${verb(summary.delayed, 'is delayed', 'are delayed')}; ` +
      (summary.userFacing.length === 0
        ? 'no client is affected.'
        : `users notice on ${summary.userFacing.map((id) => `"${index.label(id)}"`).join(', ')}.`),
  ];
  const ordered = [
    ...result.impact.filter((e) => e.userFacing),
    ...result.impact.filter((e) => !e.userFacing),
  ];
  for (const entry of ordered) lines.push(`  ${impactSentence(index, result.fail, entry)}`);
  return lines;
}

// One formatter for every figure: `toLocaleString` would build one per call, thousands per lint.
const FIGURES = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole number in words, with thousands separated: `12,000`. */
export function figure(value: number): string {
  return FIGURES.format(value);
}

/** `1 fails`, `2 fail`: a count with its verb agreeing. */
function verb(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A duration in words: `2,000 ms`, `unbounded`. */
export function msInWords(value: number | null): string {
  return value === null ? 'unbounded' : `${figure(value)} ms`;
}

/** The latency budget as lines of text: callers' worst times, inversions, amplifications. */
export function latencyText(model: Model, result: LatencyBudget, index = new ModelIndex(model)): string[] {
  const lines: string[] = [];
  const edgeName = (id: string) => {
    const edge = index.edge(id);
    return edge === undefined ? id : `"${index.label(edge.from)}" → "${index.label(edge.to)}"`;
  };
  lines.push(`Worst time each caller may spend on its synchronous calls (${result.nodes.length}):`);
  for (const node of result.nodes)
    lines.push(`  "${index.label(node.id)}": ${msInWords(node.worstDownstreamMs)}`);
  lines.push(`Budget of each synchronous call, timeout x (retries + 1) (${result.edges.length}):`);
  for (const edge of result.edges) lines.push(`  ${edgeName(edge.id)}: ${msInWords(edge.budgetMs)}`);
  if (result.inversions.length === 0) lines.push('No timeout inversion.');
  else {
    lines.push(`Timeout inversions (${result.inversions.length}):`);
    for (const found of result.inversions) {
      const edge = index.edge(found.edge);
      const callee = edge === undefined ? found.edge : index.label(edge.to);
      lines.push(
        `  ${edgeName(found.edge)} gives up after ${msInWords(found.timeoutMs)}, but "${callee}" may take ${msInWords(found.calleeWorstMs)}`,
      );
    }
  }
  if (result.amplifications.length === 0) lines.push('No retry amplification.');
  else {
    lines.push(`Retry amplifications (${result.amplifications.length}):`);
    for (const found of result.amplifications)
      lines.push(`  ${chainInWords(index, found.edges)}: one call may become ${figure(found.attempts)}`);
  }
  return lines;
}

/** `"A" → "B" → "C"` for a chain of edges. */
export function chainInWords(index: ModelIndex, edgeIds: readonly string[]): string {
  const names: string[] = [];
  for (const id of edgeIds) {
    const edge = index.edge(id);
    if (edge === undefined) continue;
    if (names.length === 0) names.push(index.label(edge.from));
    names.push(index.label(edge.to));
  }
  return names.map((name) => `"${name}"`).join(' → ');
}
