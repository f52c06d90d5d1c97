import { startTransition, useEffect, useState } from 'react';

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
