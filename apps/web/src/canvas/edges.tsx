import { edgeKindName, type Model } from '@meshplan/model';
import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  getBezierPath,
  type InternalNode,
  useInternalNode,
} from '@xyflow/react';
import { memo } from 'react';
import { type EditorState, useEditor } from '../store/editor.js';
import { type Box, facingEnds, labelPoint, onOutline, type Point, roundedPath } from './geometry.js';
import { useLabelPoint, useRoute } from './routes.js';
import { useOutline, useZoomedOut } from './zoom.js';

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
function Spoken({
  kind,
  from,
  to,
  ends,
}: {
  kind: string;
  from: string;
  to: string;
  ends?: [string, string];
}) {
  const named = [
    useEditor((s) => namesIn(shownNodes(s)).get(from)),
    useEditor((s) => namesIn(shownNodes(s)).get(to)),
  ];
  // In a view an end may be a context's box or a stub: the view names what it stands for.
  const source = ends?.[0] ?? named[0] ?? from;
  const target = ends?.[1] ?? named[1] ?? to;
  return <title>{`${edgeKindName(kind)} from ${source} to ${target}`}</title>;
}

const STYLES: Record<string, { stroke: string; strokeDasharray?: string }> = {
  sync: { stroke: 'var(--edge-sync)' },
  route: { stroke: 'var(--edge-route)' },
  publish: { stroke: 'var(--edge-async)', strokeDasharray: '6 4' },
  subscribe: { stroke: 'var(--edge-async)', strokeDasharray: '6 4' },
  data: { stroke: 'var(--edge-data)', strokeDasharray: '2 3' },
};

/** A node's box on the canvas, in flow coordinates. */
function boxOf(node: InternalNode | undefined): Box | undefined {
  if (node === undefined) return undefined;
  const { x, y } = node.internals.positionAbsolute;
  return {
    x,
    y,
    width: node.width ?? node.measured.width ?? 0,
    height: node.height ?? node.measured.height ?? 0,
  };
}

/**
 * The line of an edge: along its route where one was worked out and still starts and ends on its
 * two boxes (a node being dragged has left its routes behind); else a curve between the sides of
 * the two boxes that face each other.
 */
function useEdgeLine(props: EdgeProps): [path: string, labelX: number, labelY: number] {
  const route = useRoute(props.id);
  const placedLabel = useLabelPoint(props.id);
  const from = boxOf(useInternalNode(props.source));
  const to = boxOf(useInternalNode(props.target));
  if (from === undefined || to === undefined) {
    const [path, labelX, labelY] = getBezierPath(props);
    return [path, labelX, labelY];
  }
  const first = route?.[0];
  const last = route?.at(-1);
  if (route !== undefined && first && last && onOutline(first, from) && onOutline(last, to)) {
    const label = placedLabel ?? labelPoint(route as Point[]);
    return [roundedPath(route), label.x, label.y];
  }
  const { source, target } = facingEnds(from, to);
  const [path, labelX, labelY] = getBezierPath({
    sourceX: source.x,
    sourceY: source.y,
    sourcePosition: source.side,
    targetX: target.x,
    targetY: target.y,
    targetPosition: target.side,
  });
  return [path, labelX, labelY];
}

/** Each edge kind its own line: sync solid with its protocol, publish/subscribe dashed, data dotted. */
export const ModelEdge = memo(function ModelEdge(props: EdgeProps) {
  const data = props.data as { kind: string; label: string; findings: number; ends?: [string, string] };
  const [path, labelX, labelY] = useEdgeLine(props);
  const style = STYLES[data.kind] ?? STYLES.sync;
  const spoken = <Spoken kind={data.kind} from={props.source} to={props.target} ends={data.ends} />;
  const outline = useOutline();
  // Zoomed out, labels are too small to read: the line and its direction only; from farther
  // still, the line alone (level of detail).
  if (useZoomedOut())
    return (
      <>
        {spoken}
        <BaseEdge
          id={props.id}
          path={path}
          markerEnd={outline ? undefined : 'url(#arrow)'}
          style={{ ...style, strokeWidth: props.selected ? 3 : 1.6 }}
        />
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
