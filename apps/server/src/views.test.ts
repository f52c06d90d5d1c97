import type { Model } from '@meshplan/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createModel, testServer } from './test-support.js';

const withView: Model = {
  format: 'meshplan/v1',
  name: 'Views',
  nodes: [
    { id: 'orders', kind: 'service', name: 'Orders' },
    { id: 'payments', kind: 'service', name: 'Payments' },
  ],
  edges: [],
  views: [
    {
      id: 'checkout',
      name: 'Checkout',
      elements: ['orders', 'payments'],
      positions: { orders: { x: 0, y: 0 }, payments: { x: 300, y: 0 } },
    },
  ],
};

describe('views through the REST API', () => {
  let server: Awaited<ReturnType<typeof testServer>>;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(() => server.close());

  it('stores and returns a model with views as it was sent', async () => {
    const created = await createModel(server.url, withView);
    const res = await apiClient(server.url)(`/models/${created.id}`, { token: created.token });
    expect(await res.json()).toEqual(withView);
  });

  it('takes what a PUT removes out of every view, as the editor does', async () => {
    const created = await createModel(server.url, withView);
    const api = apiClient(server.url);
    const without = { ...withView, nodes: withView.nodes.filter((n) => n.id !== 'payments') };
    const put = await api(`/models/${created.id}`, {
      method: 'PUT',
      token: created.token,
      json: without,
      headers: { 'if-match': '*' },
    });
    expect(put.status).toBe(200);
    const stored = (await (await api(`/models/${created.id}`, { token: created.token })).json()) as Model;
    expect(stored.views).toEqual([
      { id: 'checkout', name: 'Checkout', elements: ['orders'], positions: { orders: { x: 0, y: 0 } } },
    ]);
  });

  it('refuses a view that names what the model never had, and names the place', async () => {
    const created = await createModel(server.url, withView);
    const api = apiClient(server.url);
    const ghost = {
      ...withView,
      views: [{ id: 'checkout', name: 'Checkout', elements: ['orders', 'ghost'] }],
    };
    const put = await api(`/models/${created.id}`, {
      method: 'PUT',
      token: created.token,
      json: ghost,
      headers: { 'if-match': '*' },
    });
    expect(put.status).toBe(422);
    const problem = (await put.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([{ path: 'views[0].elements[1]', message: 'no context or node "ghost"' }]);
    // A new model is checked the same way.
    const post = await api('/models', { method: 'POST', json: ghost });
    expect(post.status).toBe(422);
  });
});

describe('revision summaries', () => {
  it('count views as views, not as model settings', async () => {
    const { prints, summarizeChange } = await import('./summary.js');
    const before = prints(withView);
    const after = prints({
      ...withView,
      views: [...(withView.views ?? []), { id: 'more', name: 'More', elements: [] }],
    });
    expect(summarizeChange(before, after)).toBe('added 1 view');
    const renamed = prints({
      ...withView,
      views: [{ ...(withView.views?.[0] as object), name: 'Pay' } as never],
    });
    expect(summarizeChange(before, renamed)).toBe('changed "Pay"');
  });
});
