import type { DriftAnalysis, DriftStatus } from '@meshplan/drift';
import type { ImportFormat } from '@meshplan/importers';
import { type Edge, type EdgeKind, edgeKindsBetween, type Model, type Node } from '@meshplan/model';

/** A design compared with what runs: the observation as a model, and what the comparison found. */
export interface DriftComparison {
  /** What was read, in words: a file's name, or how many files. */
  source: string;
  /** The import format the observation was read as (what it can show depends on it). */
  from: ImportFormat;
  observed: Model;
  analysis: DriftAnalysis;
  /** The design with the observed-only nodes and calls drawn in (ghosts), placed where they go. */
  model: Model;
}

/** One line of the comparison for people, and what adopting it would add. */
export interface DriftItem {
  key: string;
  status: DriftStatus;
  text: string;
  /** Rules of the design an observed-only call breaks. */
  breaks: string[];
  adopt?: { kind: 'node'; index: number } | { kind: 'edge'; index: number };
}

/** Ids of what the canvas draws from the observation only: never ids of the model's elements. */
export const ghostNodeId = (observedId: string) => `observed:${observedId}`;
export const ghostEdgeId = (index: number) => `observed-edge:${index}`;

/** Each observed node's design node, where it matched. */
function designIdsOf(analysis: DriftAnalysis): Map<string, string> {
  const ids = new Map<string, string>();
  analysis.result.nodes.forEach((entry, i) => {
    const observed = analysis.sources.nodes[i];
    if (entry.status === 'both' && entry.id !== null && observed != null) ids.set(observed, entry.id);
  });
  return ids;
}

/**
 * The design with what only runs drawn in: each observed-only node as a ghost (id `observed:…`,
 * no position: to be placed beside what it calls) and each observed-only call as a ghost edge
 * between design nodes where its ends matched, else ghosts. Nothing of the design changes.
 */
export function withGhosts(design: Model, observed: Model, analysis: DriftAnalysis): Model {
  const designOf = designIdsOf(analysis);
  const observedNodes = new Map(observed.nodes.map((node) => [node.id, node]));
  const observedEdges = new Map(observed.edges.map((edge) => [edge.id, edge]));
  const ghosts: Node[] = [];
  analysis.result.nodes.forEach((entry, i) => {
    const source = analysis.sources.nodes[i];
    const node = source == null ? undefined : observedNodes.get(source);
    if (entry.status !== 'observed-only' || node === undefined) return;
    const { position: _position, context: _context, ...rest } = node;
    ghosts.push({ ...rest, id: ghostNodeId(node.id) } as Node);
  });
  const ghostIds = new Set(ghosts.map((node) => node.id));
  const endOf = (observedId: string) =>
    designOf.get(observedId) ?? (ghostIds.has(ghostNodeId(observedId)) ? ghostNodeId(observedId) : undefined);
  const edges: Edge[] = [];
  analysis.result.edges.forEach((entry, i) => {
    if (entry.status !== 'observed-only') return;
    const first = observedEdges.get(analysis.sources.edges[i]?.[0] ?? '');
    if (first === undefined) return;
    const from = endOf(first.from);
    const to = endOf(first.to);
    if (from === undefined || to === undefined) return;
    edges.push({ ...edgeOfKind(entry.kind, first), id: ghostEdgeId(i), from, to } as Edge);
  });
  return { ...design, nodes: [...design.nodes, ...ghosts], edges: [...design.edges, ...edges] };
}

/** The observed edge as an edge of `kind` (the design may know an end better: a call into a store is data access). */
function edgeOfKind(kind: EdgeKind, edge: Edge): Edge {
  if (edge.kind === kind) return edge;
  const base = {
    id: edge.id,
    kind,
    from: edge.from,
    to: edge.to,
    ...(edge.observed ? { observed: edge.observed } : {}),
  };
  switch (kind) {
    case 'sync':
      return { ...base, protocol: 'rest' } as Edge;
    case 'data':
      return { ...base, access: 'readwrite' } as Edge;
    default:
      return base as Edge;
  }
}

/** Marks for the canvas: ghosts `observed`, what the design has and nothing showed `unseen`. */
export function driftMarks(analysis: DriftAnalysis, observed: Model): Map<string, string> {
  const marks = new Map<string, string>();
  analysis.result.nodes.forEach((entry, i) => {
    const source = analysis.sources.nodes[i];
    if (entry.status === 'observed-only' && source != null) marks.set(ghostNodeId(source), 'observed');
    if (entry.status === 'design-only' && entry.unobservable !== true && entry.id !== null)
      marks.set(entry.id, 'unseen');
  });
  const known = new Set(observed.edges.map((edge) => edge.id));
  analysis.result.edges.forEach((entry, i) => {
    if (entry.status === 'observed-only' && known.has(analysis.sources.edges[i]?.[0] ?? ''))
      marks.set(ghostEdgeId(i), 'observed');
    if (entry.status === 'design-only' && entry.unobservable !== true && entry.edge !== null)
      marks.set(entry.edge, 'unseen');
  });
  return marks;
}

const KIND_WORDS: Record<EdgeKind, string> = {
  sync: 'calls',
  route: 'routes to',
  publish: 'publishes to',
  subscribe: 'subscribes to',
  data: 'reads or writes',
};

/**
 * The comparison in words, what matters first: observed calls that break the design's rules, then
 * what runs and is not designed (each can be adopted), then what is designed and was not seen.
 */
export function driftItems(analysis: DriftAnalysis): DriftItem[] {
  const { result, names } = analysis;
  const items: DriftItem[] = [];
  result.edges.forEach((entry, i) => {
    if (entry.status === 'both' || entry.unobservable === true) return;
    const [from, to] = names.edges[i] ?? [entry.from, entry.to];
    const calls = entry.observed?.calls === undefined ? '' : ` (${entry.observed.calls} seen)`;
    items.push({
      key: `edge-${i}`,
      status: entry.status,
      text:
        entry.status === 'observed-only'
          ? `Runs, not designed: ${from} ${KIND_WORDS[entry.kind]} ${to}${calls}`
          : `Designed, not seen: ${from} ${KIND_WORDS[entry.kind]} ${to}`,
      breaks: entry.breaks ?? [],
      ...(entry.status === 'observed-only' ? { adopt: { kind: 'edge' as const, index: i } } : {}),
    });
  });
  result.nodes.forEach((entry, i) => {
    if (entry.status === 'both' || entry.unobservable === true) return;
    const name = names.nodes[i] ?? entry.observed ?? entry.id ?? '';
    items.push({
      key: `node-${i}`,
      status: entry.status,
      text: entry.status === 'observed-only' ? `Runs, not designed: ${name}` : `Designed, not seen: ${name}`,
      breaks: [],
      ...(entry.status === 'observed-only' ? { adopt: { kind: 'node' as const, index: i } } : {}),
    });
  });
  const rank = (item: DriftItem) => (item.breaks.length > 0 ? 0 : item.status === 'observed-only' ? 1 : 2);
  return items.sort((a, b) => rank(a) - rank(b));
}

/** A title for the comparison: against what, and how much differs. */
export function driftTitle(comparison: DriftComparison): string {
  const { summary } = comparison.analysis.result;
  const observedOnly = summary.nodes['observed-only'] + summary.edges['observed-only'];
  const designOnly = driftItems(comparison.analysis).filter((item) => item.status === 'design-only').length;
  const breaking = driftItems(comparison.analysis).filter((item) => item.breaks.length > 0).length;
  if (observedOnly === 0 && designOnly === 0)
    return `Compared with ${comparison.source}: design and what runs agree`;
  return (
    `Compared with ${comparison.source}: ${observedOnly} running but not designed` +
    (breaking > 0 ? ` (${breaking} breaking the design’s rules)` : '') +
    `, ${designOnly} designed but not seen`
  );
}

/**
 * What adopting `item` adds to `design`: the observed node (at the ghost's place), or the observed
 * call with each end that matched nothing adopted with it. Ids are the observed ones where free.
 */
export function adoption(
  design: Model,
  comparison: DriftComparison,
  item: NonNullable<DriftItem['adopt']>,
): { nodes: Node[]; edges: Edge[] } {
  const { analysis, observed, model: drawn } = comparison;
  const taken = new Set([
    ...design.nodes.map((n) => n.id),
    ...design.edges.map((e) => e.id),
    ...(design.contexts ?? []).map((c) => c.id),
    ...(design.views ?? []).map((v) => v.id),
    ...(design.sagas ?? []).map((s) => s.id),
  ]);
  const freeId = (wanted: string) => {
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
    taken.add(id);
    return id;
  };
  const drawnAt = new Map(drawn.nodes.map((node) => [node.id, node.position]));
  const observedNodes = new Map(observed.nodes.map((node) => [node.id, node]));
  const designOf = designIdsOf(analysis);
  const nodes: Node[] = [];
  const adoptNode = (observedId: string): string | undefined => {
    const known = designOf.get(observedId);
    if (known !== undefined) return known;
    const node = observedNodes.get(observedId);
    if (node === undefined) return undefined;
    const { context: _context, position: _position, ...rest } = node;
    const id = freeId(node.id);
    const at = drawnAt.get(ghostNodeId(node.id));
    nodes.push({ ...rest, id, ...(at ? { position: { x: at.x, y: at.y } } : {}) } as Node);
    designOf.set(observedId, id);
    return id;
  };
  if (item.kind === 'node') {
    const source = analysis.sources.nodes[item.index];
    if (source != null) adoptNode(source);
    return { nodes, edges: [] };
  }
  const entry = analysis.result.edges[item.index];
  const first = observed.edges.find((edge) => edge.id === analysis.sources.edges[item.index]?.[0]);
  if (entry === undefined || first === undefined) return { nodes, edges: [] };
  const from = adoptNode(first.from);
  const to = adoptNode(first.to);
  if (from === undefined || to === undefined) return { nodes, edges: [] };
  const kindOf = (id: string) =>
    design.nodes.find((n) => n.id === id)?.kind ?? nodes.find((n) => n.id === id)?.kind;
  const fromKind = kindOf(from);
  const toKind = kindOf(to);
  // The design may see an end as another kind than the observation did: adopt what fits.
  const kinds = fromKind && toKind ? edgeKindsBetween(fromKind, toKind) : [];
  const kind = kinds.includes(entry.kind) ? entry.kind : kinds[0];
  if (kind === undefined) return { nodes, edges: [] };
  const edge = { ...edgeOfKind(kind, first), id: freeId(first.id), from, to } as Edge;
  return { nodes, edges: [edge] };
}

/** The comparison as the canvas shows it: read-only, like a comparison of revisions. */
export function driftView(comparison: DriftComparison): {
  title: string;
  model: Model;
  marks: Map<string, string>;
  drift: DriftComparison;
} {
  return {
    title: driftTitle(comparison),
    model: comparison.model,
    marks: driftMarks(comparison.analysis, comparison.observed),
    drift: comparison,
  };
}
