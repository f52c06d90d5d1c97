import type { Box } from '@meshplan/layout';
import { createContext, useContext } from 'react';
import { createStore, type StoreApi, useStore } from 'zustand';
import { labelTextSize } from './edge-label.js';
import { meets, nextWindow } from './window.js';

/**
 * How far past what is shown edge labels are drawn, in shown widths and heights. React Flow draws
 * every edge whose two ends' box meets the view; most of their labels (at their middles) lie
 * outside it. At 1,000 services and a working zoom, 45 of 125 labels drawn were in view, and
 * every frame that repaints the canvas (a connection drawn) painted them all.
 */
const LABEL_MARGIN = 0.15;
/** Zoomed in past this many times the area shown, the window is drawn tighter (about 20% in). */
const LABEL_LOOSEST = 2.5;

/** The part of the flow whose edge labels are drawn; none yet: all of them. */
export interface LabelWindowState {
  window: Box | undefined;
}

export type LabelWindow = StoreApi<LabelWindowState>;

export function createLabelWindow(): LabelWindow {
  return createStore<LabelWindowState>(() => ({ window: undefined }));
}

/**
 * Moves the window to what is `shown` once that leaves it: panning within it changes nothing, so
 * labels are drawn anew only every sixth of a view or so, and only edges whose answer flips re-render.
 */
export function followShown(labels: LabelWindow, shown: Box): void {
  const current = labels.getState().window;
  const next = nextWindow(current, shown, LABEL_MARGIN, LABEL_LOOSEST);
  if (next !== current) labels.setState({ window: next });
}

/** Outside a canvas (tests, previews) there is no window: every label is drawn. */
export const LabelWindowContext = createContext<LabelWindow>(createLabelWindow());

/**
 * Whether the label saying `text`, centred on (`x`, `y`) in flow coordinates, is drawn in `window`:
 * its box (with room for a badge) meets it. No window: drawn.
 */
export function labelDrawnIn(window: Box | undefined, text: string, x: number, y: number): boolean {
  if (window === undefined) return true;
  const { width, height } = labelTextSize(text, 1);
  return meets({ x: x - width / 2, y: y - height / 2, width, height }, window);
}

/** `labelDrawnIn` the canvas's window: an edge re-renders only when its answer flips. */
export function useLabelDrawn(text: string, x: number, y: number): boolean {
  return useStore(useContext(LabelWindowContext), (s) => labelDrawnIn(s.window, text, x, y));
}
