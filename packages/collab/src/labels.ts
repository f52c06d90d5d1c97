import type { Edge, Model } from '@meshplan/model';

/** The name people know an element by; its id when it has no name. */
export function elementName(element: { id: string; name?: unknown }): string {
  return typeof element.name === 'string' && element.name !== '' ? element.name : element.id;
}

/** Node names by id, for edge labels. */
export function nodeNames(model: Model): Map<string, string> {
  return new Map(model.nodes.map((node) => [node.id, elementName(node)]));
}

/** "Orders → Payments", with an end's id when no node has it. */
export function edgeLabel(edge: Pick<Edge, 'from' | 'to'>, names: ReadonlyMap<string, string>): string {
  return `${names.get(edge.from) ?? edge.from} → ${names.get(edge.to) ?? edge.to}`;
}
