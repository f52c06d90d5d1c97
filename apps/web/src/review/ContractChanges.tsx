import type { ContractChange } from '@meshplan/diff';
import { nodeNames } from '@meshplan/model';
import { useMemo } from 'react';
import { useEditor, useEditorStore } from '../store/editor.js';

/** At most this many contract changes are listed; `meshplan diff` lists them all. */
const CONTRACT_LINES = 40;

/**
 * A comparison's contract changes (diff.md), breaking first and in red, each with the element
 * that owns the contract, its consumers and whoever they take along: every name selects that
 * element on the canvas.
 */
export function ContractChanges({ changes }: { changes: readonly ContractChange[] }) {
  const store = useEditorStore();
  const model = useEditor((s) => (s.mode.kind === 'revision' ? s.mode.view.model : s.content));
  const names = useMemo(() => nodeNames(model), [model]);
  const element = (id: string) => (
    <button
      key={id}
      type="button"
      className="link-button"
      data-testid="contract-element"
      data-element={id}
      onClick={() => store.getState().select([id])}
    >
      {names.get(id) ?? id}
    </button>
  );
  const list = (ids: readonly string[]) =>
    ids.flatMap((id, i) => (i === 0 ? [element(id)] : [<span key={`,${id}`}>, </span>, element(id)]));
  return (
    <ul className="contract-changes" data-testid="contract-changes">
      {changes.slice(0, CONTRACT_LINES).map((change) => {
        const others = change.impacted.slice(change.consumers.length);
        return (
          <li
            key={`${change.kind}\u0000${change.element}\u0000${change.contract}\u0000${change.location}`}
            className={`contract-${change.severity}`}
            data-testid="contract-change"
            data-severity={change.severity}
          >
            <span className="contract-kind">
              {change.severity === 'breaking' ? 'Breaking' : 'Not breaking'}
            </span>{' '}
            {element(change.element)} <code>{change.contract}</code>: {change.message}
            {change.consumers.length > 0 ? <div>Breaks {list(change.consumers)}</div> : null}
            {others.length > 0 ? <div>and through them {list(others)}</div> : null}
          </li>
        );
      })}
      {changes.length > CONTRACT_LINES ? (
        <li>and {changes.length - CONTRACT_LINES} more (meshplan diff lists them all)</li>
      ) : null}
    </ul>
  );
}
