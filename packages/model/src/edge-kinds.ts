import type { EdgeKind, NodeKind } from './types.js';

/** Which node kinds each edge kind may join, as model-format.md's edge table says. */
export const EDGE_ENDS: Readonly<Record<EdgeKind, readonly (readonly [NodeKind, NodeKind])[]>> = {
  sync: [
    ['client', 'service'],
    ['client', 'external'],
    ['gateway', 'service'],
    ['gateway', 'external'],
    ['service', 'service'],
    ['service', 'external'],
  ],
  route: [
    ['client', 'gateway'],
    ['gateway', 'service'],
  ],
  publish: [['service', 'topic']],
  subscribe: [['topic', 'service']],
  data: [['service', 'datastore']],
};

export const EDGE_KINDS = Object.keys(EDGE_ENDS) as EdgeKind[];
export const NODE_KINDS: readonly NodeKind[] = [
  'service',
  'datastore',
  'topic',
  'gateway',
  'client',
  'external',
];

/** Whether an edge of `kind` may go from a node of kind `from` to one of kind `to`. */
export function edgeFits(kind: EdgeKind, from: NodeKind, to: NodeKind): boolean {
  // A loop, not `some`: this runs for every edge of a model being parsed.
  for (const [a, b] of EDGE_ENDS[kind]) if (a === from && b === to) return true;
  return false;
}

/** The edge kinds that may join two nodes, in a stable order: what the editor offers on connect. */
export function edgeKindsBetween(from: NodeKind, to: NodeKind): EdgeKind[] {
  return EDGE_KINDS.filter((kind) => edgeFits(kind, from, to));
}

/** "client → service, gateway → service": the ends an edge kind allows, for messages. */
export function describeEdgeEnds(kind: EdgeKind): string {
  return EDGE_ENDS[kind].map(([a, b]) => `${a} → ${b}`).join(', ');
}
