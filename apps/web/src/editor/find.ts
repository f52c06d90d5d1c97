import { nodeBox } from '@meshplan/layout';
import { elementName, type Model } from '@meshplan/model';
import { CONTEXT_SIZE } from '../canvas/mapping.js';

const MOST_SUGGESTIONS = 8;

/** Something Find can lead to: a node or a context, with the centre of its box on the canvas. */
export interface Findable {
  id: string;
  name: string;
  kind: string;
  centre: { x: number; y: number };
}

/**
 * The elements whose names hold `query` (any case), those that begin with it first, then by name:
 * at most `limit`. An empty query suggests nothing.
 */
export function suggestionsFor(
  model: Model | undefined,
  query: string,
  limit = MOST_SUGGESTIONS,
): Findable[] {
  const wanted = query.trim().toLowerCase();
  if (model === undefined || wanted === '') return [];
  const all: Findable[] = [
    ...model.nodes.map((node) => ({
      id: node.id,
      name: elementName(node),
      kind: node.kind as string,
      centre: {
        x: (node.position?.x ?? 0) + nodeBox(node.name).width / 2,
        y: (node.position?.y ?? 0) + nodeBox(node.name).height / 2,
      },
    })),
    ...(model.contexts ?? []).map((context) => {
      const size = context.size ?? CONTEXT_SIZE;
      return {
        id: context.id,
        name: elementName(context),
        kind: 'context',
        centre: {
          x: (context.position?.x ?? 0) + size.width / 2,
          y: (context.position?.y ?? 0) + size.height / 2,
        },
      };
    }),
  ];
  const rank = (element: Findable) => (element.name.toLowerCase().startsWith(wanted) ? 0 : 1);
  return all
    .filter((element) => element.name.toLowerCase().includes(wanted))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .slice(0, limit);
}
