import type { DataEdge, ModelIndex, Node } from '@meshplan/model';
import { defineRule } from '../define.js';
import { uniqueId } from '../ids.js';
import type { Fix, PatchOperation } from '../types.js';

const writes = (edge: DataEdge) => edge.access !== 'read';

export default defineRule({
  meta: {
    id: 'shared-datastore',
    severity: 'error',
    description:
      'A datastore reached by `data` edges from more than one service (shared persistence); error when two or more write, warning when one writes and the others only read.',
    options: {},
    fixable: true,
  },
  check(model, { index, report }) {
    const { incoming, edgeFrom } = index;
    model.nodes.forEach((store, v) => {
      if (store.kind !== 'datastore') return;
      // Most stores have one user: decided on the row of edge positions, no list built.
      const start = incoming.start(v, 'data');
      const end = incoming.end(v, 'data');
      let shared = false;
      for (let k = start + 1; k < end && !shared; k++)
        shared = edgeFrom[incoming.edges[k] as number] !== edgeFrom[incoming.edges[start] as number];
      if (!shared) return;
      const positions = Array.from(incoming.edges.subarray(start, end));
      const edges = positions.map((i) => model.edges[i] as DataEdge);
      const services = [...new Set(edges.map((edge) => edge.from))];
      const writers = [...new Set(edges.filter(writes).map((edge) => edge.from))];
      const names = services.map((id) => `"${index.label(id)}"`).join(', ');
      const message =
        writers.length >= 2
          ? `Datastore "${store.name}" is written by ${writers.length} services (${writers.map((id) => `"${index.label(id)}"`).join(', ')}): ` +
            'none of them owns its data and a schema change breaks the others; give each service its own store.'
          : `Datastore "${store.name}" is shared by ${names}: the readers depend on another service's schema; ` +
            'let them consume its events or call its owner.';
      report({
        message,
        elements: [store.id, ...services, ...edges.map((edge) => edge.id)],
        fix: splitStore(index, store, edges, positions),
        ...(writers.length >= 2 ? {} : { severity: 'warning' as const }),
      });
    });
  },
});

/**
 * The first writer keeps the store; every other writer gets a store of its own; every reader
 * calls the owner instead (or consumes its events, where the owner publishes and it subscribes).
 */
function splitStore(
  index: ModelIndex,
  store: Node & { kind: 'datastore' },
  edges: readonly DataEdge[],
  /** Each edge's position in model.edges, for the patch's paths. */
  positions: readonly number[],
): Fix {
  const owner = (edges.find(writes) ?? edges[0]) as DataEdge;
  const patch: PatchOperation[] = [];
  const removals: number[] = [];
  const taken = new Set<string>();
  const newStores = new Map<string, string>();
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e] as DataEdge;
    if (edge.from === owner.from) continue;
    const i = positions[e] as number;
    patch.push({ op: 'test', path: `/edges/${i}/id`, value: edge.id });
    if (writes(edge)) {
      let storeId = newStores.get(edge.from);
      if (storeId === undefined) {
        const writer = index.node(edge.from) as Node;
        storeId = uniqueId(index, `${store.id}-${edge.from}`, taken);
        newStores.set(edge.from, storeId);
        const node: Record<string, unknown> = {
          id: storeId,
          kind: 'datastore',
          name: `${writer.name} store`,
          engine: store.engine,
        };
        if (writer.context !== undefined) node.context = writer.context;
        patch.push({ op: 'add', path: '/nodes/-', value: node });
      }
      patch.push({ op: 'replace', path: `/edges/${i}/to`, value: storeId });
      continue;
    }
    const alreadyCalls = index.outEdges(edge.from, 'sync').some((sync) => sync.to === owner.from);
    if (alreadyCalls) {
      removals.push(i);
    } else {
      patch.push({
        op: 'replace',
        path: `/edges/${i}`,
        value: {
          id: edge.id,
          kind: 'sync',
          from: edge.from,
          to: owner.from,
          protocol: 'rest',
          description: `Reads ${store.name} through its owner`,
          resilience: { timeoutMs: 2000, retries: 2, circuitBreaker: true },
        },
      });
    }
  }
  for (const i of removals.sort((a, b) => b - a)) patch.push({ op: 'remove', path: `/edges/${i}` });
  const ownerName = index.label(owner.from);
  return { title: `Give each writer of "${store.name}" its own store; readers call "${ownerName}"`, patch };
}
