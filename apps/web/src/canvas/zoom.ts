import { NAME_FONT, nodeBox, OVERVIEW_FONT } from '@meshplan/layout';
import { useStore } from '@xyflow/react';
import { createContext, useContext } from 'react';

/** Text smaller than this on screen is not read but guessed at. */
export const READABLE_PX = 8;
/**
 * Below this zoom a name in its usual font is drawn under `READABLE_PX` on screen (and details,
 * icons and labels, smaller still): boxes show their names alone, as large as they hold.
 */
export const DETAIL_ZOOM = READABLE_PX / NAME_FONT.size;
/** Below this zoom even those names are under 4 px: boxes and colours only. */
export const OUTLINE_ZOOM = 4 / OVERVIEW_FONT.max;

/** 0: everything; 1: zoomed out (names, no details); 2: far out (boxes only). */
export type Detail = 0 | 1 | 2;

const detail = (state: { transform: [number, number, number] }): Detail =>
  state.transform[2] < OUTLINE_ZOOM ? 2 : state.transform[2] < DETAIL_ZOOM ? 1 : 0;

/**
 * How much detail the canvas can show at its zoom. The canvas reads React Flow's store
 * once and hands the answer down by context: thousands of node and edge components then re-render
 * only when it flips, and pay nothing per frame of a pan.
 */
export const ZoomDetail = createContext<Detail>(0);

export function useDetailFromStore(): Detail {
  return useStore(detail);
}

/** Whether the canvas is zoomed out past reading distance. */
export function useZoomedOut(): boolean {
  return useContext(ZoomDetail) > 0;
}

/** Whether the canvas is so far out that names cannot be read either. */
export function useOutline(): boolean {
  return useContext(ZoomDetail) > 1;
}

/** The last nodes asked about, with each one's smallest font: an edit changes few of them. */
let lastFonts: { nodes: readonly { name: string }[]; fonts: number[]; smallest: number } | undefined;

/** The smallest font any of these nodes' names gets from afar (see `nodeBox(name).overview`). */
function smallestOverviewFont(nodes: readonly { name: string }[]): number {
  const last = lastFonts;
  if (last?.nodes === nodes) return last.smallest;
  // Only nodes that are not the very objects of the last call (in the same place) are measured.
  const reusable = last !== undefined && last.nodes.length === nodes.length ? last : undefined;
  const fonts = new Array<number>(nodes.length);
  let smallest: number = OVERVIEW_FONT.max;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as { name: string };
    const before = reusable?.nodes[i];
    const font =
      before !== undefined && (before === node || before.name === node.name)
        ? (reusable?.fonts[i] as number)
        : nodeBox(node.name).overview.fontSize;
    fonts[i] = font;
    if (font < smallest) smallest = font;
  }
  lastFonts = { nodes, fonts, smallest };
  return smallest;
}

/** Whether some name of `nodes` is drawn under `READABLE_PX` on screen at the canvas's zoom. */
export function useNamesTooSmall(nodes: readonly { name: string }[]): boolean {
  const least = READABLE_PX / smallestOverviewFont(nodes);
  return useStore((state) => state.transform[2] < least);
}
