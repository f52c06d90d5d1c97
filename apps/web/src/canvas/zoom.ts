import { useStore } from '@xyflow/react';
import { createContext, useContext } from 'react';

/** Below this zoom, text and icons are too small to read: components draw less (level of detail). */
export const DETAIL_ZOOM = 0.45;

const zoomedOut = (state: { transform: [number, number, number] }) => state.transform[2] < DETAIL_ZOOM;

/**
 * Whether the canvas is zoomed out past reading distance. The canvas reads React Flow's store
 * once and hands the answer down by context: thousands of node and edge components then re-render
 * only when it flips, and pay nothing per frame of a pan.
 */
export const ZoomedOut = createContext(false);

export function useZoomedOutFromStore(): boolean {
  return useStore(zoomedOut);
}

export function useZoomedOut(): boolean {
  return useContext(ZoomedOut);
}
