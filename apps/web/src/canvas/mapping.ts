import { CONTEXT_SIZE, isPinned, NODE_SIZE, nodeBox } from '@meshplan/layout';
import type { Model, NodeKind } from '@meshplan/model';
import { type Edge as FlowEdge, type Node as FlowNode, Position } from '@xyflow/react';
import { edgeLabel } from './edge-label.js';

export { CONTEXT_SIZE, NODE_SIZE };

export interface ElementData extends Record<string, unknown> {
  label: string;
  kind: NodeKind | 'context';
  detail: string;
  /** Pinned: Auto-layout leaves it where it is. */
  pinned?: boolean;
}

/**
 * Marks on elements: `added`, `removed`, `changed`, `broken` (a comparison of revisions: `broken` is
 * a consumer that a contract change breaks) or `peer:<colour>`
 * (someone else in the live session has it selected).
 */
export type Marks = ReadonlyMap<string, string>;
const NO_MARKS: Marks = new Map();
/** React Flow leaves an edge's aria-label out for null (its types admit only strings). */
const NO_ARIA_LABEL = null as unknown as string;

/** React Flow's class name and style for an element's mark. */
function marked(mark: string | undefined, style?: Record<string, string | number>) {
  if (mark === undefined) return style === undefined ? {} : { style };
  if (mark.startsWith('peer:'))
    return { className: 'mark-peer', style: { ...style, '--peer': mark.slice(5) } };
  return { className: `mark-${mark}`, ...(style === undefined ? {} : { style }) };
}

/**
 * Flow elements already made for a model element, reused while the element (by identity), its
 * parent context's position, its selection and its mark are unchanged: a drag then hands React
 * Flow new objects only for what moved, and memoised components skip the rest. Findings are not
 * among them: a badge reads its own element's from the store (`useFindingsOf`).
 */
const made = new WeakMap<object, { key: string; parent: unknown; flow: unknown; inputs: Inputs }>();

/** What a flow element is made from besides its model element (see `inputsFor`). */
interface Inputs {
  selection: ReadonlySet<string>;
  marks: Marks;
}

/** The inputs of the last call: the same again are the same object, so `reuse` can skip the keys. */
let lastInputs: Inputs | undefined;

/**
 * One object for the same selection and marks as the last call's. An edit changes a few elements
 * and neither of these: an element last made or checked against the very same inputs (and the
 * same parent position) is then reused without building its key.
 */
function inputsFor(selection: ReadonlySet<string>, marks: Marks): Inputs {
  const last = lastInputs;
  if (last?.selection !== selection || last.marks !== marks) lastInputs = { selection, marks };
  return lastInputs as Inputs;
}

/** What was made for `element` against these very inputs and this parent, if anything: no key is built. */
function known<T>(element: object, parent: unknown, inputs: Inputs): T | undefined {
  const hit = made.get(element);
  return hit !== undefined && hit.inputs === inputs && hit.parent === parent ? (hit.flow as T) : undefined;
}

/** What was made for `element` if its key and parent are unchanged (noting the inputs), else a new one. */
function reuse<T>(element: object, parent: unknown, inputs: Inputs, key: string, make: () => T): T {
  const hit = made.get(element);
  if (hit !== undefined && hit.key === key && hit.parent === parent) {
    hit.inputs = inputs;
    return hit.flow as T;
  }
  const flow = make();
  made.set(element, { key, parent, flow, inputs });
  return flow;
}

/** What an element's flow element shows besides the element itself: selected, mark. */
function elementKey(id: string, { selection, marks }: Inputs): string {
  return `${selection.has(id)}:${marks.get(id) ?? ''}`;
}

/**
 * The model as React Flow nodes and edges. Contexts are group nodes; a node in a context is its
 * child, so its position is relative to the context's (the model stores absolute positions).
 * Width, height and handles are set up front so that React Flow need not measure each node.
 */
export function toFlow(
  model: Model,
  selection: ReadonlySet<string>,
): { nodes: FlowNode<ElementData>[]; edges: FlowEdge[] } {
  return { nodes: toFlowNodes(model, selection), edges: toFlowEdges(model.edges, selection) };
}

/**
 * The last call's model nodes and contexts, inputs and answer. An edit touches a node or two: with
 * the same contexts and inputs, every node that is the very object at the same place keeps its
 * flow node by one comparison (at 1,000 services, a look-up per node cost a rename about 0.3 ms).
 */
let lastNodes:
  | {
      contexts: Model['contexts'];
      nodes: Model['nodes'];
      inputs: Inputs;
      flow: FlowNode<ElementData>[];
    }
  | undefined;

/** Contexts and nodes, contexts first (React Flow wants parents before their children). */
export function toFlowNodes(
  model: Pick<Model, 'contexts' | 'nodes'>,
  selection: ReadonlySet<string>,
  marks: Marks = NO_MARKS,
): FlowNode<ElementData>[] {
  const inputs = inputsFor(selection, marks);
  const last = lastNodes;
  const sameSetting =
    last !== undefined &&
    last.contexts === model.contexts &&
    last.inputs === inputs &&
    last.nodes.length === model.nodes.length;
  const contextPosition = new Map<string, { x: number; y: number }>();
  const nodes: FlowNode<ElementData>[] = [];
  for (const context of model.contexts ?? []) {
    const position = context.position ?? { x: 0, y: 0 };
    contextPosition.set(context.id, position);
    nodes.push(
      known(context, undefined, inputs) ??
        reuse(context, undefined, inputs, elementKey(context.id, inputs), (): FlowNode<ElementData> => {
          const size = context.size ?? CONTEXT_SIZE;
          return {
            id: context.id,
            type: 'context',
            position,
            width: size.width,
            height: size.height,
            ...marked(marks.get(context.id), { width: size.width, height: size.height }),
            // Preset (none): React Flow then counts the node as measured without mounting it.
            handles: [],
            selected: selection.has(context.id),
            zIndex: -1,
            data: {
              label: context.name,
              kind: 'context',
              pinned: isPinned(context),
              detail: context.team ?? '',
            },
          };
        }),
    );
  }
  const firstNode = nodes.length;
  for (let i = 0; i < model.nodes.length; i++) {
    const node = model.nodes[i] as Model['nodes'][number];
    if (sameSetting && last.nodes[i] === node) {
      nodes.push(last.flow[firstNode + i] as FlowNode<ElementData>);
      continue;
    }
    const parent = node.context === undefined ? undefined : contextPosition.get(node.context);
    nodes.push(
      known(node, parent, inputs) ??
        reuse(node, parent, inputs, elementKey(node.id, inputs), (): FlowNode<ElementData> => {
          const absolute = node.position ?? { x: 0, y: 0 };
          const box = nodeBox(node.name);
          return {
            id: node.id,
            type: node.kind,
            ...marked(marks.get(node.id)),
            position:
              parent === undefined ? absolute : { x: absolute.x - parent.x, y: absolute.y - parent.y },
            ...(parent === undefined ? {} : { parentId: node.context }),
            width: box.width,
            height: box.height,
            handles: handlesOf(box),
            selected: selection.has(node.id),
            data: {
              label: node.name,
              kind: node.kind,
              pinned: isPinned(node),
              detail: detailOf(node),
            },
          };
        }),
    );
  }
  lastNodes = { contexts: model.contexts, nodes: model.nodes, inputs, flow: nodes };
  return nodes;
}

/**
 * The edges alone: they depend neither on positions nor on names (an edge says its ends' names
 * itself, see `ModelEdge`), so a drag or a rename keeps the same array and React Flow does not
 * rebuild its connection lookup (3,000 edges). A connection drawn makes one flow edge: the others,
 * seen before with the same selection and marks, are reused without building their keys.
 */
export function toFlowEdges(
  modelEdges: Model['edges'],
  selection: ReadonlySet<string>,
  marks: Marks = NO_MARKS,
): FlowEdge[] {
  const inputs = inputsFor(selection, marks);
  return modelEdges.map(
    (edge) =>
      known(edge, undefined, inputs) ??
      reuse(
        edge,
        undefined,
        inputs,
        elementKey(edge.id, inputs),
        (): FlowEdge => ({
          id: edge.id,
          ...marked(marks.get(edge.id)),
          // The edge's own <title> names it for screen readers: no aria-label (React Flow's says ids).
          ariaLabel: NO_ARIA_LABEL,
          source: edge.from,
          target: edge.to,
          type: 'model',
          selected: selection.has(edge.id),
          data: { kind: edge.kind, label: edgeLabel(edge) },
        }),
      ),
  );
}

/**
 * `next` if any of its items differs from `previous`'s, else `previous` itself: React Flow then
 * sees the same array and rebuilds nothing (its lookup of 3,000 connections, say).
 */
export function sameIfUnchanged<T>(previous: readonly T[] | undefined, next: T[]): T[] {
  if (previous === undefined || previous.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) if (previous[i] !== next[i]) return next;
  return previous as T[];
}

const handlesCache = new WeakMap<object, FlowNode['handles']>();

/** The size of a handle's box (React Flow places an edge's end on the outer side of it). */
const HANDLE = 10;

/**
 * A node's box from where React Flow puts the start of its edges (the source handle, `handlesOf`):
 * an edge can then face its ends' sides knowing only its own props and the two names.
 */
export function boxAtSource(x: number, y: number, size: { width: number; height: number }) {
  return { x: x - size.width - HANDLE, y: y - size.height / 2 - HANDLE / 2, ...size };
}

/** A node's box from where React Flow puts the end of its edges (the target handle). */
export function boxAtTarget(x: number, y: number, size: { width: number; height: number }) {
  return { x, y: y - size.height / 2 - HANDLE / 2, ...size };
}

/** A node's handles, where its box puts them: in on the left, out on the right, half-way down. */
function handlesOf(box: { width: number; height: number }): FlowNode['handles'] {
  let handles = handlesCache.get(box);
  if (handles === undefined) {
    handles = [
      { type: 'target', position: Position.Left, x: 0, y: box.height / 2, width: HANDLE, height: HANDLE },
      {
        type: 'source',
        position: Position.Right,
        x: box.width,
        y: box.height / 2,
        width: HANDLE,
        height: HANDLE,
      },
    ];
    handlesCache.set(box, handles);
  }
  return handles;
}

function detailOf(node: Model['nodes'][number]): string {
  switch (node.kind) {
    case 'service':
      return node.api
        ? `${node.api.style.toUpperCase()}${node.api.version ? ` ${node.api.version}` : ''}`
        : 'service';
    case 'datastore':
      return node.engine;
    case 'topic':
      return node.broker;
    case 'gateway':
      return node.product ?? 'gateway';
    case 'client':
      return 'client';
    case 'external':
      return 'external system';
  }
}

/** The box around every positioned node and context of a model, in flow coordinates. */
export function modelBounds(
  model: Model,
): { x: number; y: number; width: number; height: number } | undefined {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const add = (x: number, y: number, width: number, height: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + width);
    maxY = Math.max(maxY, y + height);
  };
  for (const context of model.contexts ?? []) {
    const p = context.position ?? { x: 0, y: 0 };
    const size = context.size ?? CONTEXT_SIZE;
    add(p.x, p.y, size.width, size.height);
  }
  for (const node of model.nodes) {
    const box = nodeBox(node.name);
    add(node.position?.x ?? 0, node.position?.y ?? 0, box.width, box.height);
  }
  return minX === Number.POSITIVE_INFINITY
    ? undefined
    : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** The context whose box holds the centre of a node of `box` placed at `position`, if any. */
export function contextAt(
  model: Pick<Model, 'contexts'> | undefined,
  position: { x: number; y: number },
  box: { width: number; height: number } = NODE_SIZE,
): string | undefined {
  const cx = position.x + box.width / 2;
  const cy = position.y + box.height / 2;
  return model?.contexts?.find((context) => {
    const p = context.position ?? { x: 0, y: 0 };
    const size = context.size ?? CONTEXT_SIZE;
    return cx >= p.x && cx <= p.x + size.width && cy >= p.y && cy <= p.y + size.height;
  })?.id;
}
