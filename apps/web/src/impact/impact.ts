import { type Model, ModelIndex, type NodeKind } from '@meshplan/model';
import {
  blastRadius,
  blastRadiusText,
  chainInWords,
  figure,
  type LatencyBudget,
  latencyBudget,
  msInWords,
} from '@meshplan/rules';

/** What "What if this fails?" may be asked of (impact.md: a service, datastore, topic or external). */
export const FAILABLE_KINDS: ReadonlySet<NodeKind> = new Set(['service', 'datastore', 'topic', 'external']);

/** A read-only view of the canvas: the store's `showRevision` takes it as it is. */
export interface ImpactView {
  title: string;
  model: Model;
  marks: Map<string, string>;
  sentences: string[];
}

/** The model's own `retry-amplification` threshold, when its settings give one. */
function maxAttemptsOf(model: Model): number | undefined {
  const setting = model.settings?.rules?.['retry-amplification'];
  const value =
    typeof setting === 'object' && setting !== null
      ? (setting as { maxAttempts?: unknown }).maxAttempts
      : undefined;
  return typeof value === 'number' ? value : undefined;
}

/**
 * "What if this fails?": the failed node and every node it takes down marked by how it is hit
 * (`failed`, `degraded`, `delayed`), with the edge each was hit through; the impact in words,
 * user-facing first, then the latency budget of each entry point's chain and the inversions.
 */
export function impactView(model: Model, nodeId: string): ImpactView {
  const index = new ModelIndex(model);
  const result = blastRadius(model, nodeId, index);
  const marks = new Map<string, string>([[nodeId, 'failed']]);
  for (const entry of result.impact) {
    marks.set(entry.id, entry.effect);
    const last = entry.via[entry.via.length - 1];
    if (last !== undefined) marks.set(last, entry.effect);
  }
  // The publish edge a delayed subscriber lost its message through is marked with it.
  for (const entry of result.impact)
    if (entry.effect === 'delayed' && entry.via.length >= 2) {
      const publish = entry.via[entry.via.length - 2] as string;
      if (!marks.has(publish)) marks.set(publish, 'delayed');
    }
  const budget = latencyBudget(model, { index, maxAttempts: maxAttemptsOf(model) });
  return {
    title: `What if "${index.label(nodeId)}" fails?`,
    model,
    marks,
    sentences: [
      ...blastRadiusText(model, result, index).map((line) => line.trim()),
      ...latencySentences(model, budget, index),
    ],
  };
}

/**
 * "Latency budget": every sync call marked by whether its caller gives up too early (`degraded`,
 * an inversion) or its chain multiplies retries (`delayed`), with the same sentences.
 */
export function latencyView(model: Model): ImpactView {
  const index = new ModelIndex(model);
  const budget = latencyBudget(model, { index, maxAttempts: maxAttemptsOf(model) });
  const marks = new Map<string, string>();
  for (const chain of budget.amplifications) for (const edge of chain.edges) marks.set(edge, 'delayed');
  for (const found of budget.inversions) marks.set(found.edge, 'degraded');
  const callers = budget.nodes.map(
    (node) => `"${index.label(node.id)}" ${msInWords(node.worstDownstreamMs)}`,
  );
  const sentences = latencySentences(model, budget, index);
  if (callers.length > 0)
    sentences.splice(
      1,
      0,
      `Worst time each caller may spend on its synchronous calls: ${callers.join('; ')}.`,
    );
  return { title: 'Latency budget', model, marks, sentences };
}

/**
 * The worst time from each entry point (a node nothing calls or routes to) down its synchronous
 * chain, a route adding the worst of what it leads to; then each inversion and amplification.
 */
export function latencySentences(
  model: Model,
  budget: LatencyBudget,
  index = new ModelIndex(model),
): string[] {
  const worstOf = new Map(budget.nodes.map((node) => [node.id, node.worstDownstreamMs]));
  const { outgoing, incoming, edgeTo } = index;
  // Routes go client → gateway → service only, so this is at most two routes deep.
  const entryWorst = (v: number, depth: number): number | null | undefined => {
    let worst: number | null | undefined = worstOf.get(model.nodes[v]?.id ?? '');
    if (depth > 2) return worst;
    for (let r = outgoing.start(v, 'route'); r < outgoing.end(v, 'route'); r++) {
      const to = edgeTo[outgoing.edges[r] as number] as number;
      if (to < 0) continue;
      const through = entryWorst(to, depth + 1);
      if (through === undefined) continue;
      worst = worst === null || through === null ? null : Math.max(worst ?? 0, through);
    }
    return worst;
  };
  const entries: string[] = [];
  for (let v = 0; v < model.nodes.length; v++) {
    if (incoming.count(v, 'sync') > 0 || incoming.count(v, 'route') > 0) continue;
    const worst = entryWorst(v, 0);
    if (worst === undefined) continue;
    entries.push(`"${index.label(model.nodes[v]?.id ?? '')}": ${msInWords(worst)}`);
  }
  const sentences = [
    entries.length === 0
      ? 'Latency budget: no synchronous chain.'
      : `Latency budget, worst case from each entry point: ${entries.join('; ')}.`,
  ];
  for (const found of budget.inversions) {
    const edge = index.edge(found.edge);
    if (edge === undefined) continue;
    sentences.push(
      `Timeout inversion: "${index.label(edge.from)}" gives up on "${index.label(edge.to)}" after ` +
        `${msInWords(found.timeoutMs)}, but "${index.label(edge.to)}" may take ${msInWords(found.calleeWorstMs)}.`,
    );
  }
  for (const found of budget.amplifications)
    sentences.push(
      `Retry amplification: one call may become ${figure(found.attempts)} along ${chainInWords(index, found.edges)}.`,
    );
  return sentences;
}
