import { useStore } from '@xyflow/react';

/** Below this zoom, text and icons are too small to read: components draw less (level of detail). */
export const DETAIL_ZOOM = 0.45;

const zoomedOut = (state: { transform: [number, number, number] }) => state.transform[2] < DETAIL_ZOOM;

/** Whether the canvas is zoomed out past reading distance; changes only when crossing it. */
export function useZoomedOut(): boolean {
  return useStore(zoomedOut);
}
