import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from './store.js';
import { apiClient, createModel, expectProblem, testServer } from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await testServer();
  api = apiClient(server.url);
});
afterAll(() => server.close());

const modelCount = async () =>
  ((await databaseOf(server.store).get<{ n: number }>('SELECT count(*) AS n FROM models')) as { n: number })
    .n;

describe('request bodies checked with the schemas of @meshplan/api', () => {
  it('an import names every wrong file and an unknown format in one 400, and stores nothing', async () => {
    const before = await modelCount();
    const refused = await expectProblem(
      await api('/import', {
        method: 'POST',
        json: { files: [{ path: '', text: 1 }, { path: 'b.yml' }], from: 'excel' },
      }),
      400,
    );
    expect(refused.type).toBe('https://meshplan.dev/problems/invalid-body');
    expect(refused.errors).toEqual([
      { path: 'files[0].path', message: 'expected a file name' },
      { path: 'files[0].text', message: 'expected the file text' },
      { path: 'files[1].text', message: 'expected the file text' },
      { path: 'from', message: 'expected one of compose, k8s, openapi, asyncapi, meshplan, traces' },
    ]);
    expect(refused.detail).toContain('files[0].path: expected a file name');
    expect(await modelCount()).toBe(before);
  });

  it('a share link that expires on a day that does not exist is a 400, not the next month', async () => {
    const { id, token } = await createModel(server.url);
    const refused = await expectProblem(
      await api(`/models/${id}/links`, {
        method: 'POST',
        token,
        json: { role: 'view', expiresAt: '2999-02-31T00:00:00Z' },
      }),
      400,
    );
    expect(refused.errors).toEqual([{ path: 'expiresAt', message: expect.stringContaining('ISO-8601') }]);
    const offset = await api(`/models/${id}/links`, {
      method: 'POST',
      token,
      json: { role: 'view', expiresAt: '2999-01-31T12:00+02:00' },
    });
    expect(offset.status).toBe(201);
    expect(((await offset.json()) as { expiresAt: string }).expiresAt).toBe('2999-01-31T10:00:00.000Z');
  });

  it('checks who may act before what they sent: a link that may not share gets 403 for any body', async () => {
    const { id, token } = await createModel(server.url);
    const made = await api(`/models/${id}/links`, { method: 'POST', token, json: { role: 'edit' } });
    const { credential } = (await made.json()) as { credential: string };
    await expectProblem(
      await api(`/models/${id}/links`, { method: 'POST', token: credential, json: [] }),
      403,
    );
    await expectProblem(await api(`/models/${id}/links`, { method: 'POST', json: { role: 'x' } }), 401);
  });

  it('an unknown template stays a 422 naming "template" and the choices', async () => {
    const refused = await expectProblem(
      await api('/models', { method: 'POST', json: { template: 'bank' } }),
      422,
    );
    expect(refused.title).toBe('Unknown template');
    expect(refused.errors).toEqual([
      { path: 'template', message: 'expected one of "blank", "ecommerce", "healthcare"' },
    ]);
  });
});
