import { type Box, openedView, sceneModel, type ViewScene, viewScene } from '@meshplan/layout';
import {
  type EdgeKind,
  edgeKindName,
  edgeKindsBetween,
  type Model,
  type NodeKind,
  withArticle,
} from '@meshplan/model';
import {
  type Connection,
  Controls,
  type EdgeChange,
  type Edge as FlowEdge,
  type Node as FlowNode,
  getViewportForBounds,
  type NodeChange,
  Panel,
  ReactFlow,
  type ReactFlowState,
  useReactFlow,
  useStoreApi,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useIdleValue } from '../app/idle.js';
import { settleDrag, useCommands } from '../store/commands.js';
import { canEdit, useDrawnModel, useEditor, useEditorStore } from '../store/editor.js';
import { CommentPins } from './CommentPins.js';
import { createDragMoves } from './drag-moves.js';
import { edgeTypes } from './edges.js';
import { CanvasEditable } from './editable.js';
import { createLabelWindow, followShown, LabelWindowContext } from './labels.js';
import { type ElementData, modelBounds, sameIfUnchanged, toFlowEdges, toFlowNodes } from './mapping.js';
import { nodeTypes } from './nodes.js';
import { OverviewMap } from './OverviewMap.js';
import { RoutesContext } from './routes.js';
import { useRoutes } from './useRoutes.js';
import { viewFlow } from './views.js';
import { type NearWindow, nearWindow, nextWindow, shownRect } from './window.js';
import { useDetailFromStore, useNamesTooSmall, ZoomDetail } from './zoom.js';

const DEFAULT_VIEWPORT = { x: 0, y: 0, zoom: 1 };
const PRO_OPTIONS = { hideAttribution: true };

const indexCache = new WeakMap<object, Map<string, number>>();

/**
 * Node id → index in `model.nodes`, cached per content model: a drag only moves nodes, so the
 * order stays and every frame of the drag reuses one map instead of building a new one.
 */
function nodeIndexOf(model: Model): Map<string, number> {
  let index = indexCache.get(model.nodes);
  if (index === undefined) {
    index = new Map(model.nodes.map((node, i) => [node.id, i]));
    indexCache.set(model.nodes, index);
  }
  return index;
}

/** The drawing surface. It reads the model from the store and changes it through commands only. */
export function ModelCanvas() {
  const store = useEditorStore();
  const commands = useCommands();
  const view = useEditor((s) => (s.mode.kind === 'revision' ? s.mode.view : undefined));
  const current = useDrawnModel();
  const model = view?.model ?? current;
  // A view on show (not over an earlier revision): only its elements, at its own positions.
  const viewId = useEditor((s) => (s.mode.kind === 'revision' ? undefined : s.view));
  const scene = useMemo(() => {
    const shown = viewId === undefined ? undefined : openedView(current, viewId);
    return shown === undefined ? undefined : viewScene(current, shown);
  }, [current, viewId]);
  /** What the canvas draws, for the handlers: the view's scene, or the model. */
  const sceneRef = useRef<ViewScene | undefined>(undefined);
  sceneRef.current = scene;
  const readOnly = !useEditor(canEdit);
  const peers = useEditor((s) => s.peers);
  const selection = useEditor((s) => s.selection);
  const { screenToFlowPosition, setViewport } = useReactFlow();
  const fitRequest = useEditor((s) => s.fitRequest);
  const detail = useDetailFromStore();
  const namesTooSmall = useNamesTooSmall((scene?.model ?? model).nodes);
  const fitted = useRef(0);
  const paneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // What is on show: a revision or a comparison (what runs drawn in too), else the model.
    const { mode, model: current } = store.getState();
    const model = mode.kind === 'revision' ? mode.view.model : current;
    const pane = paneRef.current?.getBoundingClientRect();
    if (fitRequest === fitted.current || pane === undefined) return;
    fitted.current = fitRequest;
    // The bounds come from the model (every size is known), not from React Flow's measurements:
    // with only visible elements rendered, those never cover the whole model.
    const bounds = sceneRef.current !== undefined ? sceneRef.current.bounds : modelBounds(model);
    if (bounds === undefined) return;
    void setViewport(getViewportForBounds(bounds, pane.width, pane.height, 0.05, 1, 0.1));
  }, [fitRequest, setViewport, store]);
  const [pending, setPending] = useState<{ from: string; to: string; kinds: EdgeKind[] } | undefined>();

  // The selection changes rarely; positions change on every frame of a drag. Findings are not
  // drawn from here: each badge reads its element's (`useFindingsOf`).
  const selected = useMemo(() => new Set(selection), [selection]);
  // Marks: what a comparison found, else what the others in a live session have selected.
  const marks = useMemo(() => {
    if (view?.marks !== undefined) return view.marks;
    const byPeer = new Map<string, string>();
    for (const peer of peers) for (const id of peer.selection) byPeer.set(id, `peer:${peer.color}`);
    return byPeer;
  }, [view, peers]);
  const shownView = useMemo(
    () => (scene === undefined ? undefined : viewFlow(scene, selected, marks)),
    [scene, selected, marks],
  );
  // Nodes and contexts alone: a connection drawn leaves them be, and so the nodes handed.
  const { nodes: placed, contexts } = model;
  const modelNodes = useMemo(
    () => (scene === undefined ? toFlowNodes({ nodes: placed, contexts }, selected, marks) : undefined),
    [scene, placed, contexts, selected, marks],
  );
  const nodes = shownView?.nodes ?? modelNodes ?? [];
  // Routes follow what is written (a drag is routed when it lands), or the revision on show, or
  // the view on show: its boxes (stubs and collapsed contexts too) as one model.
  const content = useEditor((s) => s.content);
  const sceneAsModel = useMemo(() => (scene === undefined ? undefined : sceneModel(scene).model), [scene]);
  const routes = useRoutes(sceneAsModel ?? view?.model ?? content);
  // The map follows an edit once the browser is idle after painting it on the canvas.
  const mapModel = useIdleValue(scene?.model ?? view?.model ?? content);
  const modelEdges = model.edges;
  const edges = useMemo(
    () => shownView?.edges ?? toFlowEdges(modelEdges, selected, marks),
    [shownView, modelEdges, selected, marks],
  );

  // React Flow is handed what lies around the part shown (see `nearWindow`); the window moves
  // only when what is shown leaves it, so panning within it hands React Flow nothing new. The
  // same elements as last time are handed as the same array: React Flow then rebuilds nothing
  // (its lookups of every node and every connection), as when an edge drawn leaves the nodes be.
  const flowStore = useStoreApi();
  const [shownWindow, setShownWindow] = useState<Box | undefined>(undefined);
  // Edge labels follow what is shown more closely (see `labels.ts`).
  const [labelWindow] = useState(createLabelWindow);
  useEffect(() => {
    let current: Box | undefined;
    const follow = ({ transform, width, height }: ReactFlowState) => {
      // Before the first fit the viewport is React Flow's default, about to change: a window
      // drawn around it would hand React Flow a few nodes and then all of them again.
      if (width === 0 || height === 0 || fitted.current === 0) return;
      const shown = shownRect(transform, width, height);
      followShown(labelWindow, shown);
      const next = nextWindow(current, shown);
      if (next === current) return;
      current = next;
      setShownWindow(next);
    };
    follow(flowStore.getState());
    return flowStore.subscribe(follow);
  }, [flowStore, labelWindow]);
  const lastNear = useRef<NearWindow<FlowNode<ElementData>, FlowEdge> | undefined>(undefined);
  const near = useMemo(() => {
    lastNear.current = nearWindow(nodes, edges, shownWindow, selected, lastNear.current);
    return lastNear.current;
  }, [nodes, edges, shownWindow, selected]);
  const handedNodes = useRef<FlowNode<ElementData>[] | undefined>(undefined);
  const handedEdges = useRef<FlowEdge[] | undefined>(undefined);
  handedNodes.current = sameIfUnchanged(handedNodes.current, near.nodes);
  handedEdges.current = sameIfUnchanged(handedEdges.current, near.edges);

  /** Whether a pointer drag is under way (else a move comes from the arrow keys). */
  const dragging = useRef(false);
  /** A drag's moves, handed to the store once a frame (see `createDragMoves`). */
  const dragMoves = useMemo(
    () => createDragMoves((positions) => store.getState().moveQuietly(positions)),
    [store],
  );
  useEffect(() => () => dragMoves.dispose(), [dragMoves]);

  /** Selection lives in the store (not in history): apply React Flow's select changes to it. */
  const applySelection = useCallback(
    (changes: (NodeChange | EdgeChange)[]) => {
      const picks = changes.filter((c) => c.type === 'select');
      if (picks.length === 0) return;
      const selected = new Set(store.getState().selection);
      for (const change of picks) {
        if (change.type !== 'select') continue;
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      }
      store.getState().select([...selected]);
    },
    [store],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => applySelection(changes), [applySelection]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      applySelection(changes);
      const moves = changes.filter((c) => c.type === 'position' && c.position !== undefined);
      if (moves.length === 0) return;
      // In a view, positions are the view's: its frames and nodes where the view shows them.
      const shown = sceneRef.current?.model;
      const model = shown ?? store.getState().model;
      const contexts = new Map((model.contexts ?? []).map((c) => [c.id, c]));
      // Where each node sits in the array: the same in the content model as in this one.
      const at = nodeIndexOf(shown ?? store.getState().content);
      const positions = new Map<string, { x: number; y: number }>();
      for (const change of moves) {
        if (change.type !== 'position' || change.position === undefined) continue;
        const x = Math.round(change.position.x);
        const y = Math.round(change.position.y);
        const context = contexts.get(change.id);
        if (context !== undefined) {
          // Moving a context moves its nodes with it (their positions are absolute).
          const before = context.position ?? { x: 0, y: 0 };
          positions.set(context.id, { x, y });
          for (const node of model.nodes) {
            if (node.context === context.id && node.position)
              positions.set(node.id, {
                x: node.position.x + x - before.x,
                y: node.position.y + y - before.y,
              });
          }
          continue;
        }
        const index = at.get(change.id);
        const node = index === undefined ? undefined : model.nodes[index];
        if (node === undefined || node.id !== change.id) continue;
        const parent = node.context === undefined ? undefined : contexts.get(node.context)?.position;
        positions.set(node.id, { x: x + (parent?.x ?? 0), y: y + (parent?.y ?? 0) });
      }
      if (dragging.current) dragMoves.add(positions);
      else {
        // An arrow key moved the selection: one step, and a node moved over a context's border
        // changes context, as after a drag.
        store.getState().beginGesture();
        store.getState().moveQuietly(positions);
        // In a view, a move changes the view's positions only: membership is the model's.
        const moved = new Set(positions.keys());
        store.getState().endGesture(shown === undefined ? (draft) => settleDrag(draft, moved) : undefined);
      }
    },
    [applySelection, store, dragMoves],
  );

  // Every handler handed to React Flow keeps its identity across renders: React Flow copies a
  // changed one into its store, and each such write makes thousands of node and edge components
  // check their selectors, on every frame of a drag.
  const onNodeDragStart = useCallback(() => {
    dragging.current = true;
    store.getState().beginGesture();
  }, [store]);

  /** After a drag, a node whose centre lies in a context belongs to it (which grows to hold it); outside every one, to none. */
  const onNodeDragStop = useCallback(() => {
    dragging.current = false;
    dragMoves.flush();
    // In a view, a drop moves the view's positions only: membership is the model's.
    if (sceneRef.current !== undefined) return store.getState().endGesture();
    const selection = new Set(store.getState().selection);
    store.getState().endGesture((draft) => settleDrag(draft, selection));
  }, [store, dragMoves]);

  const onConnect = useCallback(
    (connection: Connection) => {
      const model = store.getState().model;
      // A stub in a view stands for its node: connecting to it connects to the node.
      const nodeOf = (id: string) => (id.startsWith('stub:') ? id.slice('stub:'.length) : id);
      const from = model.nodes.find((n) => n.id === nodeOf(connection.source));
      const to = model.nodes.find((n) => n.id === nodeOf(connection.target));
      if (from === undefined || to === undefined) return;
      const kinds = edgeKindsBetween(from.kind, to.kind);
      if (kinds.length === 0) {
        store
          .getState()
          .say(
            `Nothing connects ${withArticle(from.kind)} to ${withArticle(to.kind)}: no edge kind of the format fits.`,
          );
      } else if (kinds.length === 1) {
        commands.connect(from.id, to.id, kinds[0] as EdgeKind);
      } else {
        setPending({ from: from.id, to: to.id, kinds });
      }
    },
    [store, commands],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const kind = event.dataTransfer.getData('application/meshplan-kind');
      if (kind === '') return;
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      if (kind === 'context') commands.addContext({ x: Math.round(position.x), y: Math.round(position.y) });
      else commands.addNode(kind as NodeKind, { x: Math.round(position.x), y: Math.round(position.y) });
    },
    [screenToFlowPosition, commands],
  );

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop target of the palette, whose buttons are the keyboard way in
    <div
      className="canvas"
      data-testid="canvas"
      ref={paneRef}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <svg width="0" height="0" aria-hidden="true">
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0 0L10 5L0 10z" fill="var(--edge-sync)" />
          </marker>
        </defs>
      </svg>
      <ZoomDetail.Provider value={detail}>
        <CanvasEditable.Provider value={!readOnly}>
          <RoutesContext.Provider value={routes}>
            <LabelWindowContext.Provider value={labelWindow}>
              <ReactFlow
                nodes={handedNodes.current}
                edges={handedEdges.current}
                nodeTypes={nodeTypes}
                edgeTypes={edgeTypes}
                onNodesChange={onNodesChange}
                onNodeDragStart={onNodeDragStart}
                onNodeDragStop={onNodeDragStop}
                onConnect={onConnect}
                onEdgesChange={onEdgesChange}
                deleteKeyCode={null}
                nodesDraggable={!readOnly}
                nodesConnectable={!readOnly}
                onlyRenderVisibleElements
                defaultViewport={DEFAULT_VIEWPORT}
                minZoom={0.05}
                proOptions={PRO_OPTIONS}
              >
                {/* No dot grid: nothing snaps to it, and without a GPU its pattern was a third of
                  the cost of every tile an edit redraws (README, stop 28). */}
                {namesTooSmall && model.nodes.length > 0 ? (
                  <Panel position="top-center" className="zoom-hint" data-testid="zoom-hint">
                    Zoom in to read the names
                  </Panel>
                ) : null}
                <CommentPins />
                {/* What is written, not each frame of a drag: the map is redrawn when a drag lands. */}
                <OverviewMap model={mapModel} />
                {/* Its lock button would let a read-only canvas drag and connect: left out there. */}
                <Controls showInteractive={!readOnly} />
              </ReactFlow>
            </LabelWindowContext.Provider>
          </RoutesContext.Provider>
        </CanvasEditable.Provider>
      </ZoomDetail.Provider>
      {pending ? (
        <div
          className="connect-menu"
          role="dialog"
          aria-label="Choose the kind of edge"
          // Escape cancels, as in every dialog.
          onKeyDown={(e) => e.key === 'Escape' && setPending(undefined)}
        >
          <p>Connect as</p>
          {pending.kinds.map((kind, i) => (
            <button
              type="button"
              key={kind}
              // The choice is what comes next: the focus goes to its first option.
              // biome-ignore lint/a11y/noAutofocus: the menu opens on the person's own drag, to be answered
              autoFocus={i === 0}
              onClick={() => {
                commands.connect(pending.from, pending.to, kind);
                setPending(undefined);
              }}
            >
              {edgeKindName(kind)}
            </button>
          ))}
          <button type="button" onClick={() => setPending(undefined)}>
            Cancel
          </button>
        </div>
      ) : null}
    </div>
  );
}
