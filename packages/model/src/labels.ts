import type { EdgeKind } from './types.js';

/**
 * What a person reads for an element: its name, never its id, unless it has no name. The editor's
 * inspector, the canvas's screen-reader labels, diff sentences and the server's history summaries
 * all word elements through these, so that one element reads the same everywhere.
 */

/** The name people know an element by; its id when it has no name. */
export function elementName(element: { id: string; name?: unknown }): string {
  return typeof element.name === 'string' && element.name !== '' ? element.name : element.id;
}

/** Node names by id, for edge labels. */
export function nodeNames(model: { nodes: readonly { id: string; name?: unknown }[] }): Map<string, string> {
  return new Map(model.nodes.map((node) => [node.id, elementName(node)]));
}

interface EdgeEnds {
  from: string;
  to: string;
}

/** "Orders → Payments", with an end's id when no node has it. */
export function edgeLabel(edge: EdgeEnds, names: ReadonlyMap<string, string>): string {
  return `${names.get(edge.from) ?? edge.from} → ${names.get(edge.to) ?? edge.to}`;
}

/** Each edge kind as a person says it. */
export const EDGE_KIND_NAMES: Readonly<Record<EdgeKind, string>> = {
  sync: 'Sync call',
  route: 'Route',
  publish: 'Publishes',
  subscribe: 'Subscribes',
  data: 'Data access',
};

/** An edge kind in words; an unknown kind (a document from elsewhere) as it is written. */
export function edgeKindName(kind: string): string {
  return Object.hasOwn(EDGE_KIND_NAMES, kind) ? EDGE_KIND_NAMES[kind as EdgeKind] : kind;
}

/** The heading of an edge: "Sync call: Orders → Payments". */
export function edgeHeading(edge: EdgeEnds & { kind: string }, names: ReadonlyMap<string, string>): string {
  return `${edgeKindName(edge.kind)}: ${edgeLabel(edge, names)}`;
}

/** An edge as a screen reader says it: "Sync call from Orders to Payments". */
export function edgeSpoken(edge: EdgeEnds & { kind: string }, names: ReadonlyMap<string, string>): string {
  return `${edgeKindName(edge.kind)} from ${names.get(edge.from) ?? edge.from} to ${names.get(edge.to) ?? edge.to}`;
}
