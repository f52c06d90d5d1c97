// The baseline of the editor benchmark (bench/editor.bench.mjs): the same nodes and edges as a
// model, in a bare React Flow with its default components, at its best settings (sizes and
// handles preset, only visible elements rendered). Not part of the product's UI.
import '@xyflow/react/dist/style.css';
import type { Model } from '@meshplan/model';
import {
  applyNodeChanges,
  type Edge,
  type Node,
  type NodeChange,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
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
  const { fitView } = useReactFlow();
  const initialized = useNodesInitialized();
  // Like the editor: once the model is in, fit it all in view.
  const loaded = edges.length > 0;
  useEffect(() => {
    if (initialized && loaded) void fitView({ maxZoom: 1 });
  }, [initialized, loaded, fitView]);
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    fetch(`/api/v1/models/${params.get('id')}`, {
      headers: { authorization: `Bearer ${params.get('token')}` },
    })
      .then((res) => res.json())
      .then((model: Model) => {
        setNodes(
          model.nodes.map((n) => ({
            id: n.id,
            position: n.position ?? { x: 0, y: 0 },
            width: W,
            height: H,
            handles,
            data: { label: n.name },
          })),
        );
        setEdges(model.edges.map((e) => ({ id: e.id, source: e.from, target: e.to })));
      });
  }, []);
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => setNodes((current) => applyNodeChanges(changes, current)),
    [],
  );
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onlyRenderVisibleElements
      minZoom={0.05}
    >
      <span />
    </ReactFlow>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ReactFlowProvider>
      <Bare />
    </ReactFlowProvider>
  </StrictMode>,
);
