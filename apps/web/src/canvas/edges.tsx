import { nodeBox } from '@meshplan/layout';
import { edgeSpoken, type Model, nodeNames } from '@meshplan/model';
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { type EditorState, useEditor } from '../store/editor.js';
import { FindingBadge } from './FindingBadge.js';
import { type Box, facingEnds, labelPoint, onOutline, type Point, roundedPath } from './geometry.js';
import { useLabelDrawn } from './labels.js';
import { boxAtSource, boxAtTarget } from './mapping.js';
import { type Routed, useRoute } from './routes.js';
import { useOutline, useZoomedOut } from './zoom.js';

const namesCache = new WeakMap<Model['nodes'], Map<string, string>>();
const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** Node id → name of the nodes the canvas shows, made once per version of the nodes. */
function namesIn(nodes: Model['nodes']): Map<string, string> {
  let names = namesCache.get(nodes);
  if (names === undefined) {
    names = nodeNames({ nodes });
    namesCache.set(nodes, names);
  }
  return names;
}

/** The nodes of what the canvas shows: a revision on view, else the model (whose names a drag leaves alone). */
const shownNodes = (s: EditorState) => (s.mode.kind === 'revision' ? s.mode.view.model : s.content).nodes;

/**
 * The names of an edge's two ends, from what the canvas shows: one subscription, whose answer (a
 * string) changes only when one of the two names does, so a rename re-renders only the edges of
 * the renamed node. Undefined for an end that is not a node (a view's stub or collapsed context).
 */
function useEndNames(from: string, to: string): [string | undefined, string | undefined] {
  const both = useEditor((s) => {
    const names = namesIn(shownNodes(s));
    return `${names.get(from) ?? '\u0001'}\u0000${names.get(to) ?? '\u0001'}`;
  });
  const [source, target] = both.split('\u0000');
  return [source === '\u0001' ? undefined : source, target === '\u0001' ? undefined : target];
}

/** An edge's sentence for screen readers, by its ends' names (a view names its boxes and stubs). */
function spoken(
  kind: string,
  names: [string | undefined, string | undefined],
  ids: [string, string],
  ends?: [string, string],
) {
  // The model's own sentence for an edge, given the names as its ends.
  const from = ends?.[0] ?? names[0] ?? ids[0];
  const to = ends?.[1] ?? names[1] ?? ids[1];
  return <title>{edgeSpoken({ kind, from, to }, NO_NAMES)}</title>;
}

// Dashes too come through a variable: a mark (a call seen running and not designed) dashes any kind.
const STYLES: Record<string, { stroke: string; strokeDasharray?: string }> = {
  sync: { stroke: 'var(--edge-sync)', strokeDasharray: 'var(--edge-dash, none)' },
  route: { stroke: 'var(--edge-route)', strokeDasharray: 'var(--edge-dash, none)' },
  publish: { stroke: 'var(--edge-async)', strokeDasharray: 'var(--edge-dash, 6 4)' },
  subscribe: { stroke: 'var(--edge-async)', strokeDasharray: 'var(--edge-dash, 6 4)' },
  data: { stroke: 'var(--edge-data)', strokeDasharray: 'var(--edge-dash, 2 3)' },
};

/**
 * The line of an edge: along its route where one was worked out and still starts and ends on its
 * two boxes (a node being dragged has left its routes behind); else a curve between the sides of
 * the two boxes that face each other.
 */
function edgeLine(
  props: EdgeProps,
  names: [string | undefined, string | undefined],
  routed: Routed | undefined,
  boxes: [Box, Box] | undefined,
): [path: string, labelX: number, labelY: number] {
  // The boxes of the two ends: as a view drew them, else from where React Flow put the ends of the
  // edge and their names.
  const from =
    boxes?.[0] ??
    (names[0] === undefined ? undefined : boxAtSource(props.sourceX, props.sourceY, nodeBox(names[0])));
  const to =
    boxes?.[1] ??
    (names[1] === undefined ? undefined : boxAtTarget(props.targetX, props.targetY, nodeBox(names[1])));
  const route = routed?.points;
  if (from === undefined || to === undefined) {
    const [path, labelX, labelY] = getBezierPath(props);
    return [path, labelX, labelY];
  }
  const first = route?.[0];
  const last = route?.at(-1);
  if (route !== undefined && first && last && onOutline(first, from) && onOutline(last, to)) {
    const label = routed?.label ?? labelPoint(route as Point[]);
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
  const data = props.data as {
    kind: string;
    label: string;
    ends?: [string, string];
    boxes?: [Box, Box];
  };
  const modelNames = useEndNames(props.source, props.target);
  // In a view an end may be a stub or a collapsed context: the view names what each end is drawn as.
  const names: [string | undefined, string | undefined] = data.ends ?? modelNames;
  const [path, labelX, labelY] = edgeLine(props, names, useRoute(props.id), data.boxes);
  const style = STYLES[data.kind] ?? STYLES.sync;
  const said = spoken(data.kind, names, [props.source, props.target], data.ends);
  const outline = useOutline();
  // A label far outside the view is left out: painting it costs as much as one in view.
  const labelDrawn = useLabelDrawn(data.label, labelX, labelY);
  // Zoomed out, labels are too small to read: the line and its direction only; from farther
  // still, the line alone (level of detail).
  if (useZoomedOut())
    return (
      <>
        {said}
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
      {said}
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd="url(#arrow)"
        style={{ ...style, strokeWidth: props.selected ? 3 : 1.6 }}
      />
      {labelDrawn ? (
        <EdgeLabelRenderer>
          <div
            className={`edge-label edge-label-${data.kind}`}
            data-edge={props.id}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {data.label}
            <FindingBadge id={props.id} />
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});

export const edgeTypes = { model: ModelEdge };
