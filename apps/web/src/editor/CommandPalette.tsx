import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ErrorBoundary } from '../app/ErrorBoundary.js';
import { Modal } from '../app/Modal.js';
import { useCommands } from '../store/commands.js';
import { useEditor, useEditorStore } from '../store/editor.js';
import {
  commandList,
  filterCommands,
  type PaletteCommand,
  type PalettePanel,
  type PaletteUi,
} from './command-list.js';
import { useAddInView } from './useAddInView.js';

const MAC =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

interface Props {
  open: boolean;
  onClose: () => void;
  /** Shows a tab of the side panel (the editor owns which one is open). */
  showTab: (tab: Exclude<PalettePanel, 'problems'>) => void;
  openExport: () => void;
  openCompare: () => void;
  /** Undefined for anyone but the owner. */
  openShare: (() => void) | undefined;
}

/**
 * The command palette (Ctrl+K, Cmd+K on macOS, or the toolbar's "Commands"): every command of the
 * editor, searchable, each with its shortcut; one that cannot run now is listed disabled with the
 * reason. A chosen command runs once the palette has closed and given focus back, so that a
 * command which moves focus (Find, a dialog) keeps it.
 */
export function CommandPalette({ open, onClose, showTab, openExport, openCompare, openShare }: Props) {
  const store = useEditorStore();
  const addInView = useAddInView();
  const [chosen, setChosen] = useState<{ command: PaletteCommand } | undefined>();

  // After the commit that unmounted the dialog: its focus has gone back to where it came from.
  useEffect(() => {
    if (open || chosen === undefined) return;
    setChosen(undefined);
    Promise.resolve()
      .then(() => chosen.command.run())
      .catch((error: unknown) =>
        store
          .getState()
          .say(`${chosen.command.title}: ${error instanceof Error ? error.message : String(error)}`),
      );
  }, [open, chosen, store]);

  if (!open) return null;
  const ui: PaletteUi = {
    addInView,
    fitView: () => store.getState().requestFit(),
    openExport,
    openCompare,
    openShare,
    focusFind: () => document.querySelector<HTMLInputElement>('[data-testid="find"]')?.focus(),
    toggleTheme: () => document.documentElement.classList.toggle('dark'),
    showPanel: (panel) => {
      if (panel === 'problems') {
        // The Problems are always in view at the foot of the side panel; unfolded if folded away.
        const toggle = document.querySelector<HTMLButtonElement>('[data-testid="problems-toggle"]');
        if (toggle?.getAttribute('aria-expanded') === 'false') toggle.click();
        toggle?.focus();
        return;
      }
      showTab(panel);
      document.querySelector<HTMLElement>(`[data-testid="tab-${panel}"]`)?.focus();
    },
    mac: MAC,
  };
  return (
    <ErrorBoundary name="command-palette" onClose={onClose}>
      <PaletteDialog
        ui={ui}
        onClose={onClose}
        onRun={(command) => {
          setChosen({ command });
          onClose();
        }}
      />
    </ErrorBoundary>
  );
}

function PaletteDialog({
  ui,
  onClose,
  onRun,
}: {
  ui: PaletteUi;
  onClose: () => void;
  onRun: (command: PaletteCommand) => void;
}) {
  const state = useEditor((s) => s);
  const commands = useCommands();
  const [query, setQuery] = useState('');
  const [activeId, setActiveId] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const shown = useMemo(
    () => filterCommands(commandList(state, commands, ui), query),
    [state, commands, ui, query],
  );
  // The one the person moved to, else the best match that can run.
  const chosenIndex = shown.findIndex((command) => command.id === activeId);
  const active =
    chosenIndex >= 0
      ? chosenIndex
      : Math.max(
          0,
          shown.findIndex((c) => c.disabled === undefined),
        );
  const activeCommand = shown[active];

  // After the Modal's own effect (a parent's effects run after its children's), which focuses the
  // dialog and remembers what had focus before: the search field gets it from there.
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (activeCommand !== undefined)
      document.getElementById(optionId(listId, activeCommand.id))?.scrollIntoView({ block: 'nearest' });
  }, [activeCommand, listId]);

  const run = (command: PaletteCommand | undefined) => {
    // A disabled command runs nothing: its reason is on its line.
    if (command === undefined || command.disabled !== undefined) return;
    onRun(command);
  };

  return (
    <Modal label="Commands" testId="command-palette" className="command-palette" onClose={onClose}>
      <input
        ref={input}
        role="combobox"
        aria-label="Search commands"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeCommand ? optionId(listId, activeCommand.id) : undefined}
        placeholder="Type a command…"
        data-testid="command-search"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActiveId(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            if (shown.length === 0) return;
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActiveId(shown[(active + step + shown.length) % shown.length]?.id);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(activeCommand);
          }
        }}
      />
      <div className="command-list" role="listbox" id={listId} aria-label="Commands">
        {shown.map((command, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard chooses in the search field (aria-activedescendant)
          <div
            key={command.id}
            id={optionId(listId, command.id)}
            role="option"
            tabIndex={-1}
            aria-selected={i === active}
            aria-disabled={command.disabled !== undefined}
            className="command"
            data-testid={`command-${command.id}`}
            // Chosen without taking focus from the search field.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => run(command)}
            onMouseEnter={() => setActiveId(command.id)}
          >
            <span className="command-title">{command.title}</span>
            {command.disabled !== undefined ? (
              <span className="command-why" data-testid="command-why">
                {command.disabled}
              </span>
            ) : null}
            {command.shortcut !== undefined ? <kbd>{command.shortcut}</kbd> : null}
          </div>
        ))}
        {shown.length === 0 ? <p className="muted">No command matches “{query}”.</p> : null}
      </div>
    </Modal>
  );
}

const optionId = (listId: string, id: string) => `${listId}-${id}`;
