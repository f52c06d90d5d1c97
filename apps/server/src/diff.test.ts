// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { contractDiff } from '@meshplan/api';
import { diffContracts } from '@meshplan/diff';
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

const first: Model = {
  format: 'meshplan/v1',
  name: 'Shop',
  nodes: [
    { id: 'bff', kind: 'service', name: 'Checkout BFF' },
    {
      id: 'orders',
      kind: 'service',
      name: 'Orders',
      api: {
        style: 'rest',
        version: 'v1',
        endpoints: [{ method: 'GET', path: '/v1/orders/{id}', status: 200 }],
      },
    },
  ],
  edges: [{ id: 's1', kind: 'sync', from: 'bff', to: 'orders', protocol: 'rest' }],
};
const second: Model = {
  ...first,
  nodes: first.nodes.map((node) =>
    node.id === 'orders'
      ? { ...node, name: 'Order service', api: { style: 'rest', version: 'v1', endpoints: [] } }
      : node,
  ),
};

async function modelWithTwoRevisions() {
  const created = await createModel(server.url, first);
  const res = await api(`/models/${created.id}`, {
    method: 'PUT',
    token: created.token,
    json: second,
    headers: { 'if-match': '"r1"' },
  });
  expect(res.status).toBe(200);
  return created;
}

describe('GET /models/:id/revisions/:a/diff/:b', () => {
  it("answers diff.md's JSON, the same as meshplan diff prints, in the shape the API documents", async () => {
    const created = await modelWithTwoRevisions();
    const res = await api(`/models/${created.id}/revisions/1/diff/2`, { token: created.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toEqual(diffContracts(first, second));
    expect(contractDiff.parse(body)).toEqual(body);
    expect(body.changes[0]).toMatchObject({
      kind: 'endpoint-removed',
      severity: 'breaking',
      consumers: ['bff'],
    });
    const all = (await (
      await api(`/models/${created.id}/revisions/1/diff/2?all=true`, { token: created.token })
    ).json()) as any;
    expect(all.summary).toEqual({ breaking: 1, nonBreaking: 0, info: 1 });
  });

  it('is open to whoever may read revisions, and to nobody else', async () => {
    const created = await modelWithTwoRevisions();
    const view = await createLink(server.url, created, 'view');
    expect((await api(`/models/${created.id}/revisions/2/diff/1`, { token: view.credential })).status).toBe(
      200,
    );
    // Without a credential, or with a wrong one, it is answered as the list of revisions is.
    const anonymous = await api(`/models/${created.id}/revisions`);
    expect(anonymous.status).toBeGreaterThanOrEqual(400);
    await expectProblem(await api(`/models/${created.id}/revisions/2/diff/1`), anonymous.status);
    const wrong = await api(`/models/${created.id}/revisions`, { token: 'ml_nope_nope' });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    await expectProblem(
      await api(`/models/${created.id}/revisions/2/diff/1`, { token: 'ml_nope_nope' }),
      wrong.status,
    );
  });

  it('answers 404 for an unknown revision and 400 for one that is no number', async () => {
    const created = await modelWithTwoRevisions();
    await expectProblem(await api(`/models/${created.id}/revisions/1/diff/9`, { token: created.token }), 404);
    await expectProblem(await api(`/models/${created.id}/revisions/7/diff/1`, { token: created.token }), 404);
    await expectProblem(await api(`/models/${created.id}/revisions/x/diff/1`, { token: created.token }), 400);
  });
});

describe('approving a revision that breaks a consumer', () => {
  const review = (created: { id: string; token: string }, n: number, json: unknown) =>
    api(`/models/${created.id}/revisions/${n}/review`, { method: 'PUT', token: created.token, json });

  it('asks for an explicit acknowledgement, and stores it with the review', async () => {
    const created = await modelWithTwoRevisions();
    const refused = await expectProblem(await review(created, 2, { status: 'approved' }), 409);
    expect(refused.breaking).toBe(1);
    expect(refused.detail).toContain('/revisions/1/diff/2');
    // Requesting changes needs no acknowledgement; nor does approving a revision that breaks nothing.
    expect((await review(created, 2, { status: 'changes-requested' })).status).toBe(200);
    expect((await review(created, 1, { status: 'approved' })).status).toBe(200);
    const approved = await review(created, 2, {
      status: 'approved',
      summary: 'BFF moves first',
      acknowledgeBreaking: true,
    });
    expect(approved.status).toBe(200);
    const body = (await approved.json()) as any;
    expect(body.reviews).toEqual([expect.objectContaining({ status: 'approved', acknowledgedBreaking: 1 })]);
    const listed = (await (
      await api(`/models/${created.id}/revisions`, { token: created.token })
    ).json()) as any;
    const second = listed.revisions.find((r: any) => r.number === 2);
    expect(second.reviews[0].acknowledgedBreaking).toBe(1);
    const first = listed.revisions.find((r: any) => r.number === 1);
    expect(first.reviews[0]).not.toHaveProperty('acknowledgedBreaking');
  });

  it('refuses an acknowledgement that is no boolean', async () => {
    const created = await modelWithTwoRevisions();
    await expectProblem(await review(created, 2, { status: 'approved', acknowledgeBreaking: 'yes' }), 400);
  });
});
