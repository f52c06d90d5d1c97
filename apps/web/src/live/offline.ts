import { createStore, del, get, set, type UseStore } from 'idb-keyval';

/**
 * Changes the server has not yet acknowledged, kept in IndexedDB per model (the whole document
 * as one Yjs update), so that closing or reloading the tab while offline loses nothing: the next
 * session loads them into its document before it syncs, and the sync sends them.
 */
let opened: UseStore | undefined;
/** Opened on first use: a page (or a test in Node) that never needs it opens no database. */
const kept = (): UseStore => {
  opened ??= createStore('meshplan', 'unacknowledged');
  return opened;
};

export async function keepUnacknowledged(modelId: string, state: Uint8Array): Promise<void> {
  try {
    await set(modelId, state, kept());
  } catch {
    // A browser without IndexedDB (some private modes) edits without this safety net.
  }
}

export async function takeUnacknowledged(modelId: string): Promise<Uint8Array | undefined> {
  try {
    const state = await get<unknown>(modelId, kept());
    return state instanceof Uint8Array ? state : undefined;
  } catch {
    // A browser without IndexedDB (private modes of some) edits without this safety net.
    return undefined;
  }
}

export async function forgetUnacknowledged(modelId: string): Promise<void> {
  try {
    await del(modelId, kept());
  } catch {
    // Nothing kept where there is no IndexedDB.
  }
}
