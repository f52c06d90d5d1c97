import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { useZoomedOut } from './zoom.js';

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
  if (useZoomedOut())
    return <BaseEdge id={props.id} path={path} style={{ ...style, strokeWidth: props.selected ? 3 : 1.6 }} />;
  return (
    <>
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
