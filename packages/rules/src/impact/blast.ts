import { type Edge, type Model, ModelIndex, NODE_KINDS, type Node } from '@meshplan/model';

/** How a node is hit when another fails, strongest first (impact.md). */
export type Effect = 'failed' | 'degraded' | 'delayed';

export interface Impacted {
  id: string;
  effect: Effect;
  /** One shortest path of edge ids from the failed node's neighbour to this node, nearest first. */
  via: string[];
  /** Set on clients that fail or degrade: the people using them notice. */
  userFacing?: true;
}

/** impact.md's `--fail` JSON. */
export interface BlastRadius {
  fail: string;
  impact: Impacted[];
  summary: { failed: number; degraded: number; delayed: number; userFacing: string[] };
}

/** A node the model does not have was asked about. */
export class UnknownNodeError extends Error {
  constructor(readonly nodeId: string) {
    super(`no node "${nodeId}" in the model`);
    this.name = 'UnknownNodeError';
  }
}

const NONE = 0;
const DELAYED = 1;
const DEGRADED = 2;
const FAILED = 3;
const EFFECT_NAMES: readonly (Effect | undefined)[] = [undefined, 'delayed', 'degraded', 'failed'];

/**
 * What fails, degrades and is delayed when `nodeId` is down, by impact.md's table. Three
 * breadth-first passes over the edges into each node (failed, then degraded, then the one step to
 * delayed subscribers), so it is linear in the model's size; a breadth-first order gives every
 * node a shortest `via` for its effect. Throws `UnknownNodeError` when no node has that id.
 */
export function blastRadius(model: Model, nodeId: string, index = new ModelIndex(model)): BlastRadius {
  const root = index.position(nodeId);
  if (root < 0 || model.nodes[root]?.id !== nodeId) throw new UnknownNodeError(nodeId);
  const n = model.nodes.length;
  const { incoming, edgeFrom } = index;
  const effect = new Uint8Array(n);
  const distance = new Int32Array(n);
  // How each node was reached: the edge it was hit through and the node that hit it; a delayed
  // subscriber hit through a message also keeps the publish edge between its publisher and topic.
  const viaEdge = new Int32Array(n).fill(-1);
  const viaNode = new Int32Array(n).fill(-1);
  const viaPublish = new Int32Array(n).fill(-1);

  // 1. Failed: callers without a breaker, clients routing into a failed gateway, data users.
  effect[root] = FAILED;
  const failedOrder = new Int32Array(n);
  let failedCount = 0;
  failedOrder[failedCount++] = root;
  const hit = (target: number, source: number, edge: number, level: number) => {
    effect[source] = level;
    distance[source] = (distance[target] as number) + 1;
    viaEdge[source] = edge;
    viaNode[source] = target;
  };
  for (let head = 0; head < failedCount; head++) {
    const target = failedOrder[head] as number;
    for (let r = incoming.start(target, 'sync'); r < incoming.end(target, 'sync'); r++) {
      const edge = incoming.edges[r] as number;
      const source = edgeFrom[edge] as number;
      if (source < 0 || effect[source] !== NONE) continue;
      if ((model.edges[edge] as Edge & { kind: 'sync' }).resilience?.circuitBreaker === true) continue;
      hit(target, source, edge, FAILED);
      failedOrder[failedCount++] = source;
    }
    for (const kind of ['route', 'data'] as const) {
      for (let r = incoming.start(target, kind); r < incoming.end(target, kind); r++) {
        const edge = incoming.edges[r] as number;
        const source = edgeFrom[edge] as number;
        if (source < 0 || effect[source] !== NONE) continue;
        // A gateway with one dead route still serves the others; a client's way in is gone.
        if (kind === 'route' && index.kindAt(source) !== 'client') continue;
        hit(target, source, edge, FAILED);
        failedOrder[failedCount++] = source;
      }
    }
  }

  // 2. Degraded: from failed and degraded nodes alike, in order of distance. The failed nodes are
  // already in that order; the degraded queue fills in order too, so the two merge like sorted lists.
  const degradedOrder = new Int32Array(n);
  let degradedCount = 0;
  let nextFailed = 0;
  let nextDegraded = 0;
  const degrade = (target: number, source: number, edge: number) => {
    if (source < 0 || effect[source] !== NONE) return;
    hit(target, source, edge, DEGRADED);
    degradedOrder[degradedCount++] = source;
  };
  while (nextFailed < failedCount || nextDegraded < degradedCount) {
    const takeFailed =
      nextDegraded >= degradedCount ||
      (nextFailed < failedCount &&
        (distance[failedOrder[nextFailed] as number] as number) <=
          (distance[degradedOrder[nextDegraded] as number] as number));
    const target = takeFailed
      ? (failedOrder[nextFailed++] as number)
      : (degradedOrder[nextDegraded++] as number);
    // Sync callers: a failed target's unprotected callers are failed already; the rest degrade.
    for (let r = incoming.start(target, 'sync'); r < incoming.end(target, 'sync'); r++) {
      const edge = incoming.edges[r] as number;
      degrade(target, edgeFrom[edge] as number, edge);
    }
    // Routes: a gateway degrades with any route; a client with its gateway (failed: failed already).
    for (let r = incoming.start(target, 'route'); r < incoming.end(target, 'route'); r++) {
      const edge = incoming.edges[r] as number;
      degrade(target, edgeFrom[edge] as number, edge);
    }
    // Publishers into a failed topic lose their outlet.
    if (takeFailed) {
      for (let r = incoming.start(target, 'publish'); r < incoming.end(target, 'publish'); r++) {
        const edge = incoming.edges[r] as number;
        degrade(target, edgeFrom[edge] as number, edge);
      }
    }
  }

  // 3. Delayed: subscribers of a failed topic, or of a message whose every publisher failed.
  delaySubscribers(model, index, { effect, distance, viaEdge, viaNode, viaPublish });

  const nodes = model.nodes;
  const kindRank = (v: number) => NODE_KINDS.indexOf((nodes[v] as Node).kind);
  const impacted: number[] = [];
  for (let v = 0; v < n; v++) if (v !== root && effect[v] !== NONE) impacted.push(v);
  // Strongest effect first, then nearest, then by kind in the format's order, then model order.
  impacted.sort(
    (a, b) =>
      (effect[b] as number) - (effect[a] as number) ||
      (distance[a] as number) - (distance[b] as number) ||
      kindRank(a) - kindRank(b) ||
      a - b,
  );
  const summary: BlastRadius['summary'] = { failed: 0, degraded: 0, delayed: 0, userFacing: [] };
  const impact = impacted.map((v): Impacted => {
    const level = effect[v] as number;
    const name = EFFECT_NAMES[level] as Effect;
    summary[name]++;
    const id = (nodes[v] as Node).id;
    const entry: Impacted = { id, effect: name, via: pathTo(v) };
    if (level >= DEGRADED && index.kindAt(v) === 'client') {
      entry.userFacing = true;
      summary.userFacing.push(id);
    }
    return entry;
  });
  return { fail: nodeId, impact, summary };

  function pathTo(v: number): string[] {
    const path: string[] = [];
    for (let at = v; at !== root && at >= 0; at = viaNode[at] as number) {
      path.push((model.edges[viaEdge[at] as number] as Edge).id);
      if (viaPublish[at] !== -1) path.push((model.edges[viaPublish[at] as number] as Edge).id);
    }
    return path.reverse();
  }
}

interface Spread {
  effect: Uint8Array;
  distance: Int32Array;
  viaEdge: Int32Array;
  viaNode: Int32Array;
  viaPublish: Int32Array;
}

/** The messages an edge carries: its own list, else every message its topic declares. */
function messagesOf(edge: Edge, topic: Node | undefined): readonly string[] {
  const listed = (edge as { messages?: string[] }).messages;
  if (listed !== undefined && listed.length > 0) return listed;
  return topic?.kind === 'topic' ? (topic.messages ?? []).map((m) => m.name) : [];
}

/** Who publishes one message on one topic: how many, how many not failed, the nearest failed one. */
interface Supply {
  publishers: number;
  alive: number;
  nearestEdge: number;
  nearestDistance: number;
}

// A topic whose edges name no messages at all is one stream: every publisher feeds every subscriber.
const WHOLE_TOPIC = '\u0000topic';

function delaySubscribers(model: Model, index: ModelIndex, spread: Spread): void {
  const { effect, distance, viaEdge, viaNode, viaPublish } = spread;
  const { outgoing, incoming, edgeFrom, edgeTo } = index;
  const topics = index.nodesOfKind('topic');
  for (const topic of topics) {
    const t = index.position(topic.id);
    if (incoming.count(t, 'publish') === 0 && effect[t] !== FAILED) continue;
    const supply = new Map<string, Supply>();
    for (let r = incoming.start(t, 'publish'); r < incoming.end(t, 'publish'); r++) {
      const edge = incoming.edges[r] as number;
      const publisher = edgeFrom[edge] as number;
      if (publisher < 0) continue;
      const failed = effect[publisher] === FAILED;
      const names = messagesOf(model.edges[edge] as Edge, topic);
      for (const name of names.length === 0 ? [WHOLE_TOPIC] : names) {
        let entry = supply.get(name);
        if (entry === undefined) {
          entry = { publishers: 0, alive: 0, nearestEdge: -1, nearestDistance: Number.MAX_SAFE_INTEGER };
          supply.set(name, entry);
        }
        entry.publishers++;
        if (!failed) entry.alive++;
        else if ((distance[publisher] as number) < entry.nearestDistance) {
          entry.nearestDistance = distance[publisher] as number;
          entry.nearestEdge = edge;
        }
      }
    }
    for (let r = outgoing.start(t, 'subscribe'); r < outgoing.end(t, 'subscribe'); r++) {
      const edge = outgoing.edges[r] as number;
      const subscriber = edgeTo[edge] as number;
      if (subscriber < 0 || (effect[subscriber] as number) >= DEGRADED) continue;
      // The nearest way this subscriber loses its input: the topic itself, or a message's last publisher.
      let best = effect[t] === FAILED ? (distance[t] as number) + 1 : Number.MAX_SAFE_INTEGER;
      let publishEdge = -1;
      const names = messagesOf(model.edges[edge] as Edge, topic);
      for (const name of names.length === 0 ? [WHOLE_TOPIC] : names) {
        const entry = supply.get(name);
        if (entry === undefined || entry.publishers === 0 || entry.alive > 0) continue;
        if (entry.nearestDistance + 2 < best) {
          best = entry.nearestDistance + 2;
          publishEdge = entry.nearestEdge;
        }
      }
      if (best === Number.MAX_SAFE_INTEGER) continue;
      if (effect[subscriber] === DELAYED && (distance[subscriber] as number) <= best) continue;
      effect[subscriber] = DELAYED;
      distance[subscriber] = best;
      viaEdge[subscriber] = edge;
      viaPublish[subscriber] = publishEdge;
      viaNode[subscriber] = publishEdge === -1 ? t : (edgeFrom[publishEdge] as number);
    }
  }
}
