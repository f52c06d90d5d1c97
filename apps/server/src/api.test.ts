// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from './store.js';
import { minimalModel, testServer } from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.close());

const api = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers,
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
};

async function create(body: unknown = minimalModel) {
  const res = await api('/models', { method: 'POST', json: body });
  expect(res.status).toBe(201);
  return (await res.json()) as any as {
    id: string;
    token: string;
    revision: number;
    model: { name: string };
  };
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as any as any;
  expect(body.status).toBe(status);
  expect(body.title).toEqual(expect.any(String));
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
  return body;
}

describe('POST /models', () => {
  it('creates a model and returns it with an owner token of 128 bits or more', async () => {
    const created = await create();
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(Buffer.from(created.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(created.revision).toBe(1);
  });

  it('creates from each template', async () => {
    for (const template of ['blank', 'ecommerce', 'healthcare']) {
      const created = await create({ template });
      const res = await api(`/models/${created.id}`, { token: created.token });
      expect(((await res.json()) as any).format).toBe('meshplan/v1');
    }
  });

  it('refuses an unknown template and invalid models with every error path', async () => {
    await expectProblem(await api('/models', { method: 'POST', json: { template: 'bank' } }), 422);
    const body = await expectProblem(
      await api('/models', {
        method: 'POST',
        json: {
          ...minimalModel,
          nodes: [{ id: 'a', kind: 'service', name: 'A' }],
          edges: [{ id: 'e', kind: 'sync', from: 'a', to: 'svc-x', protocol: 'rest' }],
        },
      }),
      422,
    );
    expect(body.errors).toEqual([{ path: 'edges[0].to', message: 'no node "svc-x"' }]);
  });

  it('refuses unknown rules in settings', async () => {
    const body = await expectProblem(
      await api('/models', {
        method: 'POST',
        json: { ...minimalModel, settings: { rules: { nope: 'off' } } },
      }),
      422,
    );
    expect(body.errors[0].path).toBe('settings.rules.nope');
  });

  it('answers bad JSON with 400 and too large bodies with 413', async () => {
    await expectProblem(
      await api('/models', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"format": ',
      }),
      400,
    );
    const huge = JSON.stringify({ ...minimalModel, description: 'x'.repeat(6 * 1024 * 1024) });
    const body = await expectProblem(
      await api('/models', { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge }),
      413,
    );
    expect(body.detail).toContain('5 MB');
  });
});

describe('reading and writing a model', () => {
  it('needs the token: 401 without, 404 with a wrong one or an unknown id', async () => {
    const { id, token } = await create();
    const missing = await expectProblem(await api(`/models/${id}`), 401);
    expect(missing.detail).toContain('Bearer');
    await expectProblem(await api(`/models/${id}`, { token: `${token}x` }), 404);
    await expectProblem(await api('/models/unknown-id', { token }), 404);
    await expectProblem(await api(`/models/${id}/revisions`, { token: 'wrong' }), 404);
  });

  it('GET returns the current revision with an ETag, and 304 for If-None-Match', async () => {
    const { id, token } = await create();
    const res = await api(`/models/${id}`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"r1"');
    expect((await res.json()) as any).toEqual(minimalModel);
    expect((await api(`/models/${id}`, { token, headers: { 'if-none-match': '"r1"' } })).status).toBe(304);
  });

  it('PUT needs If-Match: 428 without, 412 when stale, a new revision when current', async () => {
    const { id, token } = await create();
    const next = { ...minimalModel, name: 'Renamed' };
    const noMatch = await expectProblem(
      await api(`/models/${id}`, { method: 'PUT', token, json: next }),
      428,
    );
    expect(noMatch.currentRevision).toBe(1);
    const ok = await api(`/models/${id}`, {
      method: 'PUT',
      token,
      json: next,
      headers: { 'if-match': '"r1"', 'x-author-name': 'Ada' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"r2"');
    const stale = await expectProblem(
      await api(`/models/${id}`, { method: 'PUT', token, json: next, headers: { 'if-match': '"r1"' } }),
      412,
    );
    expect(stale.currentRevision).toBe(2);
    expect(((await (await api(`/models/${id}`, { token })).json()) as any).name).toBe('Renamed');
  });

  it('PUT of an invalid model is refused and stores nothing', async () => {
    const { id, token } = await create();
    await expectProblem(
      await api(`/models/${id}`, {
        method: 'PUT',
        token,
        json: { ...minimalModel, nodes: 3 },
        headers: { 'if-match': '"r1"' },
      }),
      422,
    );
    const res = await api(`/models/${id}`, { token });
    expect(res.headers.get('etag')).toBe('"r1"');
  });

  it('lists revisions with author and a summary of what changed, and restores one', async () => {
    const { id, token } = await create({ template: 'blank' });
    const withService = {
      format: 'meshplan/v1',
      name: 'Untitled architecture',
      nodes: [
        { id: 'orders', kind: 'service', name: 'Orders' },
        { id: 'db', kind: 'datastore', name: 'Orders DB', engine: 'postgres' },
      ],
      edges: [{ id: 'e1', kind: 'data', from: 'orders', to: 'db', access: 'readwrite' }],
    };
    await api(`/models/${id}`, {
      method: 'PUT',
      token,
      json: withService,
      headers: { 'if-match': '"r1"', 'x-author-name': encodeURIComponent('Zoë') },
    });
    const list = (await (await api(`/models/${id}/revisions`, { token })).json()) as any;
    expect(list.revisions.map((r: { number: number }) => r.number)).toEqual([2, 1]);
    expect(list.revisions[0]).toMatchObject({
      author: 'Zoë',
      summary: 'added 2 nodes, added 1 edge, changed model settings',
    });
    expect(list.revisions[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const first = (await (await api(`/models/${id}/revisions/1`, { token })).json()) as any;
    expect(first.model.nodes).toEqual([]);
    await expectProblem(await api(`/models/${id}/revisions/9`, { token }), 404);
    await expectProblem(await api(`/models/${id}/revisions/zero`, { token }), 400);
    const restored = await api(`/models/${id}/revisions/1/restore`, { method: 'POST', token });
    expect(((await restored.json()) as any).revision).toBe(3);
    expect(((await (await api(`/models/${id}`, { token })).json()) as any).nodes).toEqual([]);
    const after = (await (await api(`/models/${id}/revisions`, { token })).json()) as any;
    expect(after.revisions[0].summary).toBe('restored revision 1');
  });

  it('names a changed edge by its ends in the summary, never by its id', async () => {
    const { id, token } = await create({ template: 'blank' });
    const model = {
      format: 'meshplan/v1',
      name: 'Untitled architecture',
      nodes: [
        { id: 'service-3', kind: 'service', name: 'Orders' },
        { id: 'service-5', kind: 'service', name: 'Payments' },
      ],
      edges: [{ id: 'sync-1', kind: 'sync', from: 'service-3', to: 'service-5', protocol: 'rest' }],
    };
    const put = (body: unknown, revision: number) =>
      api(`/models/${id}`, { method: 'PUT', token, json: body, headers: { 'if-match': `"r${revision}"` } });
    expect((await put(model, 1)).status).toBe(200);
    const edge = { ...model.edges[0], protocol: 'grpc' };
    expect((await put({ ...model, edges: [edge] }, 2)).status).toBe(200);
    const list = (await (await api(`/models/${id}/revisions`, { token })).json()) as any;
    expect(list.revisions[0].summary).toBe('changed "Orders → Payments"');
  });

  it('DELETE removes the model and its revisions', async () => {
    const { id, token } = await create();
    expect((await api(`/models/${id}`, { method: 'DELETE', token })).status).toBe(204);
    await expectProblem(await api(`/models/${id}`, { token }), 404);
    const rows = await databaseOf(server.store).all('SELECT * FROM revisions WHERE model_id = ?', [id]);
    expect(rows).toEqual([]);
  });
});

describe('lint', () => {
  const shared = {
    ...minimalModel,
    nodes: [
      { id: 'a', kind: 'service', name: 'A' },
      { id: 'b', kind: 'service', name: 'B' },
      { id: 'd', kind: 'datastore', name: 'D', engine: 'postgres' },
    ],
    edges: [
      { id: 'e1', kind: 'data', from: 'a', to: 'd', access: 'write' },
      { id: 'e2', kind: 'data', from: 'b', to: 'd', access: 'write' },
    ],
  };

  it('POST /lint lints any model without storing it', async () => {
    const res = await api('/lint', { method: 'POST', json: shared });
    const { findings } = (await res.json()) as any as { findings: { rule: string; elements: string[] }[] };
    expect(findings.find((f) => f.rule === 'shared-datastore')?.elements).toEqual([
      'd',
      'a',
      'b',
      'e1',
      'e2',
    ]);
    await expectProblem(await api('/lint', { method: 'POST', json: { nodes: [] } }), 422);
  });

  it('GET /models/:id/findings lints the current revision', async () => {
    const { id, token } = await create(shared);
    const { findings, revision } = (await (await api(`/models/${id}/findings`, { token })).json()) as any;
    expect(revision).toBe(1);
    expect(findings.map((f: { rule: string }) => f.rule)).toContain('shared-datastore');
  });

  it('the templates are valid and have no error findings', async () => {
    const { templates } = (await (await api('/templates')).json()) as any;
    expect(templates.map((t: { id: string }) => t.id)).toEqual(['blank', 'ecommerce', 'healthcare']);
    for (const template of ['ecommerce', 'healthcare']) {
      const { id, token } = await create({ template });
      const { findings } = (await (await api(`/models/${id}/findings`, { token })).json()) as any;
      expect(findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
      const model = (await (await api(`/models/${id}`, { token })).json()) as any;
      expect(model.contexts.length).toBeGreaterThanOrEqual(5);
      expect(model.sagas[0].steps.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('operations and documents', () => {
  it('health and readiness; metrics are not public (limits.test.ts serves them)', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await (await fetch(`${server.url}/readyz`)).json()) as any).toMatchObject({
      status: 'ready',
      storage: { ok: true },
      live: { sockets: 0, rooms: 0, setAside: [] },
    });
    await expectProblem(await fetch(`${server.url}/metrics`), 404);
  });

  it('serves the model JSON Schema, the OpenAPI document and its page, and a strict CSP', async () => {
    expect(((await (await api('/schema/model.json')).json()) as any).title).toContain('meshplan/v1');
    expect(((await (await api('/openapi.json')).json()) as any).openapi).toBe('3.1.0');
    const page = await fetch(`${server.url}/api/docs`);
    expect(await page.text()).toContain('PUT /api/v1/models/{id}');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const home = await fetch(`${server.url}/`);
    expect(await home.text()).toContain('The API is running');
  });

  it('answers unknown API paths with a problem', async () => {
    await expectProblem(await api('/nope'), 404);
  });
});

describe('rate limiting', () => {
  it('answers 429 with a problem when writes exceed the limit', async () => {
    const limited = await (await import('./test-support.js')).testServer({ writeRateLimit: 3 });
    try {
      const post = () =>
        fetch(`${limited.url}/api/v1/lint`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(minimalModel),
        });
      for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200);
      const res = await post();
      await expectProblem(res, 429);
      expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
