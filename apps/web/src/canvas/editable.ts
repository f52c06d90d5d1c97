import { createContext, useContext } from 'react';

/**
 * Whether the person may change what the canvas shows, set once by the canvas and handed down as
 * `ZoomDetail` is: nodes ask it of the context, not each of the editor's store, whose every
 * change would run their selectors.
 */
export const CanvasEditable = createContext(false);

export function useCanvasEditable(): boolean {
  return useContext(CanvasEditable);
}
