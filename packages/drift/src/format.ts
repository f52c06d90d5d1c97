import { count, edgeKindName, type Severity } from '@meshplan/model';
import { type Finding, type SarifRule, toSarif } from '@meshplan/rules';
import type { DriftAnalysis, DriftEdge, DriftStatus, ObservedStats } from './drift.js';

/** What `--fail-on` (and the exit code) can ask about. */
export const FAIL_ON = ['observed-only', 'design-only', 'any'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Whether the comparison has drift of the kind asked about (nodes or edges). */
export function hasDrift(analysis: DriftAnalysis, failOn: FailOn): boolean {
  // What the source cannot show is not drift: a compose file never lists the web client.
  const counts = (entry: { status: DriftStatus; unobservable?: true }, status: DriftStatus) =>
    entry.status === status && entry.unobservable !== true;
  const of = (status: DriftStatus) =>
    analysis.result.nodes.some((entry) => counts(entry, status)) ||
    analysis.result.edges.some((entry) => counts(entry, status));
  return failOn === 'any' ? of('observed-only') || of('design-only') : of(failOn);
}

const DOCS =
  'https://github.com/meshplan/meshplan/blob/main/README.md#design-against-what-runs-meshplan-drift';

/** The drift "rules" of a SARIF log, beside the catalog's rules that observed calls break. */
export const DRIFT_SARIF_RULES: readonly SarifRule[] = [
  {
    id: 'drift-observed-only',
    description: 'A node or call that runs (was observed) but is not in the design.',
    severity: 'warning',
    helpUri: DOCS,
  },
  {
    id: 'drift-design-only',
    description: 'A node or call of the design that the observation does not show.',
    severity: 'info',
    helpUri: DOCS,
  },
];

function statsText(stats: ObservedStats | undefined): string[] {
  if (stats === undefined) return [];
  const parts: string[] = [];
  if (stats.calls !== undefined) parts.push(`${stats.calls} ${stats.calls === 1 ? 'call' : 'calls'}`);
  if (stats.errors !== undefined) parts.push(`${stats.errors} ${stats.errors === 1 ? 'error' : 'errors'}`);
  if (stats.p50Ms !== undefined) parts.push(`p50 ${stats.p50Ms} ms`);
  if (stats.p99Ms !== undefined) parts.push(`p99 ${stats.p99Ms} ms`);
  return parts;
}

/** Names are data from a file: quoted, with control characters escaped, so no line is forged. */
function quoted(name: string): string {
  return JSON.stringify(name);
}

/** A rule's message names nodes as written in the observation: control characters escaped. */
function oneLine(message: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function edgeText(analysis: DriftAnalysis, position: number): string {
  const entry = analysis.result.edges[position] as DriftEdge;
  const [from, to] = analysis.names.edges[position] ?? [entry.from, entry.to];
  const kind = edgeKindName(entry.kind).toLowerCase();
  return `${quoted(from)} → ${quoted(to)} (${[kind, ...statsText(entry.observed)].join(', ')})`;
}

/**
 * For people: the observed calls that break the design's rules first (with the rule and its
 * message), then what only runs, what only the design has, and a count of what agrees. Names, not ids.
 */
export function driftText(analysis: DriftAnalysis, title: { design: string; observation: string }): string {
  const { result, names } = analysis;
  const out: string[] = [`Drift of ${quoted(title.design)} against ${title.observation}`];
  const nodesOf = (status: DriftStatus, unobservable: boolean) =>
    result.nodes.flatMap((node, i) =>
      node.status === status && (node.unobservable === true) === unobservable
        ? [quoted(names.nodes[i] ?? '')]
        : [],
    );
  const edgesOf = (status: DriftStatus, unobservable: boolean, skip = new Set<number>()) =>
    result.edges.flatMap((edge, i) =>
      edge.status === status && (edge.unobservable === true) === unobservable && !skip.has(i) ? [i] : [],
    );

  // Each breaking edge once, in the order of its gravest finding, with every rule it breaks.
  const findingsOf = new Map<number, Finding[]>();
  for (const { finding, edges } of analysis.breaks) {
    for (const position of edges) {
      const list = findingsOf.get(position);
      if (list === undefined) findingsOf.set(position, [finding]);
      else list.push(finding);
    }
  }
  const breaking = new Set(findingsOf.keys());
  if (findingsOf.size > 0) {
    out.push('', `Observed calls that break the design's rules (${findingsOf.size}):`);
    for (const [position, findings] of findingsOf) {
      out.push(`  ${edgeText(analysis, position)}`);
      for (const finding of findings)
        out.push(`    ${finding.rule} (${finding.severity}): ${oneLine(finding.message)}`);
    }
  }
  const section = (heading: string, status: DriftStatus, skip?: Set<number>, unobservable = false) => {
    const nodes = nodesOf(status, unobservable);
    const edges = edgesOf(status, unobservable, skip);
    if (nodes.length + edges.length === 0) return;
    out.push('', `${heading} (${count(nodes.length, 'node')}, ${count(edges.length, 'edge')}):`);
    for (const node of nodes) out.push(`  ${node}`);
    for (const position of edges) out.push(`  ${edgeText(analysis, position)}`);
  };
  section(
    breaking.size > 0 ? 'Also observed, not in the design' : 'Observed, not in the design',
    'observed-only',
    breaking,
  );
  section('In the design, not observed', 'design-only');
  section(`In the design, not visible in ${title.observation}`, 'design-only', undefined, true);
  const { nodes, edges } = result.summary;
  out.push(
    '',
    `In both: ${nodes.both} of ${count(nodes.both + nodes['design-only'], 'design node')}, ` +
      `${edges.both} of ${count(edges.both + edges['design-only'], 'design edge')}. ` +
      `Observed only: ${count(nodes['observed-only'], 'node')}, ${count(edges['observed-only'], 'edge')}.`,
  );
  return `${out.join('\n')}\n`;
}

/**
 * A SARIF 2.1.0 log, with the rules package's writer and conventions (locations at the line where
 * a design element's id is written, stable fingerprints): first the findings of rules that
 * observed calls break (under their own rule ids), then one result per node or edge only one side
 * has (`drift-observed-only`, `drift-design-only`).
 */
export function driftSarif(
  analysis: DriftAnalysis,
  options: { artifactUri: string; text?: string; version?: string },
): Record<string, unknown> {
  const { result, names } = analysis;
  const findings: Finding[] = analysis.breaks.map(({ finding, edges }) => ({
    ...finding,
    message: `Observed ${edges.map((position) => edgeText(analysis, position)).join(', ')} is not in the design and breaks ${finding.rule}: ${finding.message}`,
    elements: [
      ...new Set([
        ...edges.flatMap((position) => endsOf(result.edges[position] as DriftEdge)),
        ...finding.elements,
      ]),
    ],
  }));
  const driftFinding = (status: DriftStatus, message: string, elements: string[]): Finding => ({
    rule: status === 'observed-only' ? 'drift-observed-only' : 'drift-design-only',
    severity: (status === 'observed-only' ? 'warning' : 'info') satisfies Severity,
    message,
    elements,
  });
  result.nodes.forEach((node, i) => {
    if (node.status === 'both' || node.unobservable) return;
    const name = quoted(names.nodes[i] ?? '');
    findings.push(
      node.status === 'observed-only'
        ? driftFinding(node.status, `Node ${name} runs but is not in the design.`, [
            `observed:${node.observed}`,
          ])
        : driftFinding(node.status, `Node ${name} of the design was not observed.`, [node.id ?? '']),
    );
  });
  result.edges.forEach((edge, i) => {
    if (edge.status === 'both' || edge.unobservable || (edge.breaks?.length ?? 0) > 0) return;
    findings.push(
      edge.status === 'observed-only'
        ? driftFinding(edge.status, `Observed ${edgeText(analysis, i)} is not in the design.`, endsOf(edge))
        : driftFinding(edge.status, `${edgeText(analysis, i)} of the design was not observed.`, [
            edge.edge ?? '',
            edge.from,
            edge.to,
          ]),
    );
  });
  return toSarif(findings, { ...options, extraRules: DRIFT_SARIF_RULES });
}

/** The ends of an edge entry (design ids where they matched): where a result points. */
function endsOf(edge: DriftEdge): string[] {
  return [edge.from, edge.to];
}
