/** Where nodes are moved to, by id, in flow coordinates. */
export type Positions = ReadonlyMap<string, { x: number; y: number }>;

/** The browser's frame scheduling, as the batch uses it (tests pass their own). */
export interface Frames {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const browserFrames: Frames = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/** Whether the browser is dispatching an event: a pointer's move, not a frame's callback. */
const inEvent = (): boolean => typeof window !== 'undefined' && window.event !== undefined;

export interface DragMoves {
  /** A drag's moves: handed on at once in a frame's callback, else when the next frame begins. */
  add(positions: Positions): void;
  /** Hands on what is waiting now (the drag ends, say). */
  flush(): void;
  /** Forgets what is waiting, handing on nothing. */
  dispose(): void;
}

/**
 * Gathers the moves of a drag so that those made in one frame reach `apply` together.
 *
 * A pointer's move is dispatched as a frame begins; React Flow's auto-pan then moves the dragged
 * node again in that frame's animation callback, after panning. Handed on one by one, each move
 * re-rendered the canvas and handed React Flow every node (at 1,000 services, some 12,000 store
 * subscribers checked each time), twice a frame while auto-panning. A move made while an event is
 * dispatched waits for the frame's callback; one made in a callback (the auto-pan's) is handed on
 * at once with whatever waits, so the node follows the pan in the same frame.
 */
export function createDragMoves(
  apply: (positions: Positions) => void,
  frames: Frames = browserFrames,
  dispatching: () => boolean = inEvent,
): DragMoves {
  let waiting = new Map<string, { x: number; y: number }>();
  let frame: number | undefined;
  const flush = () => {
    if (frame !== undefined) frames.cancel(frame);
    frame = undefined;
    if (waiting.size === 0) return;
    const positions = waiting;
    waiting = new Map();
    apply(positions);
  };
  return {
    add(positions) {
      for (const [id, position] of positions) waiting.set(id, position);
      if (!dispatching()) flush();
      else
        frame ??= frames.request(() => {
          frame = undefined;
          flush();
        });
    },
    flush,
    dispose() {
      waiting = new Map();
      flush();
    },
  };
}
