import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importModel } from '@meshplan/importers';
import { readImportFiles } from '@meshplan/importers/node';
import { contextView, type Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import {
  applyLayout,
  crosses,
  diagramProblems,
  inflate,
  labelBox,
  layOut,
  layoutRequest,
  movedBetween,
  nameWidth,
  nodeBoxes,
  overlaps,
  placeLabels,
  placeUnplaced,
  routeEdges,
  sceneModel,
  viewScene,
} from './index.js';
import { produce } from './test-support.js';

/** `../shared` beside the repository: the e-commerce example and real systems' files. */
const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const HAVE_SHARED = existsSync(`${SHARED}examples/ecommerce.json`) && existsSync(`${SHARED}fixtures`);
if (!HAVE_SHARED)
  console.warn(
    `../shared not found at ${SHARED}: the layout tests on the e-commerce example, Online Boutique and Train-Ticket are skipped`,
  );
const describeShared = HAVE_SHARED ? describe : describe.skip;

async function imported(path: string): Promise<Model> {
  return importModel({ files: await readImportFiles(`${SHARED}fixtures/${path}`) }).model;
}

const MODELS: [string, () => Promise<Model>][] = [
  [
    'the e-commerce example',
    async () => JSON.parse(readFileSync(`${SHARED}examples/ecommerce.json`, 'utf8')) as Model,
  ],
  ['imported Online Boutique', () => imported('online-boutique/kubernetes-manifests')],
  ['imported Train-Ticket', () => imported('train-ticket/docker-compose.yml')],
];

async function autoLaidOut(model: Model): Promise<Model> {
  const layout = await layOut(layoutRequest(model));
  return produce(model, (draft) => applyLayout(draft, layout));
}

describeShared.each(MODELS)('%s', (_name, load) => {
  it('after Auto-layout: no two nodes overlap, each node is inside its context, no route passes through a node', async () => {
    const model = await autoLaidOut(await load());
    expect(diagramProblems(model, routeEdges(model))).toEqual([]);
  });

  it('each context view, as the editor and the pictures draw it: nothing overlaps, no route passes through a box', async () => {
    const model = await autoLaidOut(await load());
    for (const context of model.contexts ?? []) {
      const view = contextView(model, context.id);
      if (view === undefined) throw new Error(`no view of ${context.id}`);
      const { model: scene, collapsed, stubs } = sceneModel(viewScene(model, view));
      // Every edge of the view ends at something drawn: a member, a context's box or a stub.
      const drawn = new Set(scene.nodes.map((node) => node.id));
      for (const edge of scene.edges) expect(drawn.has(edge.from) && drawn.has(edge.to), edge.id).toBe(true);
      for (const id of [...collapsed, ...stubs]) expect(drawn.has(id), id).toBe(true);
      expect(diagramProblems(scene, routeEdges(scene)), context.name).toEqual([]);
    }
  });

  it('edge labels sit on their routes and cover no node and no other label', async () => {
    const model = await autoLaidOut(await load());
    const routes = routeEdges(model);
    const text = (edge: Model['edges'][number]): string =>
      'protocol' in edge && typeof edge.protocol === 'string' ? edge.protocol : edge.kind;
    const sizes = new Map(
      model.edges.map((e) => [e.id, { width: Math.ceil(nameWidth(text(e), 11)) + 8, height: 16 }]),
    );
    const labels = placeLabels(model, routes, (id) => sizes.get(id));
    const boxes = [...nodeBoxes(model).values()];
    const placed = Object.entries(labels).map(([id, centre]) => labelBox(centre, sizes.get(id) as never));
    expect(placed.length).toBe(Object.keys(routes).length);
    expect(placed.filter((label) => boxes.some((box) => overlaps(label, box))).length).toBe(0);
    expect(placed.filter((a, i) => placed.some((b, j) => i !== j && overlaps(a, b))).length).toBe(0);
    // Each touches its own route: on it, or beside it within a hair.
    for (const [id, centre] of Object.entries(labels)) {
      const near = inflate(labelBox(centre, sizes.get(id) as never), 3);
      expect(crosses(routes[id] as never, near), `label of ${id} on its route`).toBe(true);
    }
  });

  it('three nodes added without positions are placed without moving any placed node, overlapping nothing', async () => {
    const model = await autoLaidOut(await load());
    const contexts = model.contexts ?? [];
    const firstWithEdges =
      model.nodes.find((n) => model.edges.some((e) => e.from === n.id)) ?? model.nodes[0];
    const grown = produce(model, (draft) => {
      draft.nodes.push(
        {
          id: 'added-1',
          kind: 'service',
          name: 'Added reporting service',
          ...(contexts[0] ? { context: contexts[0].id } : {}),
        },
        {
          id: 'added-2',
          kind: 'datastore',
          name: 'Added store',
          engine: 'postgres',
          ...(contexts.at(-1) ? { context: (contexts.at(-1) as { id: string }).id } : {}),
        },
        { id: 'added-3', kind: 'external', name: 'Added partner API' },
      );
      draft.edges.push(
        { id: 'added-e1', kind: 'sync', from: 'added-1', to: firstWithEdges?.id as string, protocol: 'rest' },
        { id: 'added-e2', kind: 'data', from: 'added-1', to: 'added-2', access: 'readwrite' },
        { id: 'added-e3', kind: 'sync', from: firstWithEdges?.id as string, to: 'added-3', protocol: 'rest' },
      );
    });
    const result = await placeUnplaced(grown);
    const after = produce(grown, (draft) => applyLayout(draft, result));
    expect(movedBetween(model, after)).toEqual([]);
    expect(Object.keys(result.positions).filter((id) => model.nodes.some((n) => n.id === id))).toEqual([]);
    expect(diagramProblems(after, routeEdges(after))).toEqual([]);
  });
});
