import { type Edge, type EdgeKind, edgeFits, type Model, type Node, type NodeKind } from '@meshplan/model';
import { type Finding, lint } from '@meshplan/rules';
import { checkNameMap, type MatchReason, matchNodes, type NameMap } from './match.js';

export type DriftStatus = 'both' | 'design-only' | 'observed-only';
export const DRIFT_STATUSES: readonly DriftStatus[] = ['both', 'design-only', 'observed-only'];

/** What tracing saw on an edge (model-format.md: the edge's optional `observed`). */
export interface ObservedStats {
  calls?: number;
  errors?: number;
  p50Ms?: number;
  p99Ms?: number;
  from?: string;
  to?: string;
}

/** One node of the comparison, as drift.md prints it. */
export interface DriftNode {
  /** The design node's id; null when only the observation has it. */
  id: string | null;
  /** The observed node's name; null when only the design has it. */
  observed: string | null;
  status: DriftStatus;
  /**
   * On a design-only node the observation's source cannot show (a client in compose files):
   * not a sign of drift (an addition to drift.md's shape; see `visibleKinds`).
   */
  unobservable?: true;
}

/** One edge of the comparison, as drift.md prints it, with `breaks` added for observed-only edges. */
export interface DriftEdge {
  /** The design node id where the end matched, else the observed name. */
  from: string;
  to: string;
  kind: EdgeKind;
  status: DriftStatus;
  /** The design edge's id; null when only the observation has it. */
  edge: string | null;
  /** What was observed on the matching observed edges, where they say. */
  observed?: ObservedStats;
  /** Ids of the design's rules this observed-only edge breaks (an addition to drift.md's shape). */
  breaks?: string[];
  /** On a design-only edge with an end the observation's source cannot show. */
  unobservable?: true;
}

export interface DriftResult {
  nodes: DriftNode[];
  edges: DriftEdge[];
  summary: {
    nodes: Record<DriftStatus, number>;
    edges: Record<DriftStatus, number>;
  };
}

export interface DriftOptions {
  /** `{ "observed name": "node id" }` for what the automatic matching cannot pair. */
  map?: unknown;
  /**
   * The node kinds the observation's source can show (`VISIBLE_KINDS` by import format); design
   * nodes of other kinds, and edges that touch them, are design-only with `unobservable: true`.
   * Every kind when not given.
   */
  visibleKinds?: readonly NodeKind[];
}

/**
 * What each import source can show. Compose files and manifests deploy services and datastores
 * (a broker container carries every topic, so topics do not come back one to one; clients,
 * gateways and external systems are not deployed by them); API documents describe services (and
 * AsyncAPI their channels); traces see every process that is traced and what it calls; a model
 * shows everything.
 */
export const VISIBLE_KINDS: Readonly<Record<string, readonly NodeKind[]>> = {
  compose: ['service', 'datastore'],
  k8s: ['service', 'datastore'],
  openapi: ['service'],
  asyncapi: ['service', 'topic'],
  traces: ['service', 'datastore', 'topic', 'gateway', 'external'],
  meshplan: ['service', 'datastore', 'topic', 'gateway', 'client', 'external'],
};

/** A rule finding on the design with the observed-only edges added: the edge entries it is about. */
export interface DriftBreak {
  finding: Finding;
  /** Positions in `DriftResult.edges` of the observed-only edges the finding names. */
  edges: number[];
}

export interface DriftAnalysis {
  result: DriftResult;
  /** Findings that involve observed-only edges, in the engine's order (severity, rule). */
  breaks: DriftBreak[];
  /** Why each observed node that matched did (by its name), for people. */
  matches: { observed: string; id: string; reason: MatchReason }[];
  /** How people call each node and each edge's ends (names, not ids), parallel to `result`. */
  names: { nodes: string[]; edges: [from: string, to: string][] };
  /**
   * Where in the observed model each entry of `result` comes from, parallel to it: the observed
   * node's id (null for design-only), the observed edges' ids (empty for design-only). What the
   * editor needs to adopt an observed node or call into the design.
   */
  sources: { nodes: (string | null)[]; edges: string[][] };
}

/**
 * Rules not asked about observed calls: those that judge what an observation cannot know
 * (resilience settings, message names), and those about nodes alone (they never name an edge, so
 * they could not be blamed on one). Every other rule, including any added later, is asked.
 */
export const RULES_NOT_ASKED: readonly string[] = [
  'missing-resilience',
  'unknown-message',
  'disconnected-node',
  'duplicate-name',
  'empty-context',
  'god-service',
  'missing-health-checks',
  'missing-observability',
  'saga-missing-compensation',
  'saga-unknown-service',
  'single-replica',
  'ungrouped-service',
  'unversioned-api',
];

/** An end of an observed-only edge: the design node it matched, or the observed node to add. */
interface EdgeEnd {
  design?: string;
  observed: number;
}

/** The observed edges of one pair of ends and one family that the design lacks. */
interface ObservedOnlyEdge {
  from: EdgeEnd;
  to: EdgeEnd;
  kind: EdgeKind;
  edges: Edge[];
}

type Family = 'call' | 'data' | 'publish' | 'subscribe';
const FAMILY_CODE: Readonly<Record<Family, number>> = { call: 0, data: 1, publish: 2, subscribe: 3 };

/**
 * Which edges are "the same" when ends agree: a `route` and a `sync` call are both a call (a
 * designed route from a gateway matches an observed call from it); publish and subscribe keep
 * their direction (their ends already differ); data is data.
 */
function familyOf(kind: EdgeKind): Family {
  return kind === 'sync' || kind === 'route' ? 'call' : kind;
}

/** `drift(design, observed)` as drift.md's JSON. */
export function drift(design: Model, observed: Model, options: DriftOptions = {}): DriftResult {
  return analyzeDrift(design, observed, options).result;
}

/**
 * The design against an observation, node by node and edge by edge (see drift.md), and the design's
 * rule findings that observed-only edges cause. Both models must be valid (`parseModel`); the map
 * is checked here (`DriftInputError` names each bad entry).
 */
export function analyzeDrift(design: Model, observed: Model, options: DriftOptions = {}): DriftAnalysis {
  const map: NameMap = options.map === undefined ? {} : checkNameMap(options.map, design);
  const { designOf, observedOf, reason } = matchNodes(design, observed, map);

  const visible = new Set<NodeKind>(options.visibleKinds ?? VISIBLE_KINDS.meshplan);
  const nodes: DriftNode[] = [];
  design.nodes.forEach((node, d) => {
    const o = observedOf[d] as number;
    if (o !== -1) nodes.push({ id: node.id, observed: (observed.nodes[o] as Node).name, status: 'both' });
    else if (visible.has(node.kind)) nodes.push({ id: node.id, observed: null, status: 'design-only' });
    else nodes.push({ id: node.id, observed: null, status: 'design-only', unobservable: true });
  });
  observed.nodes.forEach((node, o) => {
    if (designOf[o] === -1) nodes.push({ id: null, observed: node.name, status: 'observed-only' });
  });

  // An observed end is the design node it matched, or itself; its kind is the design's where it
  // matched (an importer may have guessed a database to be a service: the design knows better).
  // Ends are numbered: a design node by its position, an unmatched observed node after them; a
  // pair of ends and a family is one number, so grouping thousands of edges builds no strings.
  const designCount = design.nodes.length;
  const span = designCount + observed.nodes.length;
  const observedPosition = new Map<string, number>();
  observed.nodes.forEach((node, o) => {
    observedPosition.set(node.id, o);
  });
  const designPosition = new Map<string, number>();
  design.nodes.forEach((node, d) => {
    designPosition.set(node.id, d);
  });
  const endOf = (o: number) => {
    const d = designOf[o] as number;
    return d === -1 ? designCount + o : d;
  };
  /** The node an end number stands for, in the design or in the observation. */
  const nodeAt = (end: number) =>
    (end < designCount ? design.nodes[end] : observed.nodes[end - designCount]) as Node;
  /** What drift.md prints for an end: the design id where it matched, else the observed name. */
  const labelAt = (end: number) => (end < designCount ? nodeAt(end).id : nodeAt(end).name);
  const pairKey = (from: number, to: number, family: Family) => (from * span + to) * 4 + FAMILY_CODE[family];

  interface ObservedGroup {
    from: number;
    to: number;
    kind: EdgeKind;
    edges: Edge[];
    matched: boolean;
  }
  const groups = new Map<number, ObservedGroup>();
  for (const edge of observed.edges) {
    const fromAt = observedPosition.get(edge.from);
    const toAt = observedPosition.get(edge.to);
    // A valid model has no dangling ends; one that has cannot be compared by its ends.
    if (fromAt === undefined || toAt === undefined) continue;
    const from = endOf(fromAt);
    const to = endOf(toAt);
    const kind = normalKind(edge.kind, nodeAt(from).kind, nodeAt(to).kind);
    const key = pairKey(from, to, familyOf(kind));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { from, to, kind, edges: [edge], matched: false });
    else group.edges.push(edge);
  }

  const edges: DriftEdge[] = [];
  const edgeNames: [string, string][] = [];
  const edgeSources: string[][] = [];
  const designName = (id: string) => {
    const d = designPosition.get(id);
    return d === undefined ? id : nameOf(design.nodes[d] as Node);
  };
  for (const edge of design.edges) {
    const from = designPosition.get(edge.from) as number;
    const to = designPosition.get(edge.to) as number;
    edgeNames.push([nameOf(nodeAt(from)), nameOf(nodeAt(to))]);
    const group = groups.get(pairKey(from, to, familyOf(edge.kind)));
    const entry: DriftEdge = {
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      status: group === undefined ? 'design-only' : 'both',
      edge: edge.id,
    };
    if (group !== undefined) {
      group.matched = true;
      const stats = observedStats(group.edges);
      if (stats !== undefined) entry.observed = stats;
    } else if (!visible.has(nodeAt(from).kind) || !visible.has(nodeAt(to).kind)) entry.unobservable = true;
    edges.push(entry);
    edgeSources.push(group === undefined ? [] : group.edges.map((seen) => seen.id));
  }
  const observedOnly: ObservedOnlyEdge[] = [];
  /** Where `ruleBreaks` finds an end: the design node it is, or the observed node to add. */
  const endFor = (end: number): EdgeEnd =>
    end < designCount ? { design: nodeAt(end).id, observed: -1 } : { observed: end - designCount };
  for (const group of groups.values()) {
    if (group.matched) continue;
    observedOnly.push({
      from: endFor(group.from),
      to: endFor(group.to),
      kind: group.kind,
      edges: group.edges,
    });
    edgeNames.push([nameOf(nodeAt(group.from)), nameOf(nodeAt(group.to))]);
    edgeSources.push(group.edges.map((seen) => seen.id));
    const entry: DriftEdge = {
      from: labelAt(group.from),
      to: labelAt(group.to),
      kind: group.kind,
      status: 'observed-only',
      edge: null,
    };
    const stats = observedStats(group.edges);
    if (stats !== undefined) entry.observed = stats;
    edges.push(entry);
  }

  const breaks = ruleBreaks(design, observed, designOf, observedOnly, edges.length - observedOnly.length);
  for (const { finding, edges: positions } of breaks) {
    for (const position of positions) {
      const entry = edges[position] as DriftEdge;
      entry.breaks ??= [];
      if (!entry.breaks.includes(finding.rule)) entry.breaks.push(finding.rule);
    }
  }
  for (const entry of edges) entry.breaks?.sort();

  const matches: DriftAnalysis['matches'] = [];
  observed.nodes.forEach((node, o) => {
    const d = designOf[o] as number;
    if (d !== -1)
      matches.push({
        observed: node.name,
        id: (design.nodes[d] as Node).id,
        reason: reason[o] as MatchReason,
      });
  });
  const nodeNames = nodes.map((entry) => (entry.id === null ? (entry.observed ?? '') : designName(entry.id)));
  const nodeSources: (string | null)[] = design.nodes.map((_, d) => {
    const o = observedOf[d] as number;
    return o === -1 ? null : (observed.nodes[o] as Node).id;
  });
  observed.nodes.forEach((node, o) => {
    if (designOf[o] === -1) nodeSources.push(node.id);
  });
  return {
    result: { nodes, edges, summary: { nodes: tally(nodes), edges: tally(edges) } },
    breaks,
    matches,
    names: { nodes: nodeNames, edges: edgeNames },
    sources: { nodes: nodeSources, edges: edgeSources },
  };
}

/**
 * The kind an observed edge has between the ends it matched: into a datastore it is data, into a
 * topic publish, out of one subscribe; a call keeps its kind where that fits the ends (a route
 * from a gateway stays a route), else becomes the other call kind that does.
 */
function normalKind(kind: EdgeKind, from: NodeKind | undefined, to: NodeKind | undefined): EdgeKind {
  if (to === 'datastore') return 'data';
  if (to === 'topic') return 'publish';
  if (from === 'topic') return 'subscribe';
  if (from === undefined || to === undefined || edgeFits(kind, from, to)) return kind;
  if (edgeFits('sync', from, to)) return 'sync';
  if (edgeFits('route', from, to)) return 'route';
  return kind;
}

const finiteCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isoTime = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));

/**
 * What the observed edges of one pair saw, together: calls and errors add up; the percentiles of
 * several edges cannot be merged exactly, so the largest is kept (an upper bound); the window spans
 * them all. Fields an edge does not carry, or carries as something other than a number or a time,
 * are left out.
 */
export function observedStats(edges: readonly Edge[]): ObservedStats | undefined {
  let stats: ObservedStats | undefined;
  for (const edge of edges) {
    const seen = (edge as { observed?: unknown }).observed;
    if (seen === null || typeof seen !== 'object') continue;
    const { calls, errors, p50Ms, p99Ms, from, to } = seen as Record<string, unknown>;
    stats ??= {};
    if (finiteCount(calls)) stats.calls = (stats.calls ?? 0) + calls;
    if (finiteCount(errors)) stats.errors = (stats.errors ?? 0) + errors;
    if (finiteCount(p50Ms)) stats.p50Ms = Math.max(stats.p50Ms ?? 0, p50Ms);
    if (finiteCount(p99Ms)) stats.p99Ms = Math.max(stats.p99Ms ?? 0, p99Ms);
    if (isoTime(from) && (stats.from === undefined || Date.parse(from) < Date.parse(stats.from)))
      stats.from = from;
    if (isoTime(to) && (stats.to === undefined || Date.parse(to) > Date.parse(stats.to))) stats.to = to;
  }
  return stats === undefined || Object.keys(stats).length === 0 ? undefined : stats;
}

/** A node's name, or its id when it has none. */
function nameOf(node: Node): string {
  return node.name === '' ? node.id : node.name;
}

function tally(entries: readonly { status: DriftStatus }[]): Record<DriftStatus, number> {
  const counts: Record<DriftStatus, number> = { both: 0, 'design-only': 0, 'observed-only': 0 };
  for (const entry of entries) counts[entry.status]++;
  return counts;
}

/**
 * Adds the observed-only edges (and the observed nodes they join that the design lacks) to a copy
 * of the design, lints it with the design's own settings, and keeps the findings that name an
 * added edge. Added nodes keep their observed name (the rules' messages name them) and lose their
 * context (an observation's contexts mean nothing in the design); an edge whose kind cannot join
 * its ends (a call into a client, say) is not added.
 */
function ruleBreaks(
  design: Model,
  observed: Model,
  designOf: Int32Array,
  observedOnly: readonly ObservedOnlyEdge[],
  firstObservedOnly: number,
): DriftBreak[] {
  if (observedOnly.length === 0) return [];
  const taken = new Set<string>();
  for (const node of design.nodes) taken.add(node.id);
  for (const edge of design.edges) taken.add(edge.id);
  for (const context of design.contexts ?? []) taken.add(context.id);
  for (const saga of design.sagas ?? []) taken.add(saga.id);
  for (const view of design.views ?? []) taken.add(view.id);
  const fresh = (wanted: string) => {
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted.slice(0, 50)}.observed${n === 2 ? '' : n}`;
    taken.add(id);
    return id;
  };

  const addedNodes: Node[] = [];
  const addedNodeId = new Map<number, string>();
  /** The id in the copy of an observed node the design lacks, added on first use. */
  const addedEnd = (o: number): { id: string; kind: NodeKind } | undefined => {
    const node = observed.nodes[o];
    if (node === undefined || designOf[o] !== -1) return undefined;
    let id = addedNodeId.get(o);
    if (id === undefined) {
      id = fresh(node.id);
      addedNodeId.set(o, id);
      const { context: _context, position: _position, ...rest } = node;
      addedNodes.push({ ...rest, id } as Node);
    }
    return { id, kind: node.kind };
  };

  const designNodes = new Map(design.nodes.map((node) => [node.id, node]));
  const end = (at: { design?: string; observed: number }) =>
    at.design === undefined ? addedEnd(at.observed) : toEnd(designNodes.get(at.design));
  const addedEdges: Edge[] = [];
  const entryOf = new Map<string, number>();
  observedOnly.forEach((group, i) => {
    const from = end(group.from);
    const to = end(group.to);
    if (from === undefined || to === undefined || !edgeFits(group.kind, from.kind, to.kind)) return;
    const id = fresh(`observed-${i + 1}`);
    entryOf.set(id, firstObservedOnly + i);
    addedEdges.push(edgeOfKind(group.kind, id, from.id, to.id, group.edges[0] as Edge));
  });
  if (addedEdges.length === 0) return [];

  const copy: Model = {
    ...design,
    nodes: [...design.nodes, ...addedNodes],
    edges: [...design.edges, ...addedEdges],
  };
  const addedNames = new Map<string, string>();
  for (const [o, id] of addedNodeId) addedNames.set(id, (observed.nodes[o] as Node).name);
  const overrides = Object.fromEntries(RULES_NOT_ASKED.map((id) => [id, 'off']));
  const breaks: DriftBreak[] = [];
  for (const finding of lint(copy, { overrides })) {
    const positions = finding.elements.flatMap((id) => {
      const position = entryOf.get(id);
      return position === undefined ? [] : [position];
    });
    if (positions.length === 0) continue;
    // The copy's own ids mean nothing outside it: an added node is its observed name, an added
    // edge is the entry it points at.
    const elements = finding.elements.flatMap((id) => (entryOf.has(id) ? [] : [addedNames.get(id) ?? id]));
    const { fix: _fix, ...withoutFix } = finding;
    breaks.push({ finding: { ...withoutFix, elements: [...new Set(elements)] }, edges: positions });
  }
  return breaks;
}

function toEnd(node: Node | undefined): { id: string; kind: NodeKind } | undefined {
  return node === undefined ? undefined : { id: node.id, kind: node.kind };
}

/** An edge of `kind` between two ids, with what the observed edge says where it fits that kind. */
function edgeOfKind(kind: EdgeKind, id: string, from: string, to: string, seen: Edge): Edge {
  const was = seen as Record<string, unknown>;
  switch (kind) {
    case 'sync':
      return {
        id,
        kind,
        from,
        to,
        protocol: was.kind === 'sync' ? (was.protocol as 'rest') : 'rest',
        ...(Array.isArray(was.operations) ? { operations: was.operations as string[] } : {}),
      };
    case 'data':
      return { id, kind, from, to, access: was.kind === 'data' ? (was.access as 'read') : 'readwrite' };
    case 'route':
      return { id, kind, from, to };
    default:
      return { id, kind, from, to };
  }
}
