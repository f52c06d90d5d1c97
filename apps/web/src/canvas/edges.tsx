import { edgeKindName, type Model } from '@meshplan/model';
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { type EditorState, useEditor } from '../store/editor.js';
import { useZoomedOut } from './zoom.js';

const namesCache = new WeakMap<Model['nodes'], Map<string, string>>();

/** Node id → name of the nodes the canvas shows, made once per version of the nodes. */
function namesIn(nodes: Model['nodes']): Map<string, string> {
  let names = namesCache.get(nodes);
  if (names === undefined) {
    names = new Map(nodes.map((node) => [node.id, node.name]));
    namesCache.set(nodes, names);
  }
  return names;
}

/** The nodes of what the canvas shows: a revision on view, else the model (whose names a drag leaves alone). */
const shownNodes = (s: EditorState) => (s.mode.kind === 'revision' ? s.mode.view.model : s.content).nodes;

/**
 * An edge's sentence for screen readers, by its ends' names: each edge reads the two names it
 * needs, so a rename re-renders only the edges of the renamed node.
 */
function Spoken({ kind, from, to }: { kind: string; from: string; to: string }) {
  const source = useEditor((s) => namesIn(shownNodes(s)).get(from)) ?? from;
  const target = useEditor((s) => namesIn(shownNodes(s)).get(to)) ?? to;
  return <title>{`${edgeKindName(kind)} from ${source} to ${target}`}</title>;
}

const STYLES: Record<string, { stroke: string; strokeDasharray?: string }> = {
  sync: { stroke: 'var(--edge-sync)' },
  route: { stroke: 'var(--edge-route)' },
  publish: { stroke: 'var(--edge-async)', strokeDasharray: '6 4' },
  subscribe: { stroke: 'var(--edge-async)', strokeDasharray: '6 4' },
  data: { stroke: 'var(--edge-data)', strokeDasharray: '2 3' },
};

/** Each edge kind its own line: sync solid with its protocol, publish/subscribe dashed, data dotted. */
export const ModelEdge = memo(function ModelEdge(props: EdgeProps) {
  const data = props.data as { kind: string; label: string; findings: number };
  const [path, labelX, labelY] = getBezierPath(props);
  const style = STYLES[data.kind] ?? STYLES.sync;
  // Zoomed out, labels and arrowheads are too small to read: draw the line only (level of detail).
  const spoken = <Spoken kind={data.kind} from={props.source} to={props.target} />;
  if (useZoomedOut())
    return (
      <>
        {spoken}
        <BaseEdge id={props.id} path={path} style={{ ...style, strokeWidth: props.selected ? 3 : 1.6 }} />
      </>
    );
  return (
    <>
      {spoken}
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd="url(#arrow)"
        style={{ ...style, strokeWidth: props.selected ? 3 : 1.6 }}
      />
      <EdgeLabelRenderer>
        <div
          className={`edge-label edge-label-${data.kind}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {data.label}
          {data.findings > 0 ? <span className="badge badge-warning">{data.findings}</span> : null}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});

export const edgeTypes = { model: ModelEdge };
