import { applyModel, collabTypes, docToModel } from '@meshplan/collab';
import type { QueryClient } from '@tanstack/react-query';
import * as Y from 'yjs';
import { useEditor } from '../store/editor.js';
import { connectLive } from './connection.js';
import { type Peer, useLiveState } from './useLive.js';

const COLORS = ['#e8590c', '#2f9e44', '#9c36b5', '#1971c2', '#c2255c', '#0c8599', '#5f3dc4', '#d9480f'];

/**
 * A live session: the editor's store and the shared Yjs document follow each other. A change here goes into the document (origin "local", which the undo manager
 * tracks); a change that arrives is shown without entering this person's history.
 */
export function startLiveSession(
  modelId: string,
  credential: string,
  name: string,
  queries: QueryClient,
): () => void {
  let receiving = false;
  let frame = 0;
  // Until the first full sync, the document is partial: nothing of it is shown.
  let synced = false;
  const connection = connectLive(modelId, credential, name, {
    status: (status, detail) => useLiveState.setState({ status, detail }),
    acknowledged: (acked, sent) => useLiveState.setState({ unacknowledged: Math.max(0, sent - acked) }),
    synced: () => {
      synced = true;
      const { model, saveStatus, readOnly } = useEditor.getState();
      // Changes not yet saved when the session went live (the owner shared just now) join the
      // document; otherwise the document is the model.
      if (model !== undefined && !readOnly && saveStatus !== 'saved')
        applyModel(connection.doc, model, 'local');
      else show();
    },
    notice: (notice) => {
      if (notice.type === 'ready') {
        useEditor.setState({ readOnly: notice.role === 'view' || notice.role === 'comment' });
        useLiveState.setState({ role: notice.role });
      }
      if (notice.type === 'comments') void queries.invalidateQueries({ queryKey: ['comments', modelId] });
      // The server undid the change (its undo arrives as an ordinary update): say why.
      if (notice.type === 'refused') {
        const first = notice.errors[0];
        useEditor
          .getState()
          .say(`The server refused a change${first === undefined ? '' : `: ${first.path} ${first.message}`}`);
      }
      if (notice.type === 'reviews' || notice.type === 'revision')
        void queries.invalidateQueries({ queryKey: ['revisions', modelId] });
    },
  });
  const { doc, awareness } = connection;

  // Remote changes, batched per frame: a busy room sends many small updates.
  function show() {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      // A local change still waiting goes in first, or showing the document would drop it.
      if (pushTimer !== undefined) {
        clearTimeout(pushTimer);
        push();
      }
      receiving = true;
      try {
        useEditor.getState().receive(docToModel(doc));
      } finally {
        receiving = false;
      }
    });
  }
  const onTransaction = (transaction: Y.Transaction) => {
    if (synced && transaction.origin !== 'local') show();
  };
  doc.on('afterTransaction', onTransaction);

  const undo = new Y.UndoManager(collabTypes(doc), {
    trackedOrigins: new Set(['local']),
    captureTimeout: 400,
  });
  useEditor.setState({ history: { undo: () => undo.undo(), redo: () => undo.redo() } });

  // Local changes go into the document at most every 50 ms: a drag changes the model on every
  // frame, and diffing a large model against the document takes tens of milliseconds.
  let pushTimer: ReturnType<typeof setTimeout> | undefined;
  const push = () => {
    pushTimer = undefined;
    const { model, readOnly } = useEditor.getState();
    if (model !== undefined && !readOnly) applyModel(doc, model, 'local');
  };
  const stopModel = useEditor.subscribe((state, previous) => {
    if (receiving || state.readOnly || state.model === previous.model || state.model === undefined) return;
    pushTimer ??= setTimeout(push, 50);
  });

  awareness.setLocalState({
    name,
    color: COLORS[doc.clientID % COLORS.length],
    selection: useEditor.getState().selection,
  });
  const stopSelection = useEditor.subscribe((state, previous) => {
    if (state.selection !== previous.selection) awareness.setLocalStateField('selection', state.selection);
  });
  const onAwareness = () => {
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
    useLiveState.setState({ peers });
  };
  awareness.on('change', onAwareness);

  return () => {
    cancelAnimationFrame(frame);
    if (pushTimer !== undefined) {
      clearTimeout(pushTimer);
      push();
    }
    stopModel();
    stopSelection();
    awareness.off('change', onAwareness);
    undo.destroy();
    useEditor.setState({ history: undefined, readOnly: false });
    useLiveState.setState({
      status: 'off',
      detail: undefined,
      role: undefined,
      unacknowledged: 0,
      peers: [],
    });
    void connection.close();
  };
}
