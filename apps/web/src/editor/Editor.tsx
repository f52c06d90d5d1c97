import type { ImportCoverage, ImportReport, ReportItem } from '@meshplan/importers';
// The words only: the coverage module, not the importers and their YAML parser.
import { coverageLines } from '@meshplan/importers/coverage';
import { count, type Model, NODE_KINDS, type NodeKind, withArticle } from '@meshplan/model';
import { useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { produce } from 'immer';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.js';
import {
  dismissImportReport,
  importReport,
  isLinkCredential,
  knownModels,
  updateKnown,
} from '../api/local.js';
import { ErrorBoundary } from '../app/ErrorBoundary.js';
import { whenIdle } from '../app/idle.js';
import { ModelCanvas } from '../canvas/ModelCanvas.js';
import { KindIcon } from '../canvas/nodes.js';
import { CompareDialog } from '../drift/CompareDialog.js';
import { type DriftComparison, driftItems } from '../drift/comparison.js';
import { Inspector } from '../inspector/Inspector.js';
import { applyLayout, hasUnplaced, placeModel } from '../layout/layout.js';
import { Presence, SaveStatus } from '../live/Presence.js';
import { useLive } from '../live/useLive.js';
import { useLintOnChange } from '../problems/findings.js';
import { ProblemsPanel } from '../problems/ProblemsPanel.js';
import { CommentsPanel } from '../review/CommentsPanel.js';
import { ContractChanges } from '../review/ContractChanges.js';
import { useCommentPins } from '../review/pins.js';
import { RestoreRevision } from '../review/RestoreRevision.js';
import { VerdictBadge } from '../review/VerdictBadge.js';
import { OpenAs } from '../share/OpenAs.js';
import { ShareButton } from '../share/ShareDialog.js';
import { useCommands } from '../store/commands.js';
import {
  baseMode,
  canEdit,
  createEditorStore,
  EditorProvider,
  type EditorStore,
  useEditor,
  useEditorStore,
  whyReadOnly,
} from '../store/editor.js';
import { CommandPalette } from './CommandPalette.js';
import { FindBox } from './Find.js';
import { useAddInView } from './useAddInView.js';
import { useSession } from './useSession.js';
import { useViewInUrl, ViewsPanel } from './ViewsPanel.js';

// The exporters, the highlighter and the picture maker load when the dialog first opens; the
// history (with the diff of revisions) when its tab does.
const ExportDialog = lazy(() => import('../export/ExportDialog.js'));
const HistoryPanel = lazy(() =>
  import('../review/HistoryPanel.js').then((m) => ({ default: m.HistoryPanel })),
);

/**
 * The opened model: its own store (document, history, selection, findings, session), made when
 * the model opens and disposed when it closes, so nothing of one model or mode reaches the next.
 */
export function Editor({ id }: { id: string }) {
  const token = knownModels().find((known) => known.id === id)?.token;
  const [error, setError] = useState<string | undefined>();
  const [store, setStore] = useState<EditorStore | undefined>();

  useEffect(() => {
    if (token === undefined) {
      setError(
        'This browser has no key for this model. Open it from the home page of the browser that created it.',
      );
      return;
    }
    let cancelled = false;
    let opened: EditorStore | undefined;
    // The server's answer paints the canvas at once; the room's sync then makes it editable.
    api.get(id, token).then(
      async ({ model: stored, revision }) => {
        const model = isLinkCredential(token) ? stored : await laidOutOnce(id, token, stored, revision);
        if (cancelled) return;
        opened = createEditorStore({ modelId: id, model, holdWrites: (write) => void whenIdle(write) });
        opened.getState().requestFit();
        setStore(opened);
      },
      (e: Error) => setError(e.message),
    );
    return () => {
      cancelled = true;
      // After the children's cleanups (the session closes first).
      const closing = opened;
      queueMicrotask(() => closing?.dispose());
    };
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
  if (store === undefined || token === undefined) return <main className="home">Loading…</main>;
  return (
    <EditorProvider value={store}>
      <ReactFlowProvider>
        <EditorLayout id={id} token={token} />
      </ReactFlowProvider>
    </EditorProvider>
  );
}

/**
 * A model with elements that have no position is placed when its owner opens it: one with no
 * positions at all (a template, an import) is laid out whole; one with some (nodes added by the
 * API, an import into it, a peer) gets only its unplaced elements placed, and nothing placed
 * moves. The result is stored as a revision of its own, before editing begins: the first revision
 * the owner's edits make is theirs alone. If someone changed the model meanwhile, the editor
 * places it after opening instead (`useFirstLayout`).
 */
async function laidOutOnce(id: string, token: string, model: Model, revision: number): Promise<Model> {
  if (!hasUnplaced(model)) return model;
  const layout = await placeModel(model);
  const laidOut = produce(model, (draft) => applyLayout(draft, layout));
  try {
    await api.put(id, token, laidOut, revision);
    return laidOut;
  } catch {
    return model;
  }
}

/** A model that still has unplaced elements (opened through a link) is placed once it opens: not an undo step. */
function useFirstLayout() {
  const store = useEditorStore();
  const opening = useEditor((s) => s.mode.kind === 'opening');
  const done = useRef(false);
  useEffect(() => {
    if (opening || done.current) return;
    done.current = true;
    const model = store.getState().content;
    if (!hasUnplaced(model)) return;
    const wholeLayout = !model.nodes.some((n) => n.position !== undefined);
    void placeModel(model).then((layout) => {
      store.getState().layOutFirst((draft) => applyLayout(draft, layout));
      // Only a model laid out whole needs fitting again: placing a few elements keeps the view.
      if (wholeLayout) store.getState().requestFit();
    });
  }, [opening, store]);
}

/** The home page lists each model with its name and problem counts as this browser last saw them. */
function useKnownSummary(id: string) {
  const name = useEditor((s) => s.content.name);
  const findings = useEditor((s) => s.findings);
  useEffect(() => {
    const timer = setTimeout(
      () =>
        updateKnown(id, {
          name,
          counts: {
            error: findings.filter((f) => f.severity === 'error').length,
            warning: findings.filter((f) => f.severity === 'warning').length,
            info: findings.filter((f) => f.severity === 'info').length,
          },
        }),
      500,
    );
    return () => clearTimeout(timer);
  }, [id, name, findings]);
}

function EditorLayout({ id, token }: { id: string; token: string }) {
  const store = useEditorStore();
  useLintOnChange();
  useFirstLayout();
  useKnownSummary(id);
  useViewInUrl(id);
  const [report, setReport] = useState(() => importReport(id));
  const closeReport = () => {
    dismissImportReport(id);
    setReport(undefined);
  };
  const message = useEditor((s) => s.message);
  const name = useEditor((s) => s.content.name);
  const link = useEditor((s) => baseMode(s.mode).kind === 'link');
  const editable = useEditor(canEdit);
  const session = useSession(id, token);
  useLive(store, token, session.name);
  const [commandsOpen, setCommandsOpen] = useState(false);
  useKeyboard(useCallback(() => setCommandsOpen((open) => !open), []));
  // The model as it was when the dialog opened: what it previews is what it downloads.
  const [exporting, setExporting] = useState<Model | undefined>();
  const openExport = () => setExporting(store.getState().model);
  const [comparing, setComparing] = useState(false);
  const openCompare = () => setComparing(true);
  const [sharing, setSharing] = useState(false);
  const [tab, setTab] = useState<SideTab>('design');
  const side = useRef<HTMLElement>(null);
  const sideBody = useRef<HTMLDivElement>(null);
  useCommentPins(id, token);
  const chosenPin = useEditor((s) => s.pins.chosen);
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
        <h1 title={name}>{name}</h1>
        <VerdictBadge id={id} token={token} />
        <Toolbar onCommands={() => setCommandsOpen(true)} onExport={openExport} onCompare={openCompare} />
        {comparing ? (
          <ErrorBoundary name="compare" onClose={() => setComparing(false)}>
            <CompareDialog onClose={() => setComparing(false)} />
          </ErrorBoundary>
        ) : null}
        {exporting ? (
          <ErrorBoundary name="export" onClose={() => setExporting(undefined)}>
            <Suspense fallback={<output className="status">Loading the exporters…</output>}>
              <ExportDialog model={exporting} onClose={() => setExporting(undefined)} />
            </Suspense>
          </ErrorBoundary>
        ) : null}
        <Presence />
        <OpenAs id={id} token={token} />
        {session.isOwner ? (
          <ShareButton id={id} token={token} open={sharing} onOpenChange={setSharing} />
        ) : null}
        {/* A region of its own, as wide as the longest status: a change of status moves no button. */}
        <div className="status-region">
          <SaveStatus />
        </div>
      </header>
      {link ? (
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
      <ErrorBoundary name="views" className="views-panel">
        <ViewsPanel />
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
      <ViewBanner restore={session.role === 'owner' || session.role === 'edit' ? { id, token } : undefined} />
      <CommandPalette
        open={commandsOpen}
        onClose={() => setCommandsOpen(false)}
        showTab={setTab}
        openExport={openExport}
        openCompare={openCompare}
        openShare={session.isOwner ? () => setSharing(true) : undefined}
      />
      {report ? (
        <ErrorBoundary name="import-report" onClose={closeReport}>
          <ImportReportDialog report={report} onClose={closeReport} />
        </ErrorBoundary>
      ) : null}
      {message ? (
        <div className="toast" role="alert" data-testid="message">
          {message}
          <button type="button" aria-label="Dismiss" onClick={() => store.getState().say(undefined)}>
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

/**
 * An earlier revision or a comparison on the canvas: what it is, in words, and the way back; an
 * earlier revision can be restored by whoever may edit (`restore`).
 */
function ViewBanner({ restore }: { restore: { id: string; token: string } | undefined }) {
  const store = useEditorStore();
  const view = useEditor((s) => (s.mode.kind === 'revision' ? s.mode.view : undefined));
  if (view === undefined) return null;
  return (
    <div className="view-banner" role="status" data-testid="view-banner">
      <div>
        <strong>{view.title}</strong>
        {view.contracts && view.contracts.length > 0 ? <ContractChanges changes={view.contracts} /> : null}
        {view.sentences && view.sentences.length > 0 ? (
          <ul data-testid="diff-sentences">
            {view.sentences.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        ) : null}
        {view.drift ? <DriftList comparison={view.drift} canAdopt={restore !== undefined} /> : null}
      </div>
      {restore !== undefined && view.revision !== undefined ? (
        <RestoreRevision {...restore} revision={view.revision} />
      ) : null}
      <button type="button" data-testid="view-back" onClick={() => store.getState().backToModel()}>
        Back to the current model
      </button>
    </div>
  );
}

/** At most this many lines of a comparison with what runs are listed; the canvas shows them all. */
const DRIFT_LINES = 40;

/**
 * A comparison with what runs, in words: calls that break the design's rules first, then what runs
 * and is not designed (each with "Adopt", one undoable step, for whoever may edit), then what is
 * designed and was not seen.
 */
function DriftList({ comparison, canAdopt }: { comparison: DriftComparison; canAdopt: boolean }) {
  const commands = useCommands();
  const [adopting, setAdopting] = useState(false);
  const items = useMemo(() => driftItems(comparison.analysis), [comparison]);
  if (items.length === 0) return null;
  return (
    <ul className="drift-items" data-testid="drift-items">
      {items.slice(0, DRIFT_LINES).map((item) => (
        <li key={item.key} data-status={item.status}>
          <span>
            {item.text}
            {item.breaks.length > 0 ? (
              <span className="drift-breaks"> breaks {item.breaks.join(', ')}</span>
            ) : null}
          </span>
          {item.adopt && canAdopt ? (
            <button
              type="button"
              disabled={adopting}
              onClick={async () => {
                setAdopting(true);
                try {
                  if (item.adopt) await commands.adoptObserved(item.adopt);
                } finally {
                  setAdopting(false);
                }
              }}
            >
              Adopt
            </button>
          ) : null}
        </li>
      ))}
      {items.length > DRIFT_LINES ? <li>and {items.length - DRIFT_LINES} more on the canvas</li> : null}
    </ul>
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
      {report.coverage === undefined ? null : <ImportCoverageSummary coverage={report.coverage} />}
    </section>
  );
}

/** What the import does not know, and which sources would tell it (the end of every report). */
function ImportCoverageSummary({ coverage }: { coverage: ImportCoverage }) {
  const [headline, ...details] = coverageLines(coverage);
  return (
    <details open data-testid="import-coverage">
      <summary>{headline}</summary>
      <ul>
        {details.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </details>
  );
}

function Toolbar({
  onCommands,
  onExport,
  onCompare,
}: {
  onCommands: () => void;
  onExport: () => void;
  onCompare: () => void;
}) {
  const store = useEditorStore();
  const commands = useCommands();
  const editable = useEditor(canEdit);
  const readOnlyReason = useEditor(whyReadOnly);
  const canUndo = useEditor((s) => s.canUndo) && editable;
  const canRedo = useEditor((s) => s.canRedo) && editable;
  const [busy, setBusy] = useState(false);
  return (
    <div className="tools">
      <button type="button" onClick={onCommands} title="Commands (Ctrl+K)" data-testid="commands">
        Commands
      </button>
      <button
        type="button"
        onClick={() => commands.undo()}
        disabled={!canUndo}
        title="Undo (Ctrl+Z)"
        data-testid="undo"
      >
        Undo
      </button>
      <button
        type="button"
        onClick={() => commands.redo()}
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
          setBusy(true);
          try {
            await commands.autoLayout();
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Laying out…' : 'Auto-layout'}
      </button>
      <button type="button" onClick={() => store.getState().requestFit()}>
        Fit view
      </button>
      <button
        type="button"
        data-testid="export"
        onClick={onExport}
        title="OpenAPI, AsyncAPI, Kubernetes, Istio, compose, diagrams, docs and a picture of the canvas"
      >
        Export
      </button>
      <button
        type="button"
        data-testid="compare-running"
        onClick={onCompare}
        title="Compare with what runs: a trace export, docker-compose files or Kubernetes manifests against the model"
      >
        What runs
      </button>
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
  const add = useAddInView();
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

/** Undo/redo, delete, copy/paste: keyboard shortcuts on the editor, each a command; Ctrl+K the palette. */
function useKeyboard(toggleCommands: () => void) {
  const store = useEditorStore();
  const commands = useCommands();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      // From anywhere, a text field included (the palette's own closes it), but not over another dialog.
      if (mod && key === 'k' && !event.shiftKey && !event.altKey) {
        const dialog = document.querySelector('[aria-modal="true"]');
        if (dialog !== null && dialog.getAttribute('data-testid') !== 'command-palette') return;
        event.preventDefault();
        return toggleCommands();
      }
      if (target.closest('input, textarea, select')) return;
      if (mod && key === 'c') return commands.copy();
      // Where nothing may change, the editing keys do nothing, as their buttons are disabled.
      if (!canEdit(store.getState())) return;
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) commands.redo();
        else commands.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        commands.redo();
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        commands.remove(store.getState().selection);
      } else if (mod && key === 'v') {
        commands.paste();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, commands, toggleCommands]);
}
