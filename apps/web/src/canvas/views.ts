import { type Box, nodeBox, type ViewScene } from '@meshplan/layout';
import { type Edge as FlowEdge, type Node as FlowNode, Position } from '@xyflow/react';
import { type ElementData, type Marks, toFlowEdges, toFlowNodes } from './mapping.js';

/** Handles on the left and right of a box, preset so that React Flow need not measure it. */
const boxHandles = (width: number, height: number): FlowNode['handles'] => [
  { type: 'target', position: Position.Left, x: 0, y: height / 2, width: 10, height: 10 },
  { type: 'source', position: Position.Right, x: width, y: height / 2, width: 10, height: 10 },
];

/**
 * A view as React Flow nodes and edges: the frames and nodes as the model's canvas draws them
 * (frames not resizable: they follow their members), a collapsed context and a stub each as a
 * small box of its own (`viewbox`), and edges between what is drawn (several between the same two
 * boxes as one, with their count).
 */
export function viewFlow(
  scene: ViewScene,
  selection: ReadonlySet<string>,
  marks: Marks,
): { nodes: FlowNode<ElementData>[]; edges: FlowEdge[] } {
  const nodes = toFlowNodes(scene.model, selection, marks).map((flow): FlowNode<ElementData> => {
    if (flow.type !== 'context') return flow;
    if (!scene.collapsed.has(flow.id)) return { ...flow, data: { ...flow.data, inView: true } };
    return {
      ...flow,
      type: 'viewbox',
      zIndex: 0,
      ariaLabel: `${flow.data.label}: context, its members not in this view`,
      handles: boxHandles(flow.width ?? 180, flow.height ?? 64),
      data: { ...flow.data, detail: 'context', inView: true },
    };
  });
  for (const stub of scene.stubs) {
    nodes.push({
      id: stub.id,
      type: 'viewbox',
      position: { x: stub.box.x, y: stub.box.y },
      width: stub.box.width,
      height: stub.box.height,
      handles: boxHandles(stub.box.width, stub.box.height),
      draggable: false,
      selectable: false,
      className: 'view-stub',
      ariaLabel: `${stub.node.name}: ${stub.node.kind}, not in this view`,
      data: {
        label: stub.node.name,
        kind: stub.node.kind,
        detail: 'not in this view',
        stub: true,
      },
    });
  }
  const names = new Map<string, string>();
  for (const node of scene.model.nodes) names.set(node.id, node.name);
  for (const context of scene.model.contexts ?? []) names.set(context.id, context.name);
  for (const stub of scene.stubs) names.set(stub.id, stub.node.name);
  // Where each end is drawn, from the scene itself: a view's boxes are not all sized by a name.
  const boxes = new Map<string, Box>();
  for (const node of scene.model.nodes)
    if (node.position) boxes.set(node.id, { ...node.position, ...nodeBox(node.name) });
  for (const context of scene.model.contexts ?? [])
    if (context.position && context.size) boxes.set(context.id, { ...context.position, ...context.size });
  for (const stub of scene.stubs) boxes.set(stub.id, stub.box);
  const drawn = scene.edges.map((edge) =>
    edge.from === edge.edge.from && edge.to === edge.edge.to
      ? edge.edge
      : { ...edge.edge, from: edge.from, to: edge.to },
  );
  const byId = new Map(scene.edges.map((edge) => [edge.edge.id, edge]));
  const edges = toFlowEdges(drawn, selection, marks).map((flow) => {
    const shown = byId.get(flow.id);
    const count = shown?.count ?? 1;
    const data = flow.data as { label: string };
    // What each end is drawn as, for the edge's spoken sentence (a box of a context, a stub).
    const ends: [string, string] = [
      names.get(flow.source) ?? flow.source,
      names.get(flow.target) ?? flow.target,
    ];
    const from = boxes.get(flow.source);
    const to = boxes.get(flow.target);
    return {
      ...flow,
      data: {
        ...flow.data,
        ends,
        ...(from && to ? { boxes: [from, to] } : {}),
        ...(count === 1 ? {} : { label: `${data.label} ×${count}` }),
      },
    };
  });
  return { nodes, edges };
}
