import type { Edge } from '@meshplan/model';

/** What an edge's label says on the canvas: a call's protocol, a data edge's access, else its kind. */
export function edgeLabel(edge: Edge): string {
  return edge.kind === 'sync' ? edge.protocol.toUpperCase() : edge.kind === 'data' ? edge.access : edge.kind;
}

/**
 * About how much room a label takes on the canvas (10 px text, padding and border; see
 * `.edge-label`), for placing labels where they cover no node and no other label.
 */
export function edgeLabelSize(edge: Edge, findings = 0): { width: number; height: number } {
  return labelTextSize(edgeLabel(edge), findings);
}

/** The room a label saying `text` takes (see `edgeLabelSize`), with a badge when it has findings. */
export function labelTextSize(text: string, findings = 0): { width: number; height: number } {
  return { width: text.length * 6 + 14 + (findings > 0 ? 20 : 0), height: 16 };
}
