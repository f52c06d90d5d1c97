import { type Edge, type Model, ModelIndex, type Node } from '@meshplan/model';
import { tarjan } from '../graph/scc.js';

/** impact.md's `--latency` JSON; `null` is unbounded. */
export interface LatencyBudget {
  edges: { id: string; budgetMs: number | null }[];
  nodes: { id: string; worstDownstreamMs: number | null }[];
  inversions: { edge: string; timeoutMs: number; calleeWorstMs: number | null }[];
  amplifications: { edges: string[]; attempts: number }[];
}

export interface LatencyOptions {
  /** Attempts one entry call may become before a chain counts as an amplification (10). */
  maxAttempts?: number;
  index?: ModelIndex;
}

/**
 * The sync calls of a model as integer arrays, with the figures every latency question reads:
 * each edge's budget, each node's worst downstream time and the most attempts a chain from it
 * multiplies into. Computed in one pass over the condensation of the sync graph (Tarjan numbers
 * components so that callees come first), so it is linear in the model's size; a node in a cycle,
 * or one that reaches a cycle or a call without a timeout, has an unbounded (`Infinity`) worst.
 */
export interface SyncLatency {
  /** Positions in `model.edges` of the sync edges with both ends present, in model order. */
  syncEdges: Int32Array;
  /** `timeoutMs x (retries + 1)` of each edge of `model.edges` (Infinity: no timeout; NaN: not sync). */
  budget: Float64Array;
  /** Worst time each node may spend on its sync calls (Infinity: unbounded). */
  worst: Float64Array;
  /** The product of `(retries + 1)` along the chain of most attempts from each node (cycles left out). */
  attempts: Float64Array;
  /** The edge (position in `model.edges`) that chain leaves each node by, or -1. */
  attemptsNext: Int32Array;
}

const cache = new WeakMap<ModelIndex, SyncLatency>();

/** Saturates a finite figure instead of overflowing, so that `Infinity` keeps meaning "unbounded". */
const bounded = (value: number) => Math.min(value, Number.MAX_VALUE);
const UNBOUNDED = Number.POSITIVE_INFINITY;
/** The sum of two times, unbounded when either is. */
const add = (a: number, b: number) => (a === UNBOUNDED || b === UNBOUNDED ? UNBOUNDED : bounded(a + b));

export function syncLatency(index: ModelIndex): SyncLatency {
  const cached = cache.get(index);
  if (cached !== undefined) return cached;
  const model = index.model;
  const n = model.nodes.length;
  const { outgoing, edgeTo } = index;
  const budget = new Float64Array(model.edges.length).fill(Number.NaN);
  const retriesOf = new Float64Array(model.edges.length);
  // Compressed rows of the sync edges (the `to` end present), from the index's own rows.
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    let count = 0;
    for (let r = outgoing.start(v, 'sync'); r < outgoing.end(v, 'sync'); r++)
      if ((edgeTo[outgoing.edges[r] as number] as number) >= 0) count++;
    offsets[v + 1] = (offsets[v] as number) + count;
  }
  const targets = new Int32Array(offsets[n] as number);
  const rowEdges = new Int32Array(offsets[n] as number);
  for (let v = 0, k = 0; v < n; v++) {
    for (let r = outgoing.start(v, 'sync'); r < outgoing.end(v, 'sync'); r++) {
      const edge = outgoing.edges[r] as number;
      if ((edgeTo[edge] as number) < 0) continue;
      targets[k] = edgeTo[edge] as number;
      rowEdges[k++] = edge;
      const resilience = (model.edges[edge] as Edge & { kind: 'sync' }).resilience;
      const retries = resilience?.retries ?? 0;
      retriesOf[edge] = retries;
      budget[edge] =
        resilience?.timeoutMs === undefined
          ? Number.POSITIVE_INFINITY
          : bounded(resilience.timeoutMs * (retries + 1));
    }
  }
  const { component, count, memberStart, memberNodes } = tarjan(n, offsets, targets);
  const worst = new Float64Array(n);
  const attempts = new Float64Array(n).fill(1);
  const attemptsNext = new Int32Array(n).fill(-1);
  for (let c = 0; c < count; c++) {
    const first = memberStart[c] as number;
    const last = memberStart[c + 1] as number;
    const cyclic = last - first > 1;
    for (let m = first; m < last; m++) {
      const v = memberNodes[m] as number;
      let worstHere = cyclic ? Number.POSITIVE_INFINITY : 0;
      for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) {
        const w = targets[k] as number;
        const edge = rowEdges[k] as number;
        // A call to itself is a cycle of one; calls inside a cycle are sync-cycle's, not chains.
        if (w === v || component[w] === c) {
          worstHere = Number.POSITIVE_INFINITY;
          continue;
        }
        const through = add(budget[edge] as number, worst[w] as number);
        if (through > worstHere) worstHere = through;
        const multiplied = bounded(((retriesOf[edge] as number) + 1) * (attempts[w] as number));
        if (multiplied > (attempts[v] as number)) {
          attempts[v] = multiplied;
          attemptsNext[v] = edge;
        }
      }
      worst[v] = worstHere;
    }
  }
  let syncCount = 0;
  const syncEdges = new Int32Array(rowEdges.length);
  for (let e = 0; e < model.edges.length; e++) if (!Number.isNaN(budget[e])) syncEdges[syncCount++] = e;
  const result: SyncLatency = {
    syncEdges: syncEdges.subarray(0, syncCount),
    budget,
    worst,
    attempts,
    attemptsNext,
  };
  cache.set(index, result);
  return result;
}

/** A finite figure, or `null` for unbounded. */
const orNull = (value: number) => (Number.isFinite(value) ? value : null);

/**
 * The sync edges whose caller gives up before its callee may: `timeoutMs` below the callee's worst
 * downstream time. An unbounded callee is left to missing-resilience (no timeout) and sync-cycle.
 */
export function timeoutInversions(
  index: ModelIndex,
): { edge: number; timeoutMs: number; calleeWorstMs: number }[] {
  const { syncEdges, worst } = syncLatency(index);
  const found: { edge: number; timeoutMs: number; calleeWorstMs: number }[] = [];
  for (const edge of syncEdges) {
    const timeoutMs = (index.model.edges[edge] as Edge & { kind: 'sync' }).resilience?.timeoutMs;
    const calleeWorst = worst[index.edgeTo[edge] as number] as number;
    if (timeoutMs !== undefined && Number.isFinite(calleeWorst) && timeoutMs < calleeWorst)
      found.push({ edge, timeoutMs, calleeWorstMs: calleeWorst });
  }
  return found;
}

/**
 * For every entry of the sync graph (a node no sync edge calls) whose chain of most attempts
 * multiplies beyond `maxAttempts`: that chain's edges (positions in `model.edges`) and the product.
 */
export function retryAmplifications(
  index: ModelIndex,
  maxAttempts: number,
): { edges: number[]; attempts: number }[] {
  const { attempts, attemptsNext } = syncLatency(index);
  const found: { edges: number[]; attempts: number }[] = [];
  for (let v = 0; v < index.model.nodes.length; v++) {
    if ((attempts[v] as number) <= maxAttempts || index.incoming.count(v, 'sync') > 0) continue;
    const edges: number[] = [];
    for (let at = v; attemptsNext[at] !== -1; at = index.edgeTo[attemptsNext[at] as number] as number)
      edges.push(attemptsNext[at] as number);
    found.push({ edges, attempts: attempts[v] as number });
  }
  return found;
}

/** impact.md's latency budget of a model. */
export function latencyBudget(model: Model, options: LatencyOptions = {}): LatencyBudget {
  const index = options.index ?? new ModelIndex(model);
  const { syncEdges, budget, worst } = syncLatency(index);
  const edgeId = (edge: number) => (model.edges[edge] as Edge).id;
  const nodes: LatencyBudget['nodes'] = [];
  for (let v = 0; v < model.nodes.length; v++)
    if (index.outgoing.count(v, 'sync') > 0)
      nodes.push({ id: (model.nodes[v] as Node).id, worstDownstreamMs: orNull(worst[v] as number) });
  return {
    edges: Array.from(syncEdges, (edge) => ({ id: edgeId(edge), budgetMs: orNull(budget[edge] as number) })),
    nodes,
    inversions: timeoutInversions(index).map((found) => ({ ...found, edge: edgeId(found.edge) })),
    amplifications: retryAmplifications(index, options.maxAttempts ?? 10).map((found) => ({
      edges: found.edges.map(edgeId),
      attempts: found.attempts,
    })),
  };
}
