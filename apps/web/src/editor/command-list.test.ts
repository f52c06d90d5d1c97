import type { Model, NodeKind } from '@meshplan/model';
import { lint } from '@meshplan/rules';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Commands, createCommands } from '../store/commands.js';
import { createEditorStore, type EditorState, type EditorStore } from '../store/editor.js';
import {
  commandList,
  filterCommands,
  type PaletteCommand,
  type PalettePanel,
  type PaletteUi,
} from './command-list.js';

const blank: Model = { format: 'meshplan/v1', name: 'Test', nodes: [], edges: [], contexts: [] };

// A fresh store per test: no module state carries from one to the next.
let store: EditorStore;
let commands: Commands;
/** What the UI callbacks were asked to do, in order. */
let calls: string[];
const state = () => store.getState();

beforeEach(() => {
  store = createEditorStore({ modelId: 'm', model: structuredClone(blank), solo: true });
  commands = createCommands(store);
  calls = [];
});
afterEach(() => store.dispose());

function ui(extra: Partial<PaletteUi> = {}): PaletteUi {
  return {
    addInView: (kind: NodeKind | 'context') => {
      calls.push(`add ${kind}`);
      if (kind !== 'context') commands.addNode(kind, { x: 0, y: 0 });
    },
    fitView: () => calls.push('fit'),
    openExport: () => calls.push('export'),
    openCompare: () => calls.push('compare'),
    focusFind: () => calls.push('find'),
    toggleTheme: () => calls.push('theme'),
    openShare: () => calls.push('share'),
    showPanel: (panel: PalettePanel) => calls.push(`show ${panel}`),
    ...extra,
  };
}

const list = (over: Partial<EditorState> = {}, extra: Partial<PaletteUi> = {}) =>
  commandList({ ...state(), ...over }, commands, ui(extra));
const byId = (commands: PaletteCommand[], id: string) => {
  const found = commands.find((command) => command.id === id);
  if (found === undefined) throw new Error(`no command ${id}`);
  return found;
};
const titles = (commands: PaletteCommand[]) => commands.map((command) => command.title);

/** What may change the model: disabled, with the same reason, wherever nothing may. */
const EDITING = [
  'undo',
  'redo',
  'delete',
  'paste',
  'auto-layout',
  'tidy',
  'pin',
  'add-context',
  'add-service',
  'add-datastore',
  'add-topic',
  'add-gateway',
  'add-client',
  'add-external',
  'add-saga',
];
/** What changes nothing: available in every mode. */
const ALWAYS = [
  'fit-view',
  'export',
  'latency-budget',
  'find',
  'theme',
  'show-design',
  'show-problems',
  'show-comments',
  'show-history',
];

describe('what the palette lists', () => {
  it('lists every command with its shortcut, the ones that need something first disabled with why', () => {
    const all = list();
    expect(titles(all)).toEqual([
      'Undo',
      'Redo',
      'Delete',
      'Copy',
      'Paste',
      'Auto-layout',
      'Tidy',
      'Pin or unpin',
      'Fit view',
      'Export…',
      'What if this fails?',
      'Latency budget',
      'Compare with what runs…',
      'Add context',
      'Add service',
      'Add datastore',
      'Add topic',
      'Add gateway',
      'Add client',
      'Add external',
      'Add saga',
      'Find…',
      'Toggle dark theme',
      'Share…',
      'Show Design tab',
      'Show Problems',
      'Show Comments tab',
      'Show History tab',
    ]);
    expect(Object.fromEntries(all.filter((c) => c.shortcut).map((c) => [c.id, c.shortcut]))).toEqual({
      undo: 'Ctrl+Z',
      redo: 'Ctrl+Shift+Z',
      delete: 'Delete',
      copy: 'Ctrl+C',
      paste: 'Ctrl+V',
    });
    expect(byId(all, 'undo').disabled).toBe('Nothing to undo.');
    expect(byId(all, 'redo').disabled).toBe('Nothing to redo.');
    expect(byId(all, 'delete').disabled).toBe('Select something to delete first.');
    expect(byId(all, 'copy').disabled).toBe('Select the nodes to copy first.');
    expect(byId(all, 'paste').disabled).toBe('Copy some nodes first.');
    expect(byId(all, 'tidy').disabled).toBe('Select a context or some nodes first.');
    expect(byId(all, 'what-if-fails').disabled).toBe(
      'Select one service, datastore, topic or external first.',
    );
    for (const id of ['auto-layout', 'add-service', 'add-saga', 'share', ...ALWAYS])
      expect(byId(all, id).disabled, id).toBeUndefined();
  });

  it('shows macOS shortcuts with ⌘', () => {
    const all = list({}, { mac: true });
    expect(byId(all, 'undo').shortcut).toBe('⌘Z');
    expect(byId(all, 'redo').shortcut).toBe('⇧⌘Z');
    expect(byId(all, 'paste').shortcut).toBe('⌘V');
  });

  it('enables undo, delete, copy and paste once there is something for them, and they act', () => {
    byId(list(), 'add-service').run();
    expect(calls).toEqual(['add service']);
    const [service] = state().model.nodes;
    expect(state().selection).toEqual([service?.id]);
    let all = list();
    expect(byId(all, 'undo').disabled).toBeUndefined();
    expect(byId(all, 'delete').disabled).toBeUndefined();
    expect(byId(all, 'copy').disabled).toBeUndefined();
    byId(all, 'copy').run();
    byId(list(), 'paste').run();
    expect(state().model.nodes.map((n) => n.name)).toEqual(['New service', 'New service (copy)']);
    byId(list(), 'delete').run();
    expect(state().model.nodes.map((n) => n.name)).toEqual(['New service']);
    byId(list(), 'undo').run();
    expect(state().model.nodes).toHaveLength(2);
    all = list();
    expect(byId(all, 'redo').disabled).toBeUndefined();
    byId(all, 'redo').run();
    expect(state().model.nodes).toHaveLength(1);
  });

  it('asks "What if this fails?" of one selected service, and shows its reach read-only', () => {
    commands.addNode('client', { x: 0, y: 0 });
    expect(byId(list(), 'what-if-fails').disabled).toBe(
      'Select one service, datastore, topic or external first.',
    );
    byId(list(), 'add-service').run();
    const service = state().selection[0] as string;
    byId(list(), 'what-if-fails').run();
    const mode = state().mode;
    expect(mode.kind).toBe('revision');
    if (mode.kind !== 'revision') return;
    expect(mode.view.title).toBe('What if "New service" fails?');
    expect(mode.view.marks?.get(service)).toBe('failed');
    state().backToModel();
    byId(list(), 'latency-budget').run();
    expect(state().mode.kind === 'revision' && state().mode).toMatchObject({
      view: { title: 'Latency budget' },
    });
  });

  it('offers "Fix: <title>" for each finding with a fix, and runs it as one undoable step', () => {
    commands.addNode('service', { x: 0, y: 0 });
    state().findingsArrived(lint(state().model));
    const fixes = list().filter((command) => command.id.startsWith('fix-'));
    expect(titles(fixes)).toContain('Fix: Put "New service" into a new context "New service"');
    expect(fixes).toHaveLength(state().findings.filter((f) => f.fix !== undefined).length);
    const ungrouped = fixes.find((c) => c.title.startsWith('Fix: Put')) as PaletteCommand;
    ungrouped.run();
    expect(state().model.nodes[0]?.context).toBeDefined();
    state().undo();
    expect(state().model.nodes[0]?.context).toBeUndefined();
  });

  it('shows Share disabled, with why, to anyone but the owner', () => {
    expect(byId(list({}, { openShare: undefined }), 'share').disabled).toBe(
      'Only the owner can share this model.',
    );
    byId(list(), 'share').run();
    expect(calls).toEqual(['share']);
  });
});

describe('where nothing may change', () => {
  it('in a view link, lists the editing commands disabled with the link’s reason; the rest stay', () => {
    commands.addNode('service', { x: 0, y: 0 });
    state().findingsArrived(lint(state().model));
    const all = list({ mode: { kind: 'link', role: 'view' } }, { openShare: undefined });
    const fix = all.find((command) => command.id.startsWith('fix-'));
    for (const command of [...EDITING.map((id) => byId(all, id)), fix])
      expect(command?.disabled, command?.id).toBe('This link can view the model, not change it.');
    for (const id of ALWAYS) expect(byId(all, id).disabled, id).toBeUndefined();
    // Copying changes nothing: it works as Ctrl+C does.
    expect(byId(all, 'copy').disabled).toBeUndefined();
  });

  it('with an earlier revision on show, says to go back to the current model', () => {
    commands.addNode('service', { x: 0, y: 0 });
    state().showRevision({ title: 'Revision 1', model: structuredClone(blank), revision: 1 });
    const all = list();
    for (const id of EDITING)
      expect(byId(all, id).disabled, id).toBe('Back to the current model to change it.');
    for (const id of ALWAYS) expect(byId(all, id).disabled, id).toBeUndefined();
  });
});

describe('filtering', () => {
  it('matches a substring in any case, titles that begin with it first, then words that do', () => {
    const all = list();
    expect(titles(filterCommands(all, 'AUTO'))).toEqual(['Auto-layout']);
    expect(titles(filterCommands(all, 'layout'))).toEqual(['Auto-layout']);
    expect(titles(filterCommands(all, 'add s'))).toEqual(['Add service', 'Add saga']);
    // "Share…" and "Show…" begin with s; then titles with a word that does; then the rest.
    expect(titles(filterCommands(all, 's')).slice(0, 9)).toEqual([
      'Share…',
      'Show Design tab',
      'Show Problems',
      'Show Comments tab',
      'Show History tab',
      'Add service',
      'Add saga',
      'Paste',
      'What if this fails?',
    ]);
    expect(titles(filterCommands(all, 'theme'))).toEqual(['Toggle dark theme']);
  });

  it('finds by other words after the titles, and nothing for what nothing says', () => {
    const all = list();
    expect(titles(filterCommands(all, 'arrange'))).toEqual(['Auto-layout']);
    expect(titles(filterCommands(all, 'expo'))[0]).toBe('Export…');
    expect(filterCommands(all, 'zzz')).toEqual([]);
    expect(filterCommands(all, '  ')).toEqual(all);
  });
});
