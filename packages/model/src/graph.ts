import { NODE_KINDS } from './edge-kinds.js';
import { IdTable } from './id-table.js';
import type {
  BoundedContext,
  Edge,
  EdgeKind,
  EdgeOfKind,
  Element,
  Model,
  Node,
  NodeKind,
  NodeOfKind,
  Saga,
} from './types.js';

const NO_EDGES: readonly never[] = Object.freeze([]);

const EDGE_KIND_LIST: readonly EdgeKind[] = ['sync', 'route', 'publish', 'subscribe', 'data'];
const EDGE_KIND_CODES = codes(EDGE_KIND_LIST);
const NODE_KIND_CODES = codes(NODE_KINDS);
/** The code of a kind this version does not know (an unparsed draft in the editor). */
const UNKNOWN = 255;

/**
 * The edges of every node by kind, as compressed rows: the edges of kind `kind` at the node at
 * `position` are `edges[start(position, kind)]` up to `edges[end(position, kind)]`, each a
 * position in `model.edges`, in model order. Reading them allocates nothing.
 */
export class EdgeRows {
  /** @param starts where each (node, kind) row begins, node-major; one more entry at the end */
  constructor(
    private readonly starts: Int32Array,
    readonly edges: Int32Array,
  ) {}

  start(position: number, kind: EdgeKind): number {
    return this.starts[position * EDGE_KIND_LIST.length + EDGE_KIND_CODES[kind]] ?? 0;
  }

  end(position: number, kind: EdgeKind): number {
    return this.starts[position * EDGE_KIND_LIST.length + EDGE_KIND_CODES[kind] + 1] ?? 0;
  }

  count(position: number, kind: EdgeKind): number {
    return this.end(position, kind) - this.start(position, kind);
  }

  /** Edges of every kind at the node at `position`. */
  total(position: number): number {
    const kinds = EDGE_KIND_LIST.length;
    return ((this.starts[(position + 1) * kinds] ?? 0) - (this.starts[position * kinds] ?? 0)) | 0;
  }
}

/**
 * Lookups over one model, built once (linear in its size) and shared by every rule of a lint run,
 * every exporter and the editor: elements by id, edges in and out of each node by kind, nodes by
 * kind and by context.
 *
 * Nodes are also known by their position in `model.nodes`, edges by theirs in `model.edges`:
 * each edge's ends as node positions (`edgeFrom`, `edgeTo`) and each node's edges as rows of
 * edge positions (`outgoing`, `incoming`). Graph rules read these integer arrays, which stay fast
 * where maps and a list per node would not: at 10,000 services the maps outgrow the processor's
 * caches, and tens of thousands of small lists keep the garbage collector busy.
 */
export class ModelIndex {
  readonly contexts = new Map<string, BoundedContext>();
  readonly sagas = new Map<string, Saga>();
  /** For edge `i` of `model.edges`, the positions of its ends in `model.nodes`; -1 where no such node. */
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Edges leaving each node, by kind. */
  readonly outgoing: EdgeRows;
  /** Edges arriving at each node, by kind. */
  readonly incoming: EdgeRows;
  /** Position in `model.nodes` of every node id. */
  private readonly positions: IdTable;
  /** The kind of the node at each position, as its place in NODE_KINDS. */
  private readonly kinds: Uint8Array;
  // Lists of nodes by kind and by context, made when first asked for.
  private readonly byKind = new Map<NodeKind, Node[]>();
  private byContext: Map<string, Node[]> | undefined;

  private edgeIds: IdTable | undefined;

  constructor(readonly model: Model) {
    for (const context of model.contexts ?? []) this.contexts.set(context.id, context);
    const nodes = model.nodes;
    this.kinds = new Uint8Array(nodes.length);
    // The first node of an id, should a draft repeat one.
    this.positions = new IdTable(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      this.positions.add(node.id, i);
      this.kinds[i] = NODE_KIND_CODES[node.kind] ?? UNKNOWN;
    }
    const edges = model.edges;
    this.edgeFrom = new Int32Array(edges.length);
    this.edgeTo = new Int32Array(edges.length);
    const edgeKinds = new Uint8Array(edges.length);
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i] as Edge;
      this.edgeFrom[i] = this.positions.get(edge.from);
      this.edgeTo[i] = this.positions.get(edge.to);
      edgeKinds[i] = EDGE_KIND_CODES[edge.kind] ?? UNKNOWN;
    }
    this.outgoing = rows(nodes.length, this.edgeFrom, edgeKinds);
    this.incoming = rows(nodes.length, this.edgeTo, edgeKinds);
    for (const saga of model.sagas ?? []) this.sagas.set(saga.id, saga);
  }

  /** Every node of one kind, in model order. */
  nodesOfKind<K extends NodeKind>(kind: K): readonly NodeOfKind<K>[] {
    let list = this.byKind.get(kind);
    if (list === undefined) {
      list = [];
      const code = NODE_KIND_CODES[kind];
      for (let i = 0; i < this.kinds.length; i++)
        if (this.kinds[i] === code) list.push(this.model.nodes[i] as Node);
      this.byKind.set(kind, list);
    }
    return list as NodeOfKind<K>[];
  }

  get services(): readonly NodeOfKind<'service'>[] {
    return this.nodesOfKind('service');
  }

  /** Nodes whose `context` is `contextId`, in model order. */
  nodesInContext(contextId: string): readonly Node[] {
    if (this.byContext === undefined) {
      this.byContext = new Map();
      for (const node of this.model.nodes)
        if (node.context !== undefined) push(this.byContext, node.context, node);
    }
    return this.byContext.get(contextId) ?? NO_EDGES;
  }

  servicesInContext(contextId: string): readonly NodeOfKind<'service'>[] {
    return this.nodesInContext(contextId).filter(
      (node): node is NodeOfKind<'service'> => node.kind === 'service',
    );
  }

  /** The position of a node in `model.nodes`, or -1. */
  position(nodeId: string): number {
    return this.positions.get(nodeId);
  }

  /** The kind of the node at a position (see `position`, `edgeFrom`, `edgeTo`). */
  kindAt(position: number): NodeKind | undefined {
    return NODE_KINDS[this.kinds[position] ?? UNKNOWN];
  }

  /** How many edges of any kind touch the node at a position. */
  degreeAt(position: number): number {
    return position < 0 ? 0 : this.outgoing.total(position) + this.incoming.total(position);
  }

  /** Edges of one kind leaving the node at a position, as a new list (see `outgoing` to read without one). */
  outEdgesAt<K extends EdgeKind>(position: number, kind: K): readonly EdgeOfKind<K>[] {
    return this.listAt(this.outgoing, position, kind) as EdgeOfKind<K>[];
  }

  /** Edges of one kind arriving at the node at a position, as a new list. */
  inEdgesAt<K extends EdgeKind>(position: number, kind: K): readonly EdgeOfKind<K>[] {
    return this.listAt(this.incoming, position, kind) as EdgeOfKind<K>[];
  }

  /** Edges leaving `nodeId`, of one kind or of every kind, in model order within each kind. */
  outEdges<K extends EdgeKind>(nodeId: string, kind: K): readonly EdgeOfKind<K>[];
  outEdges(nodeId: string): readonly Edge[];
  outEdges(nodeId: string, kind?: EdgeKind): readonly Edge[] {
    return this.listAt(this.outgoing, this.position(nodeId), kind);
  }

  /** Edges arriving at `nodeId`, of one kind or of every kind. */
  inEdges<K extends EdgeKind>(nodeId: string, kind: K): readonly EdgeOfKind<K>[];
  inEdges(nodeId: string): readonly Edge[];
  inEdges(nodeId: string, kind?: EdgeKind): readonly Edge[] {
    return this.listAt(this.incoming, this.position(nodeId), kind);
  }

  /** How many edges of any kind touch `nodeId`. */
  degree(nodeId: string): number {
    return this.degreeAt(this.position(nodeId));
  }

  /** The node with this id. */
  node(id: string): Node | undefined {
    return this.model.nodes[this.positions.get(id)];
  }

  /** The edge with this id (its table is built on first use: most rules never ask). */
  edge(id: string): Edge | undefined {
    const edges = this.model.edges;
    if (this.edgeIds === undefined) {
      this.edgeIds = new IdTable(edges.length);
      for (let i = 0; i < edges.length; i++) this.edgeIds.add((edges[i] as Edge).id, i);
    }
    return edges[this.edgeIds.get(id)];
  }

  /** Any context, node, edge or saga by id. */
  element(id: string): Element | undefined {
    return this.node(id) ?? this.contexts.get(id) ?? this.sagas.get(id) ?? this.edge(id);
  }

  /**
   * How people call an element in a sentence: its name, or for an edge (which has none)
   * "Order → Payment"; the id when nothing better exists.
   */
  label(id: string): string {
    // Nodes first: they are what messages name most, and edges are looked up only when needed.
    const named = this.node(id) ?? this.contexts.get(id) ?? this.sagas.get(id);
    if (named !== undefined) return typeof named.name === 'string' && named.name !== '' ? named.name : id;
    const edge = this.edge(id);
    return edge === undefined ? id : `${this.label(edge.from)} → ${this.label(edge.to)}`;
  }

  private listAt(rows: EdgeRows, position: number, kind: EdgeKind | undefined): readonly Edge[] {
    if (position < 0) return NO_EDGES;
    if (kind !== undefined) return this.rowList(rows, position, kind, undefined) ?? NO_EDGES;
    let list: Edge[] | undefined;
    for (const each of EDGE_KIND_LIST) list = this.rowList(rows, position, each, list);
    return list ?? NO_EDGES;
  }

  /** Appends one row's edges to `list` (a new list when there is none and the row has edges). */
  private rowList(
    rows: EdgeRows,
    position: number,
    kind: EdgeKind,
    list: Edge[] | undefined,
  ): Edge[] | undefined {
    const start = rows.start(position, kind);
    const end = rows.end(position, kind);
    if (start === end) return list;
    const out = list ?? [];
    for (let k = start; k < end; k++) out.push(this.model.edges[rows.edges[k] as number] as Edge);
    return out;
  }
}

/** Build the index of a model. */
export function indexModel(model: Model): ModelIndex {
  return new ModelIndex(model);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function codes<T extends string>(values: readonly T[]): Record<T, number> {
  return Object.fromEntries(values.map((value, code) => [value, code])) as Record<T, number>;
}

/** Compressed rows of the edges at `ends` (one node position per edge, -1: none), by kind. */
function rows(nodes: number, ends: Int32Array, edgeKinds: Uint8Array): EdgeRows {
  const kinds = EDGE_KIND_LIST.length;
  const starts = new Int32Array(nodes * kinds + 1);
  const row = (i: number) => (ends[i] as number) * kinds + (edgeKinds[i] as number);
  const counted = (i: number) => ends[i] !== -1 && edgeKinds[i] !== UNKNOWN;
  // Count each row's edges one place ahead, sum, then fill each row in model order.
  for (let i = 0; i < ends.length; i++)
    if (counted(i)) starts[row(i) + 1] = (starts[row(i) + 1] as number) + 1;
  for (let r = 0; r < nodes * kinds; r++) starts[r + 1] = (starts[r + 1] as number) + (starts[r] as number);
  const next = starts.slice(0, nodes * kinds);
  const edges = new Int32Array(starts[nodes * kinds] as number);
  for (let i = 0; i < ends.length; i++) {
    if (!counted(i)) continue;
    const at = next[row(i)] as number;
    edges[at] = i;
    next[row(i)] = at + 1;
  }
  return new EdgeRows(starts, edges);
}
