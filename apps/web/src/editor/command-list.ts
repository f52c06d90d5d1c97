import { NODE_KINDS, type NodeKind } from '@meshplan/model';
import { FAILABLE_KINDS } from '../impact/impact.js';
import type { Commands } from '../store/commands.js';
import { type EditorState, whyReadOnly } from '../store/editor.js';

/** One line of the command palette. */
export interface PaletteCommand {
  /** Stable within one list (a key, and what tests name). */
  id: string;
  title: string;
  /** The keys that do the same from the editor, as a person reads them. */
  shortcut?: string;
  /** Why it cannot run now; undefined when it can. Shown beside the title, never hidden. */
  disabled?: string;
  /** Other words it is found by (matched after the title). */
  keywords?: string;
  run(): void | Promise<void>;
}

/** Side panels the palette can show. */
export type PalettePanel = 'design' | 'problems' | 'comments' | 'history';

/** What the palette does through the editor's UI rather than the model's commands. */
export interface PaletteUi {
  /** Adds an element at the centre of the view, as the element palette's buttons do. */
  addInView(kind: NodeKind | 'context'): void;
  fitView(): void;
  openExport(): void;
  /** Opens "Compare with what runs": traces or deployment files against the model. */
  openCompare(): void;
  focusFind(): void;
  toggleTheme(): void;
  /** Undefined for anyone but the owner: only the owner may share. */
  openShare: (() => void) | undefined;
  showPanel(panel: PalettePanel): void;
  /** Shortcuts read "⌘Z" rather than "Ctrl+Z". */
  mac?: boolean;
}

export type PaletteState = Pick<
  EditorState,
  'mode' | 'canUndo' | 'canRedo' | 'selection' | 'findings' | 'content' | 'view'
>;
export type PaletteCommands = Pick<
  Commands,
  | 'undo'
  | 'redo'
  | 'remove'
  | 'copy'
  | 'paste'
  | 'copiedCount'
  | 'autoLayout'
  | 'tidy'
  | 'pin'
  | 'addSaga'
  | 'applyFinding'
  | 'openView'
  | 'whatIfFails'
  | 'showLatencyBudget'
>;

const KIND_WORDS: Record<NodeKind | 'context', string> = {
  context: 'bounded context',
  service: 'service',
  datastore: 'datastore',
  topic: 'topic',
  gateway: 'gateway',
  client: 'client',
  external: 'external system',
};

/**
 * Every command that makes sense in the editor now, in the order the palette shows them before
 * anything is typed. One that cannot run now carries the reason (`disabled`), so that the person
 * learns why rather than wondering where it went.
 */
export function commandList(state: PaletteState, commands: PaletteCommands, ui: PaletteUi): PaletteCommand[] {
  const readOnly = whyReadOnly(state);
  const key = (combo: string) => (ui.mac ? combo.replace('Ctrl+Shift+', '⇧⌘').replace('Ctrl+', '⌘') : combo);
  const selectedNodes = new Set(state.content.nodes.map((node) => node.id));
  const nodesSelected = state.selection.filter((id) => selectedNodes.has(id)).length;

  const list: PaletteCommand[] = [
    {
      id: 'undo',
      title: 'Undo',
      shortcut: key('Ctrl+Z'),
      disabled: readOnly ?? (state.canUndo ? undefined : 'Nothing to undo.'),
      run: () => commands.undo(),
    },
    {
      id: 'redo',
      title: 'Redo',
      shortcut: key('Ctrl+Shift+Z'),
      disabled: readOnly ?? (state.canRedo ? undefined : 'Nothing to redo.'),
      run: () => commands.redo(),
    },
    {
      id: 'delete',
      title: 'Delete',
      shortcut: 'Delete',
      keywords: 'remove selection',
      disabled: readOnly ?? (state.selection.length === 0 ? 'Select something to delete first.' : undefined),
      run: () => commands.remove(state.selection),
    },
    {
      id: 'copy',
      title: 'Copy',
      shortcut: key('Ctrl+C'),
      keywords: 'duplicate clipboard',
      // Copying changes nothing, so it works where editing does not (as its key does).
      disabled: nodesSelected === 0 ? 'Select the nodes to copy first.' : undefined,
      run: () => commands.copy(),
    },
    {
      id: 'paste',
      title: 'Paste',
      shortcut: key('Ctrl+V'),
      keywords: 'duplicate clipboard',
      disabled: readOnly ?? (commands.copiedCount() === 0 ? 'Copy some nodes first.' : undefined),
      run: () => commands.paste(),
    },
    {
      id: 'auto-layout',
      title: 'Auto-layout',
      keywords: 'arrange automatic layout tidy',
      disabled: readOnly,
      run: () => commands.autoLayout(),
    },
    {
      id: 'tidy',
      title: 'Tidy',
      keywords: 'neaten clean up the selected context or nodes',
      disabled:
        readOnly ?? (state.selection.length === 0 ? 'Select a context or some nodes first.' : undefined),
      run: () => commands.tidy(state.selection),
    },
    {
      id: 'pin',
      title: 'Pin or unpin',
      keywords: 'keep fixed in place stay',
      disabled:
        readOnly ?? (state.selection.length === 0 ? 'Select the nodes or contexts to pin first.' : undefined),
      run: () => commands.pin(state.selection),
    },
    { id: 'fit-view', title: 'Fit view', keywords: 'zoom whole model', run: () => ui.fitView() },
    {
      id: 'export',
      title: 'Export…',
      keywords: 'download openapi asyncapi kubernetes compose diagram picture',
      run: () => ui.openExport(),
    },
    {
      id: 'what-if-fails',
      title: 'What if this fails?',
      keywords: 'blast radius impact failure outage down',
      disabled: failable(state),
      run: () => commands.whatIfFails(state.selection[0] as string),
    },
    {
      id: 'latency-budget',
      title: 'Latency budget',
      keywords: 'timeouts retries worst case inversion amplification',
      run: () => commands.showLatencyBudget(),
    },
    {
      id: 'compare-running',
      title: 'Compare with what runs…',
      keywords: 'drift traces observed compose kubernetes reality deployed',
      run: () => ui.openCompare(),
    },
    ...(['context', ...NODE_KINDS] as const).map(
      (kind): PaletteCommand => ({
        id: `add-${kind}`,
        title: `Add ${kind}`,
        keywords: `new ${KIND_WORDS[kind]} element`,
        disabled: readOnly,
        run: () => ui.addInView(kind),
      }),
    ),
    {
      id: 'add-saga',
      title: 'Add saga',
      keywords: 'new saga steps',
      disabled: readOnly,
      run: () => commands.addSaga(),
    },
    { id: 'find', title: 'Find…', keywords: 'search element by name', run: () => ui.focusFind() },
    { id: 'theme', title: 'Toggle dark theme', keywords: 'light dark colours', run: () => ui.toggleTheme() },
    {
      id: 'share',
      title: 'Share…',
      keywords: 'link invite collaborate',
      disabled: ui.openShare === undefined ? 'Only the owner can share this model.' : undefined,
      run: () => ui.openShare?.(),
    },
    {
      id: 'show-design',
      title: 'Show Design tab',
      keywords: 'inspector panel',
      run: () => ui.showPanel('design'),
    },
    {
      id: 'show-problems',
      title: 'Show Problems',
      keywords: 'findings lint panel',
      run: () => ui.showPanel('problems'),
    },
    {
      id: 'show-comments',
      title: 'Show Comments tab',
      keywords: 'threads panel',
      run: () => ui.showPanel('comments'),
    },
    {
      id: 'show-history',
      title: 'Show History tab',
      keywords: 'revisions review panel',
      run: () => ui.showPanel('history'),
    },
  ];
  // Views: opening one changes nothing, so it works wherever the model can be seen.
  const views = [
    ...(state.content.contexts ?? []).map((context) => ({ id: context.id, name: context.name })),
    ...(state.content.views ?? []).map((view) => ({ id: view.id, name: view.name })),
  ];
  for (const view of views)
    list.push({
      id: `view-${view.id}`,
      title: `Open view: ${view.name}`,
      keywords: 'view context diagram',
      run: () => void commands.openView(view.id),
    });
  if (state.view !== undefined)
    list.push({
      id: 'view-whole',
      title: 'Show the whole model',
      keywords: 'view all',
      run: () => void commands.openView(undefined),
    });
  state.findings.forEach((finding, index) => {
    if (finding.fix === undefined) return;
    list.push({
      id: `fix-${index}`,
      title: `Fix: ${finding.fix.title}`,
      keywords: `${finding.rule} ${finding.message}`,
      disabled: readOnly,
      run: () => commands.applyFinding(finding),
    });
  });
  return list;
}

/** How well `command` matches a lower-case query: lower is better, undefined is no match. */
function matchRank(command: PaletteCommand, query: string): number | undefined {
  const title = command.title.toLowerCase();
  const at = title.indexOf(query);
  if (at === 0) return 0;
  // The start of a later word ("layout" in "Auto-layout", "service" in "Add service").
  let word = at;
  while (word > 0 && /[a-z0-9]/.test(title[word - 1] ?? '')) word = title.indexOf(query, word + 1);
  if (word > 0) return 1;
  if (at > 0) return 2;
  if (command.keywords?.toLowerCase().includes(query)) return 3;
  return undefined;
}

/**
 * The commands whose title (or keywords) contain `query`, ignoring case: titles that begin with it
 * first, then those with a word that begins with it, then any other match; ties keep the list's order.
 */
export function filterCommands(list: readonly PaletteCommand[], query: string): PaletteCommand[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [...list];
  return list
    .map((command, order) => ({ command, order, rank: matchRank(command, wanted) }))
    .filter((entry): entry is typeof entry & { rank: number } => entry.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((entry) => entry.command);
}

/** Why "What if this fails?" cannot run: it needs one service, datastore, topic or external selected. */
function failable(state: PaletteState): string | undefined {
  const id = state.selection.length === 1 ? state.selection[0] : undefined;
  const node = id === undefined ? undefined : state.content.nodes.find((n) => n.id === id);
  return node !== undefined && FAILABLE_KINDS.has(node.kind)
    ? undefined
    : 'Select one service, datastore, topic or external first.';
}
