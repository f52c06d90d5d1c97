import { startTransition, useEffect, useState } from 'react';
import type { StoreApi } from 'zustand';

/**
 * Runs `run` once the browser is idle after the frames it owes (at most `timeoutMs` later, so that
 * a busy page still gets it): work an edit causes that the person is not looking at (the
 * document's bookkeeping, the panels beside the canvas) then never stands between their input
 * and the frame that shows it. Returns a way to cancel it.
 */
export function whenIdle(run: () => void, timeoutMs = 100): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 0);
  return () => clearTimeout(handle);
}

/**
 * `value` as of the browser's last idle moment: a component that shows it re-renders after the
 * canvas has painted an edit, not in the same frame (a burst of edits shows its last value once).
 * Components under it that take the value as a prop should be memoised.
 */
export function useIdleValue<T>(value: T, timeoutMs = 200): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    return whenIdle(() => startTransition(() => setShown(() => value)), timeoutMs);
  }, [value, shown, timeoutMs]);
  return shown;
}

/**
 * Like `useIdleValue`, for `select(state)` of a store, read by subscription: the component is not
 * rendered on each change only to put it off, just once the browser is idle after the last one.
 * `select` must keep its identity (a module-level function).
 */
export function useIdleSelection<S, T>(store: StoreApi<S>, select: (state: S) => T, timeoutMs = 200): T {
  const [shown, setShown] = useState(() => select(store.getState()));
  useEffect(() => {
    let latest = shown;
    let cancel: (() => void) | undefined;
    const catchUp = () => {
      cancel = undefined;
      startTransition(() => setShown(() => latest));
    };
    const follow = (state: S) => {
      const next = select(state);
      if (Object.is(next, latest)) return;
      latest = next;
      cancel ??= whenIdle(catchUp, timeoutMs);
    };
    // What changed between the render and this effect counts too.
    follow(store.getState());
    const unsubscribe = store.subscribe(follow);
    return () => {
      unsubscribe();
      cancel?.();
    };
  }, [store, select, shown, timeoutMs]);
  return shown;
}
