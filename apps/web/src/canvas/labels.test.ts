import { describe, expect, it } from 'vitest';
import { createLabelWindow, followShown, labelDrawnIn } from './labels.js';
import { shownRect } from './window.js';

describe('the window of edge labels', () => {
  const shown = shownRect([0, 0, 1], 1000, 800);

  it('has none until something is shown: every label is drawn', () => {
    const labels = createLabelWindow();
    expect(labels.getState().window).toBeUndefined();
    expect(labelDrawnIn(undefined, 'REST', 1e6, -1e6)).toBe(true);
  });

  it('reaches a little past what is shown, and stays while a pan keeps within it', () => {
    const labels = createLabelWindow();
    followShown(labels, shown);
    const first = labels.getState().window;
    expect(first).toEqual({ x: -150, y: -120, width: 1300, height: 1040 });
    followShown(labels, { ...shown, x: 100 });
    expect(labels.getState().window).toBe(first);
    followShown(labels, { ...shown, x: 200 });
    expect(labels.getState().window).not.toBe(first);
    expect(labels.getState().window?.x).toBe(200 - 150);
  });

  it('is drawn tighter once zoomed in by a fifth or so', () => {
    const labels = createLabelWindow();
    followShown(labels, shown);
    const first = labels.getState().window;
    followShown(labels, shownRect([0, 0, 1.1], 1000, 800));
    expect(labels.getState().window).toBe(first);
    followShown(labels, shownRect([0, 0, 1.3], 1000, 800));
    expect(labels.getState().window?.width).toBeCloseTo((1000 / 1.3) * 1.3);
  });

  it('draws a label whose box meets it, even centred just outside, and no other', () => {
    const window = { x: 0, y: 0, width: 1000, height: 800 };
    // "REST" with room for a badge: 4 × 6 + 14 + 20 = 58 wide, 16 high.
    expect(labelDrawnIn(window, 'REST', 500, 400)).toBe(true);
    expect(labelDrawnIn(window, 'REST', 1028, 400)).toBe(true);
    expect(labelDrawnIn(window, 'REST', 1030, 400)).toBe(false);
    expect(labelDrawnIn(window, 'REST', 500, -9)).toBe(false);
    expect(labelDrawnIn(window, 'REST', -5000, 400)).toBe(false);
  });
});
