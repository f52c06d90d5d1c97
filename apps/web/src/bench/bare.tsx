// The baseline of the editor benchmark (bench/editor.bench.mjs): the same nodes and edges
// as a model, in a bare React Flow with its default components, at its best settings (sizes and
// handles preset, only visible elements rendered), fitted in view like the editor. Not part of
// the product's UI. For the edit latencies it does what a bare React Flow app would: a field that
// renames the selected node on Enter (through setNodes), React Flow's own arrow-key moves, and
// addEdge on connect.
import '@xyflow/react/dist/style.css';
import type { Model } from '@meshplan/model';
import {
  addEdge,
  applyNodeChanges,
  type Connection,
  type Edge,
  getViewportForBounds,
  type Node,
  type NodeChange,
  Panel,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const W = 180;
const H = 64;
const handles: Node['handles'] = [
  { type: 'target', position: Position.Left, x: 0, y: H / 2, width: 10, height: 10 },
  { type: 'source', position: Position.Right, x: W, y: H / 2, width: 10, height: 10 },
];

function Bare() {
  const [nodes, setNodes] = useState<Node[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  const { setViewport } = useReactFlow();
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    fetch(`/api/v1/models/${params.get('id')}`, {
      headers: { authorization: `Bearer ${params.get('token')}` },
    })
      .then((res) => res.json())
      .then((model: Model) => {
        const flowNodes = model.nodes.map((n) => ({
          id: n.id,
          position: n.position ?? { x: 0, y: 0 },
          width: W,
          height: H,
          handles,
          data: { label: n.name },
        }));
        setNodes(flowNodes);
        setEdges(model.edges.map((e) => ({ id: e.id, source: e.from, target: e.to })));
        const xs = flowNodes.map((n) => n.position.x);
        const ys = flowNodes.map((n) => n.position.y);
        const bounds = {
          x: Math.min(...xs),
          y: Math.min(...ys),
          width: Math.max(...xs) + W - Math.min(...xs),
          height: Math.max(...ys) + H - Math.min(...ys),
        };
        void setViewport(getViewportForBounds(bounds, window.innerWidth, window.innerHeight, 0.05, 1, 0.1));
      });
  }, [setViewport]);
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => setNodes((current) => applyNodeChanges(changes, current)),
    [],
  );
  const onConnect = useCallback(
    (connection: Connection) => setEdges((current) => addEdge(connection, current)),
    [],
  );
  const [name, setName] = useState('');
  const rename = () =>
    setNodes((current) =>
      current.map((node) => (node.selected ? { ...node, data: { ...node.data, label: name } } : node)),
    );
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onConnect={onConnect}
      onlyRenderVisibleElements
      minZoom={0.05}
    >
      <Panel position="top-right">
        <input
          aria-label="Rename the selected node"
          data-testid="bare-rename"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && rename()}
        />
      </Panel>
    </ReactFlow>
  );
}

// Sized from script: the server's Content-Security-Policy forbids inline style attributes.
const root = document.getElementById('root') as HTMLElement;
Object.assign(root.style, { width: '100vw', height: '100vh' });
document.body.style.margin = '0';
createRoot(root).render(
  <StrictMode>
    <ReactFlowProvider>
      <Bare />
    </ReactFlowProvider>
  </StrictMode>,
);
