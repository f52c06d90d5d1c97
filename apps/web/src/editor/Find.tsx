import { openedView, viewScene } from '@meshplan/layout';
import { useReactFlow } from '@xyflow/react';
import { useId, useMemo, useState } from 'react';
import { useEditorStore, useIdleContent } from '../store/editor.js';
import { type Findable, suggestionsFor } from './find.js';

/**
 * Find an element by name: suggestions as one types (arrow keys, Enter or a click choose), and the
 * chosen one selected and centred at the zoom the person already had.
 */
export function FindBox() {
  const { setCenter, getZoom } = useReactFlow();
  // Names only: a drag (positions) does not recompute the suggestions.
  const model = useIdleContent();
  const store = useEditorStore();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const suggestions = useMemo(() => suggestionsFor(model, query), [model, query]);
  const shown = open && suggestions.length > 0;

  const go = (found: Findable | undefined) => {
    if (found === undefined) {
      if (query.trim() !== '') store.getState().say(`Nothing is called "${query}".`);
      return;
    }
    // Where it is drawn now (after any drag): in a view, at the view's place, if the view shows it;
    // asked of the model, as React Flow holds only what is near the part shown.
    const { model: current, view, mode } = store.getState();
    // A revision on show is drawn whole, at its own positions (as the canvas draws it).
    const scene = view === undefined || mode.kind === 'revision' ? undefined : openedView(current, view);
    const drawn =
      mode.kind === 'revision'
        ? mode.view.model
        : scene === undefined
          ? current
          : viewScene(current, scene).model;
    const placed = suggestionsFor(drawn, found.name, Number.POSITIVE_INFINITY).find((s) => s.id === found.id);
    if (placed === undefined && scene !== undefined) {
      // In a view, what it leaves out has no place on the canvas: say so rather than pan to nowhere.
      store.getState().say(`${found.name} is not in this view: open the whole model to find it.`);
      return;
    }
    const centre = (placed ?? found).centre;
    store.getState().select([found.id]);
    setQuery(found.name);
    setOpen(false);
    void setCenter(centre.x, centre.y, { zoom: getZoom(), duration: 300 });
  };

  return (
    <form
      className="find"
      onSubmit={(e) => {
        e.preventDefault();
        go(suggestions[active] ?? suggestions[0]);
      }}
    >
      <input
        role="combobox"
        aria-label="Find an element by name"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown ? `${listId}-${active}` : undefined}
        placeholder="Find…"
        data-testid="find"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            if (suggestions.length === 0) return;
            setOpen(true);
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((active + step + suggestions.length) % suggestions.length);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {shown ? (
        <div className="find-suggestions" role="listbox" id={listId} aria-label="Matching elements">
          {suggestions.map((suggestion, i) => (
            <div
              key={suggestion.id}
              id={`${listId}-${i}`}
              role="option"
              // Reached by the arrow keys in the input (aria-activedescendant), not by Tab.
              tabIndex={-1}
              aria-selected={i === active}
              data-testid="find-suggestion"
              // Chosen before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                go(suggestion);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span>{suggestion.name}</span> <span className="muted">{suggestion.kind}</span>
            </div>
          ))}
        </div>
      ) : null}
    </form>
  );
}
