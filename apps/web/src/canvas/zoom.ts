import { useStore } from '@xyflow/react';
import { createContext, useContext } from 'react';

/** Below this zoom, icons, details and labels are too small to read: components draw less. */
export const DETAIL_ZOOM = 0.45;
/** Below this zoom, even names are a pixel high: boxes and colours only. */
export const OUTLINE_ZOOM = 0.2;

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
