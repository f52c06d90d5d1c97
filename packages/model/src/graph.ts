import { NODE_KINDS } from './edge-kinds.js';
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

/**
 * Lookups over one model, built once (linear in its size) and shared by every rule of a lint run,
 * every exporter and the editor: elements by id, edges in and out of each node by kind, nodes by
 * kind and by context.
 *
 * Nodes are also known by their position in `model.nodes`, and each edge's ends by those
 * positions (`edgeFrom`, `edgeTo`): graph rules work on integer arrays, which stay fast where a
 * map per question would not (at 10,000 services the maps outgrow the processor's caches).
 */
export class ModelIndex {
  readonly contexts = new Map<string, BoundedContext>();
  readonly sagas = new Map<string, Saga>();
  /** Position in `model.nodes` of every node id. */
  private readonly positions = new Map<string, number>();
  /** For edge `i` of `model.edges`, the positions of its ends in `model.nodes`; -1 where no such node. */
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Edges touching the node at each position, of every kind. */
  private readonly degrees: Int32Array;
  /** The kind of the node at each position, as its place in NODE_KINDS. */
  private readonly kinds: Uint8Array;
  private readonly byKind = new Map<NodeKind, Node[]>();
  private readonly byContext = new Map<string, Node[]>();
  // Per edge kind, the node's edges at its position: one lookup per question, no list per node
  // without edges.
  private readonly outgoing: EdgeLists;
  private readonly incoming: EdgeLists;

  private edgesById: Map<string, Edge> | undefined;

  /** Edges by id, built on first use (most rules never ask). */
  get edges(): ReadonlyMap<string, Edge> {
    this.edgesById ??= new Map(this.model.edges.map((edge) => [edge.id, edge]));
    return this.edgesById;
  }

  constructor(readonly model: Model) {
    for (const context of model.contexts ?? []) this.contexts.set(context.id, context);
    const nodes = model.nodes;
    this.kinds = new Uint8Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      this.positions.set(node.id, i);
      // 255: a kind this version does not know (an unparsed draft in the editor).
      this.kinds[i] = KIND_CODES[node.kind] ?? 255;
      push(this.byKind, node.kind, node);
      if (node.context !== undefined) push(this.byContext, node.context, node);
    }
    const edges = model.edges;
    this.edgeFrom = new Int32Array(edges.length);
    this.edgeTo = new Int32Array(edges.length);
    this.degrees = new Int32Array(nodes.length);
    this.outgoing = byEdgeKind(nodes.length);
    this.incoming = byEdgeKind(nodes.length);
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i] as Edge;
      const from = this.positions.get(edge.from) ?? -1;
      const to = this.positions.get(edge.to) ?? -1;
      this.edgeFrom[i] = from;
      this.edgeTo[i] = to;
      if (from !== -1) {
        pushAt(this.outgoing[edge.kind], from, edge);
        this.degrees[from] = (this.degrees[from] as number) + 1;
      }
      if (to !== -1) {
        pushAt(this.incoming[edge.kind], to, edge);
        this.degrees[to] = (this.degrees[to] as number) + 1;
      }
    }
    for (const saga of model.sagas ?? []) this.sagas.set(saga.id, saga);
  }

  /** Every node of one kind, in model order. */
  nodesOfKind<K extends NodeKind>(kind: K): readonly NodeOfKind<K>[] {
    return (this.byKind.get(kind) ?? NO_EDGES) as NodeOfKind<K>[];
  }

  get services(): readonly NodeOfKind<'service'>[] {
    return this.nodesOfKind('service');
  }

  /** Nodes whose `context` is `contextId`, in model order. */
  nodesInContext(contextId: string): readonly Node[] {
    return this.byContext.get(contextId) ?? NO_EDGES;
  }

  servicesInContext(contextId: string): readonly NodeOfKind<'service'>[] {
    return this.nodesInContext(contextId).filter(
      (node): node is NodeOfKind<'service'> => node.kind === 'service',
    );
  }

  /** The position of a node in `model.nodes`, or -1. */
  position(nodeId: string): number {
    return this.positions.get(nodeId) ?? -1;
  }

  /** The kind of the node at a position (see `position`, `edgeFrom`, `edgeTo`). */
  kindAt(position: number): NodeKind | undefined {
    return NODE_KINDS[this.kinds[position] ?? -1];
  }

  /** How many edges of any kind touch the node at a position. */
  degreeAt(position: number): number {
    return this.degrees[position] ?? 0;
  }

  /** Edges of one kind leaving the node at a position: `outEdges` without the lookup by id. */
  outEdgesAt<K extends EdgeKind>(position: number, kind: K): readonly EdgeOfKind<K>[] {
    return (this.outgoing[kind][position] ?? NO_EDGES) as EdgeOfKind<K>[];
  }

  /** Edges of one kind arriving at the node at a position. */
  inEdgesAt<K extends EdgeKind>(position: number, kind: K): readonly EdgeOfKind<K>[] {
    return (this.incoming[kind][position] ?? NO_EDGES) as EdgeOfKind<K>[];
  }

  /** Edges leaving `nodeId`, of one kind or of every kind. */
  outEdges<K extends EdgeKind>(nodeId: string, kind: K): readonly EdgeOfKind<K>[];
  outEdges(nodeId: string): readonly Edge[];
  outEdges(nodeId: string, kind?: EdgeKind): readonly Edge[] {
    return this.edgesAt(this.outgoing, this.position(nodeId), kind);
  }

  /** Edges arriving at `nodeId`, of one kind or of every kind. */
  inEdges<K extends EdgeKind>(nodeId: string, kind: K): readonly EdgeOfKind<K>[];
  inEdges(nodeId: string): readonly Edge[];
  inEdges(nodeId: string, kind?: EdgeKind): readonly Edge[] {
    return this.edgesAt(this.incoming, this.position(nodeId), kind);
  }

  /** How many edges of any kind touch `nodeId`. */
  degree(nodeId: string): number {
    return this.degreeAt(this.position(nodeId));
  }

  /** The node with this id. */
  node(id: string): Node | undefined {
    const at = this.positions.get(id);
    return at === undefined ? undefined : this.model.nodes[at];
  }

  /** Any context, node, edge or saga by id. */
  element(id: string): Element | undefined {
    return this.node(id) ?? this.contexts.get(id) ?? this.sagas.get(id) ?? this.edges.get(id);
  }

  /**
   * How people call an element in a sentence: its name, or for an edge (which has none)
   * "Order → Payment"; the id when nothing better exists.
   */
  label(id: string): string {
    // Nodes first: they are what messages name most, and edges are looked up only when needed.
    const named = this.node(id) ?? this.contexts.get(id) ?? this.sagas.get(id);
    if (named !== undefined) return typeof named.name === 'string' && named.name !== '' ? named.name : id;
    const edge = this.edges.get(id);
    return edge === undefined ? id : `${this.label(edge.from)} → ${this.label(edge.to)}`;
  }

  private edgesAt(lists: EdgeLists, at: number, kind: EdgeKind | undefined): readonly Edge[] {
    if (at === -1) return NO_EDGES;
    if (kind !== undefined) return lists[kind][at] ?? NO_EDGES;
    const all: Edge[] = [];
    for (const each of EDGE_KIND_LIST) {
      const list = lists[each][at];
      if (list !== undefined) all.push(...list);
    }
    return all;
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

function pushAt<V>(lists: (V[] | undefined)[], at: number, value: V): void {
  const list = lists[at];
  if (list === undefined) lists[at] = [value];
  else list.push(value);
}

const KIND_CODES = Object.fromEntries(NODE_KINDS.map((kind, code) => [kind, code])) as Record<
  NodeKind,
  number
>;

const EDGE_KIND_LIST: readonly EdgeKind[] = ['sync', 'route', 'publish', 'subscribe', 'data'];

/** Per edge kind, the edges of the node at each position (undefined: none). */
type EdgeLists = Record<EdgeKind, (Edge[] | undefined)[]>;

function byEdgeKind(nodes: number): EdgeLists {
  // Filled, not holey: V8 keeps the arrays in their fast form.
  const lists = () => new Array<Edge[] | undefined>(nodes).fill(undefined);
  return { sync: lists(), route: lists(), publish: lists(), subscribe: lists(), data: lists() };
}
