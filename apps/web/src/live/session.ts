import type { LiveClient } from '@meshplan/collab/client';
import type { QueryClient } from '@tanstack/react-query';
import * as Y from 'yjs';
import { canEdit, type EditorStore, type Peer } from '../store/editor.js';
import { connectLive } from './connection.js';
import { forgetUnacknowledged, keepUnacknowledged, takeUnacknowledged } from './offline.js';

const COLORS = ['#e8590c', '#2f9e44', '#9c36b5', '#1971c2', '#c2255c', '#0c8599', '#5f3dc4', '#d9480f'];
/**
 * How long a change may go unacknowledged before the document is kept in IndexedDB. The server
 * acknowledges in milliseconds; only a change it has not taken by then (offline, a slow link) is
 * worth writing the whole document for.
 */
const KEEP_DELAY_MS = 1000;
const OFFLINE = 'offline';

/**
 * The opened model's session with the server's room, alone or with others: the store's document
 * syncs with the room (which stores every change and folds them into revisions), presence goes
 * both ways, and changes not yet acknowledged are kept in IndexedDB until they are. Returns the
 * way to end it.
 */
export function startSession(
  store: EditorStore,
  credential: string,
  name: string,
  queries: QueryClient,
): () => void {
  const { doc, getState } = store;
  const modelId = getState().modelId;
  let client: LiveClient | undefined;
  let stopped = false;
  let keepTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether IndexedDB holds changes of this model (so an acknowledgement has something to clear). */
  let kept = false;
  const keepIfUnacknowledged = () => {
    keepTimer = undefined;
    if (getState().connection.unacknowledged > 0 || getState().connection.status !== 'live') {
      kept = true;
      void keepUnacknowledged(modelId, Y.encodeStateAsUpdate(doc));
    }
  };
  // After each transaction rather than on 'update': an 'update' listener makes Yjs encode every
  // transaction, the room's whole first state too, and this needs no bytes, only that a change was made.
  const onTransaction = (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0 && transaction.deleteSet.clients.size === 0) return;
    const origin = transaction.origin;
    // Only this person's changes need keeping; the room has everyone else's.
    if (origin === client || origin === OFFLINE || !canEdit(getState())) return;
    keepTimer ??= setTimeout(keepIfUnacknowledged, KEEP_DELAY_MS);
  };

  void takeUnacknowledged(modelId).then((state) => {
    if (stopped) return;
    if (state !== undefined) {
      // Sent with the first sync; cleared once the server has acknowledged it.
      kept = true;
      try {
        Y.applyUpdate(doc, state, OFFLINE);
      } catch {
        void forgetUnacknowledged(modelId);
      }
    }
    doc.on('afterTransaction', onTransaction);
    client = connect();
  });

  function connect(): LiveClient {
    const connection = connectLive(modelId, credential, name, doc, {
      status: (status, detail) => getState().connectionChanged({ status, detail }),
      acknowledged: (acked, sent) => {
        const unacknowledged = Math.max(0, sent - acked);
        getState().connectionChanged({ unacknowledged });
        if (unacknowledged === 0 && kept && keepTimer === undefined) {
          kept = false;
          void forgetUnacknowledged(modelId);
        }
      },
      synced: () => getState().opened(connection.role),
      beforeMessage: () => store.writeHeldBack(),
      notice: (notice) => {
        if (notice.type === 'ready') getState().connectionChanged({ role: notice.role });
        if (notice.type === 'comments') void queries.invalidateQueries({ queryKey: ['comments', modelId] });
        // The server undid the change (its undo arrives as an ordinary update): say why.
        if (notice.type === 'refused') {
          const first = notice.errors[0];
          getState().say(
            `The server refused a change${first === undefined ? '' : `: ${first.path} ${first.message}`}`,
          );
        }
        if (notice.type === 'reviews' || notice.type === 'revision') {
          void queries.invalidateQueries({ queryKey: ['revisions', modelId] });
          void queries.invalidateQueries({ queryKey: ['models'] });
        }
      },
    });
    const { awareness } = connection;
    awareness.setLocalState({
      name,
      color: COLORS[doc.clientID % COLORS.length],
      selection: getState().selection,
    });
    awareness.on('change', () => {
      const peers: Peer[] = [];
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === doc.clientID || state === null || typeof state.name !== 'string') continue;
        peers.push({
          clientId,
          name: state.name,
          role: typeof state.role === 'string' ? state.role : undefined,
          color: typeof state.color === 'string' ? state.color : '#888',
          selection: Array.isArray(state.selection) ? state.selection : [],
        });
      }
      getState().peersChanged(peers);
    });
    return connection;
  }

  // A page closed or reloaded right after an edit sends it first.
  const writeBeforeLeaving = () => store.writeHeldBack();
  window.addEventListener('pagehide', writeBeforeLeaving);

  const stopSelection = store.subscribe((state, previous) => {
    if (state.selection !== previous.selection)
      client?.awareness.setLocalStateField('selection', state.selection);
  });

  return () => {
    stopped = true;
    window.removeEventListener('pagehide', writeBeforeLeaving);
    // What was shown but held back goes to the room before the connection closes.
    store.writeHeldBack();
    stopSelection();
    doc.off('afterTransaction', onTransaction);
    if (keepTimer !== undefined) {
      clearTimeout(keepTimer);
      keepIfUnacknowledged();
    }
    void client?.close();
  };
}
