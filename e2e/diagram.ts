import type { Page } from '@playwright/test';

/** What a reader of the canvas would fault, measured in the DOM (screen pixels). */
export interface DiagramFaults {
  zoom: number;
  nodes: number;
  edges: number;
  /** Names (or lines of names) that run past their box. */
  cut: string[];
  /** Names drawn under 8 px on screen. */
  small: string[];
  /** Pairs of node boxes that overlap. */
  overlaps: string[];
  /** Nodes whose box is not inside their context's frame. */
  outside: string[];
  /** Edges that pass through a node box that is not one of their ends. */
  crossings: string[];
}

/**
 * Measures the canvas as drawn: every node's name against its box, the on-screen size of names,
 * boxes against each other and against their context's frame, and each edge's line (sampled
 * along its path) against the boxes it does not join. `model` says what belongs to which
 * context and which nodes each edge joins.
 */
export function measureDiagram(page: Page, model: DiagramModel): Promise<DiagramFaults> {
  const contextOf = Object.fromEntries(model.nodes.map((node) => [node.id, node.context]));
  const endsOf = Object.fromEntries(model.edges.map((edge) => [edge.id, [edge.from, edge.to]]));
  return page.evaluate(
    ({ contextOf, endsOf }) => {
      const zoom = Number(
        /scale\(([\d.]+)\)/.exec(
          document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '',
        )?.[1] ?? 1,
      );
      const faults = {
        zoom,
        nodes: 0,
        edges: 0,
        cut: [] as string[],
        small: [] as string[],
        overlaps: [] as string[],
        outside: [] as string[],
        crossings: [] as string[],
      };
      const boxes = new Map<string, DOMRect>();
      for (const wrapper of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
        const id = wrapper.dataset.id ?? '';
        boxes.set(id, wrapper.getBoundingClientRect());
      }
      const nodeIds = [
        ...document.querySelectorAll<HTMLElement>('.react-flow__node:not(.react-flow__node-context)'),
      ].map((wrapper) => wrapper.dataset.id ?? '');
      faults.nodes = nodeIds.length;
      for (const id of nodeIds) {
        const wrapper = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
        const box = boxes.get(id);
        const name = wrapper?.querySelector<HTMLElement>('.element-name');
        if (!wrapper || !box || !name) continue;
        const lines = name.querySelectorAll('.name-line');
        for (const line of lines.length > 0 ? [...lines] : [name]) {
          const range = document.createRange();
          range.selectNodeContents(line);
          const text = range.getBoundingClientRect();
          if (text.left < box.left - 0.5 || text.right > box.right + 0.5 || text.bottom > box.bottom + 0.5)
            faults.cut.push(`${id}: "${line.textContent}"`);
        }
        const px = Number.parseFloat(getComputedStyle(name).fontSize) * zoom;
        if (px < 8) faults.small.push(`${id}: ${px.toFixed(1)} px`);
        const context = contextOf[id];
        const frame = context === undefined ? undefined : boxes.get(context);
        if (
          frame &&
          (box.left < frame.left - 0.5 ||
            box.right > frame.right + 0.5 ||
            box.top < frame.top - 0.5 ||
            box.bottom > frame.bottom + 0.5)
        )
          faults.outside.push(`${id} outside ${context}`);
      }
      for (let i = 0; i < nodeIds.length; i++)
        for (let j = i + 1; j < nodeIds.length; j++) {
          const a = boxes.get(nodeIds[i] as string) as DOMRect;
          const b = boxes.get(nodeIds[j] as string) as DOMRect;
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
            faults.overlaps.push(`${nodeIds[i]} / ${nodeIds[j]}`);
        }
      const edges = document.querySelectorAll<SVGGElement>('.react-flow__edge');
      faults.edges = edges.length;
      for (const edge of edges) {
        const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path');
        const matrix = path?.getScreenCTM();
        if (!path || !matrix) continue;
        const length = path.getTotalLength();
        // An edge the model does not name (a view's edge to a stub or a collapsed context) ends
        // where its line starts and stops: at the boxes those points lie on.
        const touching = (at: number) => {
          const p = path.getPointAtLength(at).matrixTransform(matrix);
          return nodeIds.filter((id) => {
            const b = boxes.get(id) as DOMRect;
            return p.x >= b.left - 4 && p.x <= b.right + 4 && p.y >= b.top - 4 && p.y <= b.bottom + 4;
          });
        };
        const ends = new Set(endsOf[edge.dataset.id ?? ''] ?? [...touching(0), ...touching(length)]);
        const hit = new Set<string>();
        for (let k = 1; k < 60; k++) {
          const p = path.getPointAtLength((length * k) / 60).matrixTransform(matrix);
          for (const id of nodeIds) {
            if (ends.has(id) || hit.has(id)) continue;
            const b = boxes.get(id) as DOMRect;
            // A little inside the box: a line along its border does not go through it.
            if (p.x > b.left + 3 && p.x < b.right - 3 && p.y > b.top + 3 && p.y < b.bottom - 3) hit.add(id);
          }
        }
        for (const id of hit) faults.crossings.push(`${edge.dataset.id} through ${id}`);
      }
      return faults;
    },
    { contextOf, endsOf },
  );
}

/** The parts of a model the measures need. */
export interface DiagramModel {
  nodes: { id: string; context?: string }[];
  edges: { id: string; from: string; to: string }[];
}
