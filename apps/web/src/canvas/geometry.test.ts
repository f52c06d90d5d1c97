import { Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { facingEnds, labelPoint, onOutline, roundedPath } from './geometry.js';

const box = (x: number, y: number, width = 150, height = 64) => ({ x, y, width, height });

describe('edges between boxes', () => {
  it('leave and arrive by the sides that face each other', () => {
    expect(facingEnds(box(0, 0), box(300, 10))).toEqual({
      source: { x: 150, y: 32, side: Position.Right },
      target: { x: 300, y: 42, side: Position.Left },
    });
    expect(facingEnds(box(300, 0), box(0, 0)).source.side).toBe(Position.Left);
    // Above each other: bottom to top, even when a little to the side.
    expect(facingEnds(box(0, 0), box(40, 200))).toEqual({
      source: { x: 75, y: 64, side: Position.Bottom },
      target: { x: 115, y: 200, side: Position.Top },
    });
    expect(facingEnds(box(0, 200), box(0, 0)).source.side).toBe(Position.Top);
  });

  it('draw a route with rounded corners, and label it on its longest segment', () => {
    const route = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 300 },
      { x: 140, y: 300 },
    ];
    expect(roundedPath(route)).toBe('M0,0 L92,0 Q100,0 100,8 L100,292 Q100,300 108,300 L140,300');
    expect(labelPoint(route)).toEqual({ x: 100, y: 150 });
    expect(roundedPath([])).toBe('');
  });

  it('know whether a route still starts and ends on its boxes', () => {
    expect(onOutline({ x: 150, y: 30 }, box(0, 0))).toBe(true);
    expect(onOutline({ x: 75, y: 64 }, box(0, 0))).toBe(true);
    expect(onOutline({ x: 75, y: 30 }, box(0, 0))).toBe(false);
    expect(onOutline({ x: 170, y: 30 }, box(0, 0))).toBe(false);
  });
});
