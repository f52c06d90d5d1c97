import type { ImportReport, ReportItem } from '@meshplan/importers';
import { count, type Model, NODE_KINDS, type NodeKind, withArticle } from '@meshplan/model';
import { useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { dismissImportReport, importReport, knownModels, pendingEdit } from '../api/local.js';
import { ErrorBoundary } from '../app/ErrorBoundary.js';
import { ModelCanvas } from '../canvas/ModelCanvas.js';
import { KindIcon } from '../canvas/nodes.js';
import { Inspector } from '../inspector/Inspector.js';
import { applyLayout, layoutModel, needsLayout } from '../layout/layout.js';
import { LiveStatusView, Presence } from '../live/Presence.js';
import { useLive } from '../live/useLive.js';
import { useLintOnChange } from '../problems/findings.js';
import { ProblemsPanel } from '../problems/ProblemsPanel.js';
import { CommentsPanel } from '../review/CommentsPanel.js';
import { useCommentPins, usePins } from '../review/pins.js';
import { OpenAs } from '../share/OpenAs.js';
import { ShareButton } from '../share/ShareDialog.js';
import { commands } from '../store/commands.js';
import { canEdit, useEditor, whyReadOnly } from '../store/editor.js';
import { FindBox } from './Find.js';
import { useAutosave } from './useAutosave.js';
import { useSession } from './useSession.js';

// The exporters, the highlighter and the picture maker load when the dialog first opens; the
// history (with the diff of revisions) when its tab does.
const ExportDialog = lazy(() => import('../export/ExportDialog.js'));
const HistoryPanel = lazy(() =>
  import('../review/HistoryPanel.js').then((m) => ({ default: m.HistoryPanel })),
);

export function Editor({ id }: { id: string }) {
  const token = knownModels().find((known) => known.id === id)?.token;
  const [error, setError] = useState<string | undefined>();
  const revision = useRef(0);
  const loaded = useEditor((s) => s.model !== undefined);

  useEffect(() => {
    useEditor.setState({ model: undefined });
    if (token === undefined) {
      setError(
        'This browser has no key for this model. Open it from the home page of the browser that created it.',
      );
      return;
    }
    api.get(id, token).then(
      async ({ model, revision: current }) => {
        revision.current = current;
        // Edits kept while offline, on top of the revision they started from, win.
        const kept = pendingEdit(id);
        const start =
          kept !== undefined && kept.baseRevision === current ? (kept.model as typeof model) : model;
        useEditor.getState().load(start);
        if (kept !== undefined && kept.baseRevision === current) useEditor.setState({ version: 1 });
        useEditor.getState().requestFit();
        if (needsLayout(start)) {
          // A first layout is not the user's change: saved with the model, not an undo step.
          const layout = await layoutModel(start);
          useEditor.getState().changeQuietly((draft) => applyLayout(draft, layout));
          useEditor.getState().requestFit();
        }
      },
      (e: Error) => setError(e.message),
    );
  }, [id, token]);

  if (error !== undefined) {
    return (
      <main className="home">
        <p role="alert">{error}</p>
        {/* A revoked or expired link: another credential held here may still open the model. */}
        {token !== undefined ? <OpenAs id={id} token={token} /> : null}
        <a href="#/">Back to your models</a>
      </main>
    );
  }
  if (!loaded || token === undefined) return <main className="home">Loading…</main>;
  return (
    <ReactFlowProvider>
      <EditorLayout id={id} token={token} revision={revision} />
    </ReactFlowProvider>
  );
}

/** The model being edited: its id, the owner token that saves it, and the revision last saved. */
interface SavedModel {
  id: string;
  token: string;
  revision: React.MutableRefObject<number>;
}

function EditorLayout({ id, token, revision }: SavedModel) {
  useLintOnChange();
  const [report, setReport] = useState(() => importReport(id));
  const closeReport = () => {
    dismissImportReport(id);
    setReport(undefined);
  };
  const message = useEditor((s) => s.message);
  const name = useEditor((s) => s.model?.name);
  const readOnly = useEditor((s) => s.readOnly);
  const editable = useEditor(canEdit);
  const session = useSession(id, token);
  useLive(id, token, session.name, session.live);
  useKeyboard();
  const [tab, setTab] = useState<SideTab>('design');
  const side = useRef<HTMLElement>(null);
  const sideBody = useRef<HTMLDivElement>(null);
  useCommentPins(id, token);
  const chosenPin = usePins((s) => s.chosen);
  const queries = useQueryClient();
  // "Try again" on a panel fed by the server fetches its data again rather than failing on it again.
  const refetch = (key: string) => () => queries.resetQueries({ queryKey: [key, id] });
  useEffect(() => {
    if (chosenPin !== undefined) setTab('comments');
  }, [chosenPin]);
  return (
    <div className="editor">
      <header className="toolbar">
        <a href="#/" className="brand">
          Meshplan
        </a>
        <h1>{name}</h1>
        <Toolbar />
        <Presence />
        <OpenAs id={id} token={token} />
        {session.isOwner ? <ShareButton id={id} token={token} onShared={session.wentLive} /> : null}
        {/* A region of its own, as wide as the longest status: a change of status moves no button. */}
        <div className="status-region">
          {session.live ? <LiveStatusView /> : <SaveStatus id={id} token={token} revision={revision} />}
        </div>
      </header>
      {readOnly ? (
        <p className="palette read-only-note" data-testid="read-only">
          {session.role === 'comment' ? 'You can comment and review' : 'View only'}
        </p>
      ) : (
        <Palette disabled={!editable} />
      )}
      {/* The canvas holds a Tab stop per element: this, first, leads past them all. A button rather
          than a link to #side-panel, because the fragment is the page's route. */}
      <button
        type="button"
        className="skip-link"
        data-testid="skip-canvas"
        onClick={() => side.current?.focus()}
      >
        Skip past the canvas to the side panel
      </button>
      <ErrorBoundary name="canvas" className="canvas" onReset={refetch('comments')}>
        <ModelCanvas />
      </ErrorBoundary>
      <aside className="side" id="side-panel" ref={side} tabIndex={-1} aria-label="Side panel">
        <div className="tabs" role="tablist" aria-label="Side panels">
          {SIDE_TABS.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={tab === name}
              data-testid={`tab-${name}`}
              onClick={() => setTab(name)}
            >
              {TAB_NAMES[name]}
            </button>
          ))}
        </div>
        {/* The tab's content scrolls on its own; the Problems below it stay in view whatever is open. */}
        <div className="side-body" ref={sideBody} data-testid="side-body">
          {tab === 'design' ? <ScrollToTopOnSelect panel={sideBody} /> : null}
          {tab === 'design' ? (
            <ErrorBoundary name="inspector" className="panel">
              <Inspector />
            </ErrorBoundary>
          ) : tab === 'comments' ? (
            <ErrorBoundary name="comments" className="panel" onReset={refetch('comments')}>
              <CommentsPanel
                id={id}
                token={token}
                canComment={session.role !== 'view'}
                isOwner={session.role === 'owner'}
              />
            </ErrorBoundary>
          ) : (
            <ErrorBoundary name="history" className="panel" onReset={refetch('revisions')}>
              <Suspense fallback={<p className="muted">Loading the history…</p>}>
                <HistoryPanel id={id} token={token} canReview={session.role !== 'view'} />
              </Suspense>
            </ErrorBoundary>
          )}
        </div>
        <ErrorBoundary name="problems" className="panel">
          <ProblemsPanel />
        </ErrorBoundary>
      </aside>
      <ViewBanner />
      {report ? (
        <ErrorBoundary name="import-report" onClose={closeReport}>
          <ImportReportDialog report={report} onClose={closeReport} />
        </ErrorBoundary>
      ) : null}
      {message ? (
        <div className="toast" role="alert" data-testid="message">
          {message}
          <button type="button" aria-label="Dismiss" onClick={() => useEditor.getState().say(undefined)}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}

const SIDE_TABS = ['design', 'comments', 'history'] as const;
type SideTab = (typeof SIDE_TABS)[number];
const TAB_NAMES: Record<SideTab, string> = { design: 'Design', comments: 'Comments', history: 'History' };

/** A new selection is read from the top of the inspector, not wherever the last one was scrolled to. */
function ScrollToTopOnSelect({ panel }: { panel: React.RefObject<HTMLElement | null> }) {
  const selection = useEditor((s) => s.selection);
  useEffect(() => {
    if (selection !== undefined) panel.current?.scrollTo({ top: 0 });
  }, [selection, panel]);
  return null;
}

/** An earlier revision or a comparison on the canvas: what it is, in words, and the way back. */
function ViewBanner() {
  const view = useEditor((s) => s.view);
  if (view === undefined) return null;
  return (
    <div className="view-banner" role="status" data-testid="view-banner">
      <div>
        <strong>{view.title}</strong>
        {view.sentences && view.sentences.length > 0 ? (
          <ul data-testid="diff-sentences">
            {view.sentences.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <button type="button" data-testid="view-back" onClick={() => useEditor.setState({ view: undefined })}>
        Back to the current model
      </button>
    </div>
  );
}

/** One list of the import report, folded away unless `open`; nothing when it is empty. */
function ReportItems({ title, items, open = false }: { title: string; items: ReportItem[]; open?: boolean }) {
  if (items.length === 0) return null;
  return (
    <details open={open}>
      <summary>
        {title} ({items.length})
      </summary>
      <ul>
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
          <li key={i}>
            <code>
              {item.source.path}
              {item.source.line === undefined ? '' : `:${item.source.line}`}
            </code>{' '}
            {item.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** What an import guessed and what it could not map, each with the file and line it came from. */
function ImportReportDialog({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <section
      className="import-report"
      role="dialog"
      aria-label="Import report"
      data-testid="import-report"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <header>
        <h2>Imported</h2>
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </header>
      <p>
        {count(report.guesses.length, 'guess')}, {count(report.unmapped.length, 'thing')} not mapped. Check
        the guesses on the canvas: they are what the files suggest, not what they say.
      </p>
      <ReportItems title="Guesses" items={report.guesses} open />
      <ReportItems title="Not mapped" items={report.unmapped} />
    </section>
  );
}

/**
 * Autosave and what the user sees of it. Its own component: it follows every change (each frame of
 * a drag bumps the version), and re-rendering here re-renders nothing else.
 */
function SaveStatus({ id, token, revision }: SavedModel) {
  const conflict = useAutosave(id, token, revision);
  const status = useEditor((s) => s.saveStatus);
  return (
    <>
      <output className={`status status-${status}`} data-testid="save-status">
        {STATUS_TEXT[status]}
      </output>
      {status === 'conflict' ? (
        <div className="dialog" role="alertdialog" aria-label="Someone saved first">
          <p>Someone saved this model after you opened it.</p>
          <button type="button" onClick={() => void conflict.loadTheirs()}>
            Load theirs
          </button>
          <button type="button" onClick={() => void conflict.keepMine()}>
            Keep mine as a new revision
          </button>
        </div>
      ) : null}
    </>
  );
}

const STATUS_TEXT = {
  saved: 'Saved',
  saving: 'Saving…',
  unsaved: 'Unsaved changes',
  offline: 'Offline: changes kept here',
  conflict: 'Conflict',
  error: 'Not saved',
} as const;

function Toolbar() {
  const editable = useEditor(canEdit);
  const readOnlyReason = useEditor(whyReadOnly);
  const canUndo = useEditor((s) => s.past.length > 0) && editable;
  const canRedo = useEditor((s) => s.future.length > 0) && editable;
  const [busy, setBusy] = useState(false);
  // The model as it was when the dialog opened: what it previews is what it downloads.
  const [exporting, setExporting] = useState<Model | undefined>();
  return (
    <div className="tools">
      <button
        type="button"
        onClick={() => useEditor.getState().undo()}
        disabled={!canUndo}
        title="Undo (Ctrl+Z)"
        data-testid="undo"
      >
        Undo
      </button>
      <button
        type="button"
        onClick={() => useEditor.getState().redo()}
        disabled={!canRedo}
        title="Redo (Ctrl+Shift+Z)"
        data-testid="redo"
      >
        Redo
      </button>
      <button
        type="button"
        disabled={busy || !editable}
        title={readOnlyReason ?? 'Arrange every element automatically (one undoable step)'}
        data-testid="auto-layout"
        onClick={async () => {
          const model = useEditor.getState().model;
          if (model === undefined) return;
          setBusy(true);
          try {
            const layout = await layoutModel(model);
            useEditor.getState().change('Automatic layout', (draft) => applyLayout(draft, layout));
            useEditor.getState().requestFit();
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Laying out…' : 'Auto-layout'}
      </button>
      <button type="button" onClick={() => useEditor.getState().requestFit()}>
        Fit view
      </button>
      <button
        type="button"
        data-testid="export"
        onClick={() => setExporting(useEditor.getState().model)}
        title="OpenAPI, AsyncAPI, Kubernetes, Istio, compose, diagrams, docs and a picture of the canvas"
      >
        Export
      </button>
      {exporting ? (
        <ErrorBoundary name="export" onClose={() => setExporting(undefined)}>
          <Suspense fallback={<output className="status">Loading the exporters…</output>}>
            <ExportDialog model={exporting} onClose={() => setExporting(undefined)} />
          </Suspense>
        </ErrorBoundary>
      ) : null}
      <FindBox />
      <button
        type="button"
        onClick={() => document.documentElement.classList.toggle('dark')}
        aria-label="Toggle dark theme"
      >
        Theme
      </button>
    </div>
  );
}

const PALETTE: (NodeKind | 'context')[] = ['context', ...NODE_KINDS];

/** Drag an item onto the canvas, or press its button (Enter) to add it in view. */
function Palette({ disabled }: { disabled: boolean }) {
  const { screenToFlowPosition } = useReactFlow();
  const add = (kind: NodeKind | 'context') => {
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const centre = screenToFlowPosition({
      x: (canvas?.left ?? 0) + (canvas?.width ?? 800) / 2,
      y: (canvas?.top ?? 0) + (canvas?.height ?? 600) / 2,
    });
    // New elements fill a grid around the centre of the view, so that none hides another.
    const count = useEditor.getState().model?.nodes.length ?? 0;
    const position = {
      x: Math.round(centre.x - 380 + (count % 3) * 280),
      y: Math.round(centre.y - 100 + Math.floor(count / 3) * 110),
    };
    if (kind === 'context')
      commands.addContext({ x: Math.round(centre.x - 340), y: Math.round(centre.y - 150) });
    else commands.addNode(kind, position);
  };
  return (
    <nav className="palette" aria-label="Add elements">
      {PALETTE.map((kind) => (
        <button
          type="button"
          key={kind}
          draggable={!disabled}
          disabled={disabled}
          data-testid={`palette-${kind}`}
          onDragStart={(e) => e.dataTransfer.setData('application/meshplan-kind', kind)}
          onClick={() => add(kind)}
          title={`Add ${withArticle(kind)} (drag onto the canvas, or press Enter)`}
        >
          {kind === 'context' ? (
            <span className="kind-icon context-icon" aria-hidden="true" />
          ) : (
            <KindIcon kind={kind} />
          )}
          <span>{kind === 'context' ? 'Context' : kind[0]?.toUpperCase() + kind.slice(1)}</span>
        </button>
      ))}
    </nav>
  );
}

/** Undo/redo, delete, copy/paste: keyboard shortcuts on the editor. */
function useKeyboard() {
  const clipboard = useRef<string | undefined>(undefined);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select')) return;
      const mod = event.ctrlKey || event.metaKey;
      const state = useEditor.getState();
      const copying = mod && event.key.toLowerCase() === 'c';
      // Where nothing may change, the editing keys do nothing, as their buttons are disabled; copy works.
      if (!copying && !canEdit(state)) return;
      if (mod && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
      } else if (mod && event.key.toLowerCase() === 'y') {
        event.preventDefault();
        state.redo();
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        commands.remove(state.selection);
      } else if (mod && event.key.toLowerCase() === 'c') {
        const nodes = state.model?.nodes.filter((n) => state.selection.includes(n.id)) ?? [];
        clipboard.current = JSON.stringify(nodes);
      } else if (mod && event.key.toLowerCase() === 'v' && clipboard.current !== undefined) {
        const nodes = JSON.parse(clipboard.current) as NonNullable<typeof state.model>['nodes'];
        const added: string[] = [];
        state.change('Paste', (draft) => {
          for (const node of nodes) {
            const id = `${node.id}-copy`;
            let unique = id;
            for (let n = 2; draft.nodes.some((x) => x.id === unique); n++) unique = `${id}-${n}`;
            added.push(unique);
            draft.nodes.push({
              ...node,
              id: unique,
              name: `${node.name} (copy)`,
              position: { x: (node.position?.x ?? 0) + 40, y: (node.position?.y ?? 0) + 40 },
            });
          }
        });
        state.select(added);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
