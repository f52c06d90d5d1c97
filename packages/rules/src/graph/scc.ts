import type { Edge, ModelIndex } from '@meshplan/model';

/** Edges a gateway or service forwards synchronously: the "sync graph" of the catalog. */
export function syncOut(index: ModelIndex, nodeId: string): readonly Edge[] {
  const sync = index.outEdges(nodeId, 'sync');
  const route = index.outEdges(nodeId, 'route');
  return route.length === 0 ? sync : sync.length === 0 ? route : [...sync, ...route];
}

export interface Components {
  /** Component number of each node id (numbers in reverse topological order, as Tarjan emits them). */
  of: Map<string, number>;
  /** Node ids of each component, in model order. */
  members: string[][];
}

/**
 * Strongly connected components of the sync graph by Tarjan's algorithm, iterative so that a
 * 10,000-deep chain does not overflow the stack. Linear in nodes plus edges.
 */
export function syncComponents(index: ModelIndex): Components {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const of = new Map<string, number>();
  const members: string[][] = [];
  let counter = 0;

  for (const root of index.model.nodes) {
    if (order.has(root.id)) continue;
    const frames: { id: string; edges: readonly Edge[]; next: number }[] = [];
    const enter = (id: string) => {
      order.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      frames.push({ id, edges: syncOut(index, id), next: 0 });
    };
    enter(root.id);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      if (frame.next < frame.edges.length) {
        const to = (frame.edges[frame.next++] as Edge).to;
        if (!order.has(to)) enter(to);
        else if (onStack.has(to))
          low.set(frame.id, Math.min(low.get(frame.id) as number, order.get(to) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined)
        low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === order.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop() as string;
          onStack.delete(id);
          of.set(id, members.length);
          component.push(id);
        } while (id !== frame.id);
        members.push(component);
      }
    }
  }
  // Model order inside each component, for stable findings.
  const position = new Map(index.model.nodes.map((node, i) => [node.id, i]));
  for (const component of members) component.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  return { of, members };
}
