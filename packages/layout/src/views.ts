import {
  type BoundedContext,
  contextView,
  type Edge,
  type Model,
  type Node,
  type View,
  type ViewEdge,
  viewContents,
} from '@meshplan/model';
import { type Box, bounds, inflate, overlaps } from './geometry.js';
import { nodeBox } from './size.js';

/** A point as the model stores it (a type, so that it fits the model's open position objects). */
type Point = { x: number; y: number };

/** Room around a frame's members, and above them for the frame's title. */
const FRAME_PAD = { side: 32, top: 48, bottom: 32 } as const;
/** Space between what the placement puts side by side. */
const GAP = { x: 96, y: 28 } as const;

/**
 * The view `id` of `model`: a saved one, or the one generated for the context of that id (saved
 * views can never take a context's id: one id space). Undefined when the model has neither.
 */
export function openedView(model: Model, id: string): View | undefined {
  return model.views?.find((view) => view.id === id) ?? contextView(model, id);
}

/** Whether `id` names a view generated for a context and not (yet) stored. */
export function isGeneratedView(model: Model, id: string): boolean {
  return model.views?.some((view) => view.id === id) !== true && contextView(model, id) !== undefined;
}

/** A node the view does not list, where an edge of the view ends. */
export interface SceneStub {
  id: string;
  node: Node;
  box: Box;
}

/** A view laid out: what it shows, where, and as what. */
export interface ViewScene {
  view: View;
  /**
   * The view as a model the canvas can draw: its frames (around their shown members) and collapsed
   * contexts as contexts, its nodes at the view's positions, no edges (they are `edges`).
   */
  model: Model;
  /** Ids of contexts drawn collapsed, as one box. */
  collapsed: ReadonlySet<string>;
  stubs: SceneStub[];
  edges: ViewEdge[];
  /** Where every listed element is shown (stored or placed): what saving the view stores. */
  positions: Record<string, Point>;
  bounds: Box | undefined;
}

const sizeOfNode = (node: Node) => {
  const box = nodeBox(node.name);
  return { width: box.width, height: box.height };
};
const sizeOfCollapsed = (context: BoundedContext) => {
  const box = nodeBox(context.name);
  return { width: box.width, height: box.height };
};
// A stub is a box like any other (the canvas, the router and the pictures agree on its size).
const sizeOfStub = (node: Node) => sizeOfNode(node);

/** A context's frame around its members' boxes, with room for its title. */
function frameOfMembers(members: Box[], context: BoundedContext): Box | undefined {
  const inner = bounds(members);
  if (inner === undefined) return undefined;
  const width = Math.max(inner.width + 2 * FRAME_PAD.side, nodeBox(context.name).width + 2 * FRAME_PAD.side);
  return {
    x: inner.x - FRAME_PAD.side,
    y: inner.y - FRAME_PAD.top,
    width,
    height: inner.height + FRAME_PAD.top + FRAME_PAD.bottom,
  };
}

/**
 * Lays `view` out: listed elements at the view's positions; what has none (a neighbour of a
 * generated view, a stub) placed beside what it connects to (callers to the left, what is called to
 * the right), below the rest when it connects to nothing placed, never over anything drawn. Frames
 * are drawn around their shown members. The canvas draws a view from its scene, and the exported
 * pictures draw each view from the same scene (`sceneModel`), so a view looks the same in both.
 */
export function viewScene(model: Model, view: View): ViewScene {
  const contents = viewContents(model, view);
  const stored = view.positions ?? {};
  const boxes = new Map<string, Box>();
  const sizes = new Map<string, { width: number; height: number }>();
  for (const node of contents.nodes) sizes.set(node.id, sizeOfNode(node));
  for (const context of contents.collapsed) sizes.set(context.id, sizeOfCollapsed(context));
  for (const stub of contents.stubs) sizes.set(stub.id, sizeOfStub(stub.node));
  const own = (id: string): Point | undefined => (Object.hasOwn(stored, id) ? stored[id] : undefined);

  for (const id of [...contents.nodes.map((n) => n.id), ...contents.collapsed.map((c) => c.id)]) {
    const at = own(id);
    const size = sizes.get(id);
    if (at !== undefined && size !== undefined) boxes.set(id, { x: at.x, y: at.y, ...size });
  }
  const membersOf = (context: BoundedContext) =>
    contents.nodes.filter((node) => node.context === context.id).map((node) => node.id);
  const frameOf = (context: BoundedContext) =>
    frameOfMembers(
      membersOf(context).flatMap((id) => boxes.get(id) ?? []),
      context,
    );
  // Where unplaced elements must not go: what is placed, and the frames around it.
  const occupied = (): Box[] => [
    ...boxes.values(),
    ...contents.frames.flatMap((context) => frameOf(context) ?? []),
  ];
  const neighbours = new Map<string, { callers: string[]; callees: string[] }>();
  const link = (id: string) => {
    let entry = neighbours.get(id);
    if (entry === undefined) {
      entry = { callers: [], callees: [] };
      neighbours.set(id, entry);
    }
    return entry;
  };
  for (const edge of contents.edges) {
    link(edge.to).callers.push(edge.from);
    link(edge.from).callees.push(edge.to);
  }
  // The frame each shown member belongs to: members are placed first, so that frames are known
  // before anything else is put beside them.
  const frameOfMember = new Map<string, BoundedContext>();
  for (const context of contents.frames) for (const id of membersOf(context)) frameOfMember.set(id, context);
  const unplaced = [
    ...contents.nodes.filter((n) => frameOfMember.has(n.id)).map((n) => n.id),
    ...contents.nodes.filter((n) => !frameOfMember.has(n.id)).map((n) => n.id),
    ...contents.collapsed.map((c) => c.id),
    ...contents.stubs.map((s) => s.id),
  ].filter((id) => !boxes.has(id));
  for (const id of unplaced) {
    const size = sizes.get(id) ?? { width: 180, height: 64 };
    const own = frameOfMember.get(id);
    const ownMembers = own === undefined ? [] : membersOf(own).flatMap((member) => boxes.get(member) ?? []);
    const otherFrames = contents.frames.filter((c) => c !== own).flatMap((c) => frameOf(c) ?? []);
    const all = bounds(occupied());
    const { callers = [], callees = [] } = neighbours.get(id) ?? {};
    // Beside a member of another frame is beside that frame: outside it, at the member's height.
    const outer = (other: string): Box[] => {
      const box = boxes.get(other);
      if (box === undefined) return [];
      const frame = frameOfMember.get(other);
      const around = frame === undefined || frame === own ? undefined : frameOf(frame);
      return [
        around === undefined ? box : { x: around.x, y: box.y, width: around.width, height: box.height },
      ];
    };
    const placedCallers = callers.flatMap(outer);
    const placedCallees = callees.flatMap(outer);
    const anchors = [...placedCallers, ...placedCallees];
    let at: Point;
    if (all === undefined) at = { x: 0, y: 0 };
    else if (anchors.length === 0) {
      // Nothing placed to stand beside: under its frame's members, else under everything.
      const under = bounds(ownMembers) ?? all;
      at = { x: under.x, y: under.y + under.height + GAP.y * 2 };
    } else {
      const near = bounds(anchors) as Box;
      const centreY = anchors.reduce((sum, box) => sum + box.y + box.height / 2, 0) / anchors.length;
      // What calls into the view stands on its left; what the view calls, on its right.
      const left = placedCallees.length > 0 && placedCallers.length === 0;
      at = {
        x: left ? near.x - GAP.x - size.width : near.x + near.width + GAP.x,
        y: centreY - size.height / 2,
      };
    }
    at = { x: Math.round(at.x), y: Math.round(at.y) };
    /** What `box` would cover: a box drawn, another frame, or (for a member) what its frame would grow over. */
    const hitBy = (box: Box): Box | undefined => {
      const margin = inflate(box, GAP.y / 2);
      const hit = [...boxes.values(), ...otherFrames].find((other) => overlaps(margin, other));
      if (hit !== undefined || own === undefined) return hit;
      const frame = frameOfMembers([...ownMembers, box], own) as Box;
      const members = new Set(ownMembers);
      return [...[...boxes.values()].filter((other) => !members.has(other)), ...otherFrames].find((other) =>
        overlaps(frame, other),
      );
    };
    // Down until it covers nothing, so that nothing drawn is hidden.
    for (let tries = 0; tries < 500; tries++) {
      const hit = hitBy({ ...at, ...size });
      if (hit === undefined) break;
      at = { x: at.x, y: Math.max(at.y + GAP.y, hit.y + hit.height + GAP.y) };
    }
    boxes.set(id, { ...at, ...size });
  }

  const frames = contents.frames.flatMap((context): BoundedContext[] => {
    const frame = frameOf(context);
    return frame === undefined
      ? []
      : [
          {
            ...context,
            position: { x: frame.x, y: frame.y },
            size: { width: frame.width, height: frame.height },
          },
        ];
  });
  const collapsed = contents.collapsed.map((context): BoundedContext => {
    const box = boxes.get(context.id) as Box;
    return { ...context, position: { x: box.x, y: box.y }, size: { width: box.width, height: box.height } };
  });
  const nodes = contents.nodes.map((node): Node => {
    const box = boxes.get(node.id) as Box;
    return { ...node, position: { x: box.x, y: box.y } };
  });
  const positions: Record<string, Point> = {};
  const keep = (id: string, at: Point) =>
    Object.defineProperty(positions, id, { value: { x: at.x, y: at.y }, enumerable: true, writable: true });
  for (const context of [...frames, ...collapsed]) if (context.position) keep(context.id, context.position);
  for (const node of nodes) if (node.position) keep(node.id, node.position);
  const stubs = contents.stubs.map((stub) => ({ ...stub, box: boxes.get(stub.id) as Box }));
  return {
    view,
    model: { ...model, contexts: [...frames, ...collapsed], nodes, edges: [] },
    collapsed: new Set(collapsed.map((c) => c.id)),
    stubs,
    edges: contents.edges,
    positions,
    bounds: bounds([
      ...frames.map((c) => ({ ...(c.position as Point), ...(c.size as { width: number; height: number }) })),
      ...boxes.values(),
    ]),
  };
}

/** The view stored for the view on show: its elements, each at the position it is shown at. */
export function storedViewOf(scene: ViewScene, id: string, name: string): View {
  const { positions: _placed, id: _id, name: _name, ...rest } = scene.view;
  return { ...rest, id, name, elements: [...scene.view.elements], positions: { ...scene.positions } };
}

/**
 * A view's scene as one plain model that a router or a picture can take: its frames as contexts,
 * a collapsed context and a stub each as a node at its box (a collapsed context as an `external`
 * named after it), and the view's edges between what is drawn (each carrying the id of the first
 * model edge it stands for). `collapsed` and `stubs` say which nodes those are.
 */
export function sceneModel(scene: ViewScene): {
  model: Model;
  collapsed: ReadonlySet<string>;
  stubs: ReadonlySet<string>;
} {
  const frames = (scene.model.contexts ?? []).filter((context) => !scene.collapsed.has(context.id));
  const boxesOfContexts: Node[] = (scene.model.contexts ?? [])
    .filter((context) => scene.collapsed.has(context.id))
    .map((context) => ({
      id: context.id,
      kind: 'external',
      name: context.name,
      description: `The ${context.name} context`,
      ...(context.position === undefined ? {} : { position: { ...context.position } }),
    }));
  const stubs: Node[] = scene.stubs.map((stub) => {
    const { context: _context, position: _position, ...node } = stub.node;
    return { ...node, id: stub.id, position: { x: stub.box.x, y: stub.box.y } } as Node;
  });
  const edges: Edge[] = scene.edges.map((shown) =>
    shown.from === shown.edge.from && shown.to === shown.edge.to
      ? shown.edge
      : ({ ...shown.edge, from: shown.from, to: shown.to } as Edge),
  );
  const { views: _views, ...rest } = scene.model;
  return {
    model: { ...rest, contexts: frames, nodes: [...scene.model.nodes, ...boxesOfContexts, ...stubs], edges },
    collapsed: new Set(boxesOfContexts.map((node) => node.id)),
    stubs: new Set(stubs.map((node) => node.id)),
  };
}
