// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { drift } from '@meshplan/drift';
import { exportModel } from '@meshplan/exporters';
import { importModel } from '@meshplan/importers';
import type { Model } from '@meshplan/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createLink, createModel, expectProblem, testServer } from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await testServer();
  api = apiClient(server.url);
});
afterAll(() => server.close());

const design: Model = {
  format: 'meshplan/v1',
  name: 'Shop',
  contexts: [
    { id: 'sales', name: 'Sales' },
    { id: 'stock', name: 'Stock' },
  ],
  nodes: [
    { id: 'orders', kind: 'service', name: 'Orders', context: 'sales' },
    { id: 'inventory', kind: 'service', name: 'Inventory', context: 'stock' },
    { id: 'stock-db', kind: 'datastore', name: 'Stock DB', engine: 'mysql', context: 'stock' },
  ],
  edges: [
    { id: 'c1', kind: 'sync', from: 'orders', to: 'inventory', protocol: 'rest' },
    { id: 'd1', kind: 'data', from: 'inventory', to: 'stock-db', access: 'readwrite' },
  ],
};

/** What runs: the design, and Orders reading the Stock database too. */
async function runningCompose(): Promise<string> {
  const running = {
    ...design,
    edges: [...design.edges, { id: 'x', kind: 'data', from: 'orders', to: 'stock-db', access: 'read' }],
  } as Model;
  const { files } = await exportModel(running, { targets: ['compose'] });
  const file = files.find((f) => f.path === 'docker-compose.yml');
  return String(file?.content);
}

describe('POST /models/:id/drift', () => {
  it('answers drift.md JSON for an observation sent as for POST /import, to whoever may read', async () => {
    const model = await createModel(server.url, design);
    const text = await runningCompose();
    const expected = drift(design, importModel({ files: [{ path: 'docker-compose.yml', text }] }).model, {
      visibleKinds: ['service', 'datastore'],
    });
    expect(expected.edges.at(-1)).toMatchObject({
      from: 'orders',
      to: 'stock-db',
      status: 'observed-only',
      breaks: ['cross-context-datastore', 'shared-datastore'],
    });

    const res = await api(`/models/${model.id}/drift`, {
      method: 'POST',
      token: model.token,
      json: { files: [{ path: 'docker-compose.yml', text }] },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expected);

    // A view link reads, so it may compare; one YAML document with ?filename= and ?from= works too.
    const link = await createLink(server.url, model, 'view');
    const yaml = await api(`/models/${model.id}/drift?filename=docker-compose.yml&from=compose`, {
      method: 'POST',
      token: link.credential,
      headers: { 'content-type': 'application/yaml' },
      body: text,
    });
    expect(yaml.status).toBe(200);
    expect(await yaml.json()).toEqual(expected);
  });

  it('takes a map, and refuses one naming a node the model lacks, naming the entry (422)', async () => {
    const model = await createModel(server.url, design);
    const text = (await runningCompose()).replace(/\borders\b/g, 'ordering');
    const post = (map: unknown) =>
      api(`/models/${model.id}/drift`, {
        method: 'POST',
        token: model.token,
        json: { files: [{ path: 'docker-compose.yml', text }], from: 'compose', map },
      });
    const mapped = (await (await post({ ordering: 'orders' })).json()) as any;
    expect(mapped.nodes).toContainEqual({ id: 'orders', observed: 'ordering', status: 'both' });
    const wrong = await expectProblem(await post({ ordering: 'pricing' }), 422);
    expect(wrong.errors).toEqual([{ path: 'map.ordering', message: 'no node "pricing" in the design' }]);
  });

  it('is 404 for a model that does not exist, 401 without a credential', async () => {
    const model = await createModel(server.url, design);
    const body = { files: [{ path: 'a.yml', text: 'services: {}' }] };
    await expectProblem(
      await api('/models/nope/drift', { method: 'POST', token: model.token, json: body }),
      404,
    );
    await expectProblem(await api(`/models/${model.id}/drift`, { method: 'POST', json: body }), 401);
  });

  it('says where a bad body or observation is wrong', async () => {
    const model = await createModel(server.url, design);
    const post = (json: unknown, query = '') =>
      api(`/models/${model.id}/drift${query}`, { method: 'POST', token: model.token, json });
    const empty = await expectProblem(await post({ files: [] }), 400);
    expect(empty.errors).toEqual([
      { path: 'files', message: 'expected a non-empty array of {"path", "text"}' },
    ]);
    const badMap = await expectProblem(
      await post({ files: [{ path: 'a.yml', text: 'services: {}' }], map: { a: 1 } }),
      400,
    );
    expect(badMap.errors).toEqual([{ path: 'map.a', message: 'expected a node id (a string)' }]);
    const broken = await expectProblem(
      await post({ files: [{ path: 'docker-compose.yml', text: 'services:\n  a: [\n' }], from: 'compose' }),
      422,
    );
    expect(String(broken.detail)).toContain('docker-compose.yml');
    await expectProblem(await post({ files: [{ path: 'a.yml', text: 'x' }] }, '?from=excel'), 400);
    const form = await api(`/models/${model.id}/drift`, {
      method: 'POST',
      token: model.token,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    await expectProblem(form, 415);
  });
});
