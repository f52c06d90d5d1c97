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
 */
export class ModelIndex {
  readonly contexts = new Map<string, BoundedContext>();
  readonly nodes = new Map<string, Node>();
  readonly sagas = new Map<string, Saga>();
  private readonly byKind = new Map<NodeKind, Node[]>();
  private readonly byContext = new Map<string, Node[]>();
  // One map per edge kind, node id → edges: one lookup per question, no per-node allocation.
  private readonly outgoing = byEdgeKind();
  private readonly incoming = byEdgeKind();

  private edgesById: Map<string, Edge> | undefined;

  /** Edges by id, built on first use (most rules never ask). */
  get edges(): ReadonlyMap<string, Edge> {
    this.edgesById ??= new Map(this.model.edges.map((edge) => [edge.id, edge]));
    return this.edgesById;
  }

  constructor(readonly model: Model) {
    for (const context of model.contexts ?? []) this.contexts.set(context.id, context);
    for (const node of model.nodes) {
      this.nodes.set(node.id, node);
      push(this.byKind, node.kind, node);
      if (node.context !== undefined) push(this.byContext, node.context, node);
    }
    for (const edge of model.edges) {
      push(this.outgoing[edge.kind], edge.from, edge);
      push(this.incoming[edge.kind], edge.to, edge);
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

  /** Edges leaving `nodeId`, of one kind or of every kind. */
  outEdges<K extends EdgeKind>(nodeId: string, kind: K): readonly EdgeOfKind<K>[];
  outEdges(nodeId: string): readonly Edge[];
  outEdges(nodeId: string, kind?: EdgeKind): readonly Edge[] {
    return kind === undefined
      ? allKinds(this.outgoing, nodeId)
      : (this.outgoing[kind].get(nodeId) ?? NO_EDGES);
  }

  /** Edges arriving at `nodeId`, of one kind or of every kind. */
  inEdges<K extends EdgeKind>(nodeId: string, kind: K): readonly EdgeOfKind<K>[];
  inEdges(nodeId: string): readonly Edge[];
  inEdges(nodeId: string, kind?: EdgeKind): readonly Edge[] {
    return kind === undefined
      ? allKinds(this.incoming, nodeId)
      : (this.incoming[kind].get(nodeId) ?? NO_EDGES);
  }

  /** How many edges of any kind touch `nodeId`, without building a list. */
  degree(nodeId: string): number {
    let count = 0;
    for (const kind of EDGE_KIND_LIST) {
      count +=
        (this.outgoing[kind].get(nodeId)?.length ?? 0) + (this.incoming[kind].get(nodeId)?.length ?? 0);
    }
    return count;
  }

  /** The node at the other end of an edge, by id. */
  node(id: string): Node | undefined {
    return this.nodes.get(id);
  }

  /** Any context, node, edge or saga by id. */
  element(id: string): Element | undefined {
    return this.nodes.get(id) ?? this.contexts.get(id) ?? this.sagas.get(id) ?? this.edges.get(id);
  }

  /**
   * How people call an element in a sentence: its name, or for an edge (which has none)
   * "Order → Payment"; the id when nothing better exists.
   */
  label(id: string): string {
    // Nodes first: they are what messages name most, and edges are looked up only when needed.
    const named = this.nodes.get(id) ?? this.contexts.get(id) ?? this.sagas.get(id);
    if (named !== undefined) return typeof named.name === 'string' && named.name !== '' ? named.name : id;
    const edge = this.edges.get(id);
    return edge === undefined ? id : `${this.label(edge.from)} → ${this.label(edge.to)}`;
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

const EDGE_KIND_LIST: readonly EdgeKind[] = ['sync', 'route', 'publish', 'subscribe', 'data'];

function allKinds(maps: Record<EdgeKind, Map<string, Edge[]>>, nodeId: string): readonly Edge[] {
  const all: Edge[] = [];
  for (const kind of EDGE_KIND_LIST) {
    const list = maps[kind].get(nodeId);
    if (list !== undefined) all.push(...list);
  }
  return all;
}

function byEdgeKind(): Record<EdgeKind, Map<string, Edge[]>> {
  return { sync: new Map(), route: new Map(), publish: new Map(), subscribe: new Map(), data: new Map() };
}
