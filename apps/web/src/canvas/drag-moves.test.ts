import { describe, expect, it } from 'vitest';
import { createDragMoves, type Frames, type Positions } from './drag-moves.js';

/** Frames run by hand; `dispatching` says whether the browser is in an event. */
function harness() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  const frames: Frames = {
    request(callback) {
      callbacks.set(next, callback);
      return next++;
    },
    cancel(handle) {
      callbacks.delete(handle);
    },
  };
  const applied: Record<string, { x: number; y: number }>[] = [];
  const state = { inEvent: true };
  const moves = createDragMoves(
    (positions: Positions) => applied.push(Object.fromEntries(positions)),
    frames,
    () => state.inEvent,
  );
  /** Runs the callbacks asked for so far, as the next frame does. */
  const frame = () => {
    const due = [...callbacks.values()];
    callbacks.clear();
    for (const callback of due) callback();
  };
  return { moves, applied, state, frame, pending: () => callbacks.size };
}

const at = (id: string, x: number, y = 0): Positions => new Map([[id, { x, y }]]);

describe('a drag’s moves, once a frame', () => {
  it('keeps a pointer’s moves for the frame, and hands the last place of each node on once', () => {
    const { moves, applied, frame, pending } = harness();
    moves.add(at('a', 1));
    moves.add(at('a', 2));
    moves.add(at('b', 5));
    expect(applied).toEqual([]);
    expect(pending()).toBe(1);
    frame();
    expect(applied).toEqual([{ a: { x: 2, y: 0 }, b: { x: 5, y: 0 } }]);
    frame();
    expect(applied).toHaveLength(1);
  });

  it('hands a move made in a frame’s callback (the auto-pan’s) on at once, with what waits', () => {
    const { moves, applied, state, frame, pending } = harness();
    moves.add(at('a', 1));
    state.inEvent = false;
    moves.add(at('a', 3, 4));
    expect(applied).toEqual([{ a: { x: 3, y: 4 } }]);
    // The frame asked for by the pointer's move has nothing left to hand on.
    expect(pending()).toBe(0);
    frame();
    expect(applied).toHaveLength(1);
  });

  it('hands what waits on when the drag ends, and nothing after', () => {
    const { moves, applied, frame } = harness();
    moves.add(at('a', 7));
    moves.flush();
    expect(applied).toEqual([{ a: { x: 7, y: 0 } }]);
    frame();
    moves.flush();
    expect(applied).toHaveLength(1);
  });

  it('forgets what waits when the canvas goes', () => {
    const { moves, applied, frame, pending } = harness();
    moves.add(at('a', 7));
    moves.dispose();
    expect(pending()).toBe(0);
    frame();
    moves.flush();
    expect(applied).toEqual([]);
  });
});
