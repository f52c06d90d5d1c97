import { isGeneratedView, openedView } from '@meshplan/layout';
import { useEffect, useState } from 'react';
import { useCommands } from '../store/commands.js';
import { canEdit, useEditor, useEditorStore, useIdleContent } from '../store/editor.js';

/** `#/m/<model>/v/<view>`: the view a URL opens, if it names one. */
export function viewInHash(hash: string): string | undefined {
  return /^#\/m\/[A-Za-z0-9_-]+\/v\/([A-Za-z0-9._-]{1,64})$/.exec(hash)?.[1];
}

/** The URL of the model with `view` on show (or none). */
export function hashFor(modelId: string, view: string | undefined): string {
  return view === undefined ? `#/m/${modelId}` : `#/m/${modelId}/v/${view}`;
}

/** Whether `hash` is an address of this model (with a view or none), not of another page. */
export function isModelAddress(hash: string, modelId: string): boolean {
  const prefix = `#/m/${modelId}`;
  return hash === prefix || hash.startsWith(`${prefix}/`);
}

/**
 * The address bar and the view on show agree: a URL with `/v/<view>` opens that view (on arrival,
 * and when it is typed or pasted), and opening a view puts it in the URL (replacing the entry, so
 * that Back leaves the model rather than walking through views).
 */
export function useViewInUrl(modelId: string) {
  const store = useEditorStore();
  const commands = useCommands();
  const view = useEditor((s) => s.view);
  // Until the first sync the model is its last revision, which may lack a view saved since (a link
  // shared at once): a view it does not know waits for the sync rather than being refused.
  const opening = useEditor((s) => s.mode.kind === 'opening');
  useEffect(() => {
    const fromHash = () => {
      // Another page's address (home, a share link pasted): the editor is about to close.
      if (!isModelAddress(location.hash, modelId)) return;
      const wanted = viewInHash(location.hash);
      if (wanted === store.getState().view) return;
      if (wanted !== undefined && opening && openedView(store.getState().content, wanted) === undefined)
        return;
      commands.openView(wanted);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [store, commands, opening, modelId]);
  useEffect(() => {
    // Not while a view named by the URL may still be on its way (see above).
    if (opening && view === undefined) return;
    // Only this model's own address is rewritten. A browser fires `hashchange` a task after the
    // address changes: the first sync landing in between once put the model's address back over
    // a share link just opened, and the share page never came.
    if (!isModelAddress(location.hash, modelId)) return;
    // The store's, not this render's: the effect above may have just opened the URL's view.
    const wanted = hashFor(modelId, store.getState().view);
    if (location.hash !== wanted) history.replaceState(history.state, '', wanted);
  }, [modelId, view, opening, store]);
}

/**
 * The views of the model beside the canvas: the whole model, one generated view per context, and
 * the saved views (each can be renamed and deleted). "Save selection as view" asks for a name; a
 * generated view on show can be saved as it is.
 */
export function ViewsPanel() {
  const commands = useCommands();
  const model = useIdleContent();
  const shown = useEditor((s) => s.view);
  const editable = useEditor(canEdit);
  const selection = useEditor((s) => s.selection);
  const selected = selection.length;
  // Folded to one button by default: the list opens over the canvas, which it would otherwise cover.
  const [open, setOpen] = useState(false);
  // What the name field is for: a new view of the selection, the generated view on show, or a rename.
  const [naming, setNaming] = useState<
    { for: 'selection' | 'generated'; name: string } | { for: 'rename'; id: string; name: string }
  >();
  const contexts = model.contexts ?? [];
  const saved = model.views ?? [];
  const generatedOnShow = shown !== undefined && isGeneratedView(model, shown);
  const shownName = shown === undefined ? undefined : openedView(model, shown)?.name;
  const submit = () => {
    if (naming === undefined) return;
    if (naming.for === 'selection') commands.saveSelectionAsView(naming.name);
    else if (naming.for === 'generated') commands.saveOpenView(naming.name);
    else if (naming.for === 'rename') {
      const errors = commands.renameView(naming.id, naming.name);
      if (errors.length > 0) return;
    }
    setNaming(undefined);
  };
  const item = (id: string | undefined, name: string, testId: string) => (
    <button
      type="button"
      className="views-item"
      data-testid={testId}
      aria-current={shown === id ? 'true' : undefined}
      onClick={() => commands.openView(id)}
    >
      {name}
    </button>
  );
  return (
    <section className={`views-panel${open ? '' : ' closed'}`} aria-label="Views" data-testid="views-panel">
      <header>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="views-toggle">
          {open ? '▾' : '▸'} Views
          {shownName === undefined ? null : (
            <span className="views-shown" data-testid="views-shown">
              : {shownName}
            </span>
          )}
        </button>
      </header>
      {open ? (
        <div className="views-body">
          <ul>
            <li>{item(undefined, 'Whole model', 'view-whole')}</li>
          </ul>
          {contexts.length > 0 ? <h3>Contexts</h3> : null}
          <ul data-testid="views-generated">
            {contexts.map((context) => (
              <li key={context.id}>{item(context.id, context.name, `view-context-${context.id}`)}</li>
            ))}
          </ul>
          {saved.length > 0 ? <h3>Saved</h3> : null}
          <ul data-testid="views-saved">
            {saved.map((view) => (
              <li key={view.id} className="views-saved-item">
                {item(view.id, view.name, `view-saved-${view.id}`)}
                {editable ? (
                  <span className="views-actions">
                    <button
                      type="button"
                      aria-label={`Rename view ${view.name}`}
                      title="Rename"
                      data-testid={`view-rename-${view.id}`}
                      onClick={() => setNaming({ for: 'rename', id: view.id, name: view.name })}
                    >
                      ✎
                    </button>
                    <button
                      type="button"
                      aria-label={`Delete view ${view.name}`}
                      title="Delete the view (its elements stay in the model)"
                      data-testid={`view-delete-${view.id}`}
                      onClick={() => commands.deleteView(view.id)}
                    >
                      ×
                    </button>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          {editable && naming === undefined ? (
            <div className="views-tools">
              <button
                type="button"
                data-testid="view-save-selection"
                disabled={selected === 0}
                title={selected === 0 ? 'Select contexts and nodes first' : 'A new view of what is selected'}
                onClick={() => setNaming({ for: 'selection', name: `View ${saved.length + 1}` })}
              >
                Save selection as view
              </button>
              {shown !== undefined && !generatedOnShow ? (
                <button
                  type="button"
                  data-testid="view-remove-selection"
                  disabled={selected === 0}
                  title={
                    selected === 0
                      ? 'Select what to take out of this view first'
                      : 'Take the selection out of this view (it stays in the model)'
                  }
                  onClick={() => commands.removeFromView(selection)}
                >
                  Remove selection from view
                </button>
              ) : null}
              {generatedOnShow ? (
                <button
                  type="button"
                  data-testid="view-save-generated"
                  onClick={() => {
                    const context = contexts.find((c) => c.id === shown);
                    setNaming({ for: 'generated', name: `${context?.name ?? 'Context'} view` });
                  }}
                >
                  Save this view
                </button>
              ) : null}
            </div>
          ) : null}
          {naming !== undefined ? (
            <form
              className="views-name"
              onSubmit={(e) => {
                e.preventDefault();
                submit();
              }}
            >
              <label htmlFor="view-name">
                {naming.for === 'rename' ? 'New name of the view' : 'Name of the new view'}
              </label>
              <input
                id="view-name"
                data-testid="view-name"
                value={naming.name}
                maxLength={200}
                // biome-ignore lint/a11y/noAutofocus: opened by the person's own click, to type in
                autoFocus
                onFocus={(e) => e.target.select()}
                onChange={(e) => setNaming({ ...naming, name: e.target.value })}
                onKeyDown={(e) => e.key === 'Escape' && setNaming(undefined)}
              />
              <div>
                <button type="submit" className="primary" data-testid="view-name-save">
                  Save
                </button>
                <button type="button" onClick={() => setNaming(undefined)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
