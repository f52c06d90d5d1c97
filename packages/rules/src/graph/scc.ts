import type { ModelIndex } from '@meshplan/model';

/**
 * The sync graph of the catalog (the sync and route edges a gateway or service forwards) with nodes numbered in model order, as compressed rows:
 * the successors of node `n` are `targets[offsets[n]]` up to `targets[offsets[n + 1]]`, reached by
 * the edge at position `edges[k]` of `model.edges`. Integer arrays only: they keep the graph
 * algorithms fast at 10,000 services and give the garbage collector nothing to copy.
 */
export interface SyncGraph {
  offsets: Int32Array;
  targets: Int32Array;
  edges: Int32Array;
  /** Strongly connected components: `component[n]` numbers them in reverse topological order. */
  component: Int32Array;
  /** Number of components. */
  count: number;
  /**
   * The nodes of component `c` are `memberNodes[memberStart[c]]` up to `memberStart[c + 1]`,
   * ascending (model order): flat arrays, not one array per component.
   */
  memberStart: Int32Array;
  memberNodes: Int32Array;
}

/** The node numbers of component `c`, in model order. */
export function membersOf(graph: SyncGraph, c: number): Int32Array {
  return graph.memberNodes.subarray(graph.memberStart[c], graph.memberStart[c + 1]);
}

/** Whether the sync graph's edge `k` is a sync call to a service (not a route, not to an external). */
export function callsServiceAt(index: ModelIndex, graph: SyncGraph, k: number): boolean {
  return (
    index.model.edges[graph.edges[k] as number]?.kind === 'sync' &&
    index.kindAt(graph.targets[k] as number) === 'service'
  );
}

const cache = new WeakMap<ModelIndex, SyncGraph>();

/** The sync graph of a model and its components, computed once per index and shared by rules. */
export function syncGraph(index: ModelIndex): SyncGraph {
  let graph = cache.get(index);
  if (graph === undefined) {
    graph = build(index);
    cache.set(index, graph);
  }
  return graph;
}

function build(index: ModelIndex): SyncGraph {
  const n = index.model.nodes.length;
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v] as number) + rowOf(index, v);
  const targets = new Int32Array(offsets[n] as number);
  const edges = new Int32Array(offsets[n] as number);
  for (let v = 0; v < n; v++) rowOf(index, v, { targets, edges, at: offsets[v] as number });
  return { offsets, targets, edges, ...tarjan(n, offsets, targets) };
}

const SYNC_KINDS = ['sync', 'route'] as const;

/**
 * Counts the sync graph's edges from node `v` (its sync edges, then its route edges, each in model
 * order, less any to no node), read from the index's rows; with `into`, also writes them.
 */
function rowOf(
  index: ModelIndex,
  v: number,
  into?: { targets: Int32Array; edges: Int32Array; at: number },
): number {
  const { outgoing, edgeTo } = index;
  let count = 0;
  for (const kind of SYNC_KINDS) {
    for (let r = outgoing.start(v, kind); r < outgoing.end(v, kind); r++) {
      const edge = outgoing.edges[r] as number;
      const to = edgeTo[edge] as number;
      if (to === -1) continue;
      if (into !== undefined) {
        into.targets[into.at + count] = to;
        into.edges[into.at + count] = edge;
      }
      count++;
    }
  }
  return count;
}

/** Tarjan's strongly connected components, iterative: a 10,000-deep chain must not overflow. */
export function tarjan(
  n: number,
  offsets: Int32Array,
  targets: Int32Array,
): { component: Int32Array; count: number; memberStart: Int32Array; memberNodes: Int32Array } {
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  // Both stacks hold each node at most once: fixed arrays with a top, no growing lists.
  const stack = new Int32Array(n);
  let top = 0;
  const callStack = new Int32Array(n);
  let depth = 0;
  const nextEdge = new Int32Array(n);
  // Components are popped off `stack` as contiguous runs: record where each run starts.
  const memberNodes = new Int32Array(n);
  const starts = new Int32Array(n + 1);
  let filled = 0;
  let count = 0;
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    order[root] = low[root] = counter++;
    nextEdge[root] = offsets[root] as number;
    stack[top++] = root;
    onStack[root] = 1;
    callStack[depth++] = root;
    while (depth > 0) {
      const v = callStack[depth - 1] as number;
      const k = nextEdge[v] as number;
      if (k < (offsets[v + 1] as number)) {
        nextEdge[v] = k + 1;
        const w = targets[k] as number;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          nextEdge[w] = offsets[w] as number;
          stack[top++] = w;
          onStack[w] = 1;
          callStack[depth++] = w;
        } else if (onStack[w] === 1 && (order[w] as number) < (low[v] as number)) {
          low[v] = order[w] as number;
        }
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = callStack[depth - 1] as number;
        if ((low[v] as number) < (low[parent] as number)) low[parent] = low[v] as number;
      }
      if (low[v] === order[v]) {
        const first = filled;
        let w: number;
        do {
          w = stack[--top] as number;
          onStack[w] = 0;
          component[w] = count;
          memberNodes[filled++] = w;
        } while (w !== v);
        if (filled - first > 1) memberNodes.subarray(first, filled).sort();
        starts[++count] = filled;
      }
    }
  }
  return { component, count, memberStart: starts.subarray(0, count + 1), memberNodes };
}
