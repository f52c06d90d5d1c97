import { nodeBox } from '@meshplan/layout';
import type { NodeKind } from '@meshplan/model';
import { Handle, type NodeProps, NodeResizer, Position } from '@xyflow/react';
import { memo, useState } from 'react';
import { useCommands } from '../store/commands.js';
import { useCanvasEditable } from './editable.js';
import { FindingBadge } from './FindingBadge.js';
import type { ElementData } from './mapping.js';
import { useOutline, useZoomedOut } from './zoom.js';

const ICONS: Record<NodeKind, string> = {
  service: 'M4 6h16v12H4z M8 10h8 M8 14h5',
  datastore: 'M5 6c0-2 14-2 14 0v12c0 2-14 2-14 0z M5 6c0 2 14 2 14 0',
  topic: 'M4 8h12l4 4-4 4H4z',
  gateway: 'M12 3l8 4v10l-8 4-8-4V7z M12 8v8',
  client: 'M4 5h16v10H4z M9 19h6 M12 15v4',
  external: 'M12 3a9 9 0 1 0 0.01 0z M3 12h18 M12 3c3 3 3 15 0 18 M12 3c-3 3-3 15 0 18',
};

export function KindIcon({ kind }: { kind: NodeKind }) {
  return (
    <svg className="kind-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path d={ICONS[kind]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}

/** Said on a pinned element: Auto-layout leaves it where it is. */
function Pin({ data }: { data: ElementData }) {
  if (data.pinned !== true) return null;
  return (
    <span className="pin" title="Pinned: Auto-layout leaves it where it is" data-testid="pinned">
      📌
    </span>
  );
}

/** A name as its box draws it: one line, or the lines `nodeBox` broke it into. */
function drawnName(name: string, lines: readonly string[] | undefined) {
  if (lines === undefined || lines.length < 2) return name;
  return lines.map((line, i) => (
    // Lines of one name, in order, never reordered: the index is their identity.
    // biome-ignore lint/suspicious/noArrayIndexKey: see above
    <span key={i} className="name-line">
      {line}
    </span>
  ));
}

/**
 * An element's name on the canvas, renamed in place: a double-click opens it for typing; Enter or
 * leaving keeps the new name, Escape keeps the old one.
 */
function InlineName({
  id,
  name,
  lines,
  className,
}: {
  id: string;
  name: string;
  /** The name as drawn, line by line (a node's `nodeBox` lines); a context's name is one line. */
  lines?: readonly string[];
  className: string;
}) {
  const editable = useCanvasEditable();
  const commands = useCommands();
  const [draft, setDraft] = useState<string | undefined>();
  if (draft === undefined)
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the keyboard way is the inspector's Name field
      <div
        className={className}
        data-testid="canvas-name"
        title={editable ? `${name}\nDouble-click to rename` : name}
        onDoubleClick={editable ? () => setDraft(name) : undefined}
      >
        {drawnName(name, lines)}
      </div>
    );
  const keep = () => {
    if (draft.trim() !== '' && draft.trim() !== name) commands.rename(id, draft);
    setDraft(undefined);
  };
  return (
    <input
      // Typing here is not a canvas gesture: no drag, no pan, no wheel zoom.
      className={`${className} inline-name nodrag nopan nowheel`}
      aria-label={`New name for ${name}`}
      data-testid="canvas-rename"
      value={draft}
      // biome-ignore lint/a11y/noAutofocus: opened by the person's own double-click, to type in
      autoFocus
      onFocus={(e) => e.target.select()}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={keep}
      onKeyDown={(e) => {
        // The node's own keys (arrows move it, Enter selects it) stay out of the field.
        e.stopPropagation();
        if (e.key === 'Enter') keep();
        else if (e.key === 'Escape') setDraft(undefined);
      }}
    />
  );
}

const ElementNode = memo(function ElementNode({ id, data, selected }: NodeProps & { data: ElementData }) {
  const kind = data.kind as NodeKind;
  const far = useZoomedOut();
  const outline = useOutline();
  const { lines, overview } = nodeBox(data.label);
  // The whole name, its kind and technology, for a pointer that rests on the box.
  const title = `${data.label}\n${data.detail === kind ? kind : `${kind} · ${data.detail}`}`;
  if (far) {
    // Level of detail: from afar, the box, its colour and its name are what can be seen.
    return (
      <div
        className={`element element-${kind} far${outline ? ' outline' : ''}${selected ? ' selected' : ''}`}
        data-testid={`node-${data.label}`}
        title={title}
      >
        <Handle type="target" position={Position.Left} />
        {outline ? null : (
          // From afar the name alone, as large as the box holds: readable where details are not.
          <div className="element-name" style={{ fontSize: overview.fontSize }}>
            {drawnName(data.label, overview.lines)}
          </div>
        )}
        <FindingBadge id={id} />
        <Handle type="source" position={Position.Right} />
      </div>
    );
  }
  return (
    <div
      className={`element element-${kind}${selected ? ' selected' : ''}`}
      data-testid={`node-${data.label}`}
      title={title}
    >
      <Handle type="target" position={Position.Left} />
      <KindIcon kind={kind} />
      <div className="element-text">
        <InlineName id={id} name={data.label} lines={lines} className="element-name" />
        <div className="element-detail">{data.detail}</div>
      </div>
      <FindingBadge id={id} />
      <Pin data={data} />
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const ContextNode = memo(function ContextNode({ id, data, selected }: NodeProps & { data: ElementData }) {
  const far = useZoomedOut();
  // No resize handles where a resize would be refused (a view link, an earlier revision).
  const editable = useCanvasEditable();
  const outline = useOutline();
  const commands = useCommands();
  return (
    <div
      className={`context${selected ? ' selected' : ''}${far ? ' far' : ''}`}
      data-testid={`context-${data.label}`}
    >
      <NodeResizer
        // In a view a frame follows its members: nothing to resize there.
        isVisible={selected && editable && data.inView !== true}
        minWidth={200}
        minHeight={120}
        onResizeEnd={(_event, size) => commands.resizeContext(id, size, size)}
      />
      {outline ? null : (
        <div className="context-title">
          <InlineName id={id} name={data.label} className="context-name" />
          {data.detail ? <span className="context-team"> · {data.detail}</span> : null}
          <FindingBadge id={id} />
          <Pin data={data} />
        </div>
      )}
    </div>
  );
});

/**
 * In a view: a context drawn as one box (none of its members listed), or a stub naming a node the
 * view does not list where an edge of the view ends. Edges attach to it as to a node.
 */
const ViewBoxNode = memo(function ViewBoxNode({ data, selected }: NodeProps & { data: ElementData }) {
  const stub = data.stub === true;
  return (
    <div
      className={`view-box ${stub ? 'view-box-stub' : `view-box-context${selected ? ' selected' : ''}`}`}
      data-testid={stub ? `stub-${data.label}` : `collapsed-${data.label}`}
      title={stub ? `${data.label} (${data.kind}, not in this view)` : `${data.label} (context, collapsed)`}
    >
      <Handle type="target" position={Position.Left} />
      <div className="view-box-name">{data.label}</div>
      {stub ? null : <div className="view-box-detail">{data.detail}</div>}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

/** One registry of node types, at module level (React Flow re-renders everything when it changes). */
export const nodeTypes = {
  context: ContextNode,
  service: ElementNode,
  datastore: ElementNode,
  topic: ElementNode,
  gateway: ElementNode,
  client: ElementNode,
  external: ElementNode,
  viewbox: ViewBoxNode,
};
