// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from './store.js';
import { apiClient, createModel, expectProblem, minimalModel, testServer } from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await testServer();
  api = apiClient(server.url);
});
afterAll(() => server.close());

const create = () => createModel(server.url);

async function link(id: string, token: string, role: string, expiresAt?: string) {
  const res = await api(`/models/${id}/links`, { method: 'POST', token, json: { role, expiresAt } });
  expect(res.status).toBe(201);
  return (await res.json()) as any as {
    id: string;
    role: string;
    createdAt: string;
    expiresAt: string | null;
    credential: string;
  };
}

const put = (id: string, token: string, revision: number, name = 'Changed') =>
  api(`/models/${id}`, {
    method: 'PUT',
    token,
    json: { ...minimalModel, name },
    headers: { 'if-match': `"r${revision}"` },
  });

describe('share links', () => {
  it('the owner makes a link: 201 with a credential ml_<hex id>_<secret> shown once', async () => {
    const { id, token } = await create();
    const created = await link(id, token, 'view');
    expect(created).toMatchObject({ role: 'view', expiresAt: null });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.credential.startsWith(`ml_${created.id}_`)).toBe(true);
    const secret = created.credential.slice(`ml_${created.id}_`.length);
    expect(Buffer.from(secret, 'base64url').length).toBe(32);
    const { links } = (await (await api(`/models/${id}/links`, { token })).json()) as any;
    expect(links).toEqual([
      { id: created.id, role: 'view', createdAt: created.createdAt, expiresAt: null, revokedAt: null },
    ]);
    expect(JSON.stringify(links)).not.toContain(secret);
  });

  it('lists links newest first', async () => {
    const { id, token } = await create();
    const first = await link(id, token, 'view');
    const second = await link(id, token, 'edit');
    const { links } = (await (await api(`/models/${id}/links`, { token })).json()) as any;
    expect(links.map((l: { id: string }) => l.id)).toEqual([second.id, first.id]);
  });

  it('stores no secret in clear', async () => {
    const { id, token } = await create();
    const created = await link(id, token, 'comment');
    const secret = created.credential.slice(`ml_${created.id}_`.length);
    const rows = await databaseOf(server.store).all('SELECT * FROM share_links WHERE model_id = ?', [id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(created.credential);
  });

  it('refuses a bad role, a bad date and a past date with the path of each error', async () => {
    const { id, token } = await create();
    const post = (json: unknown) => api(`/models/${id}/links`, { method: 'POST', token, json });
    const badRole = await expectProblem(await post({ role: 'owner' }), 400);
    expect(badRole.errors).toEqual([{ path: 'role', message: expect.any(String) }]);
    const badDate = await expectProblem(await post({ role: 'view', expiresAt: 'next tuesday' }), 400);
    expect(badDate.errors).toEqual([{ path: 'expiresAt', message: expect.any(String) }]);
    const past = await expectProblem(await post({ role: 'view', expiresAt: '2001-01-01T00:00:00Z' }), 400);
    expect(past.errors).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
    await expectProblem(await post([]), 400);
    await expectProblem(
      await api(`/models/${id}/links`, {
        method: 'POST',
        token,
        body: '{"role":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await link(id, token, 'view', future)).expiresAt).toBe(future);
  });

  it('only the owner makes, lists and revokes links: 401 without, 403 for a link, 404 for a wrong token', async () => {
    const { id, token } = await create();
    const edit = await link(id, token, 'edit');
    await expectProblem(await api(`/models/${id}/links`, { method: 'POST', json: { role: 'view' } }), 401);
    await expectProblem(await api(`/models/${id}/links`, { token: `${token}x` }), 404);
    const forbidden = await expectProblem(
      await api(`/models/${id}/links`, { method: 'POST', token: edit.credential, json: { role: 'view' } }),
      403,
    );
    expect(forbidden.title).toBe('Not allowed');
    expect(forbidden.detail).toContain('"edit"');
    await expectProblem(await api(`/models/${id}/links`, { token: edit.credential }), 403);
    await expectProblem(
      await api(`/models/${id}/links/${edit.id}`, { method: 'DELETE', token: edit.credential }),
      403,
    );
    await expectProblem(await api(`/models/${id}/links/0123`, { method: 'DELETE', token }), 404);
  });

  it('a revoked link gets 404 everywhere, and is listed with revokedAt', async () => {
    const { id, token } = await create();
    const edit = await link(id, token, 'edit');
    expect((await api(`/models/${id}`, { token: edit.credential })).status).toBe(200);
    expect((await api(`/models/${id}/links/${edit.id}`, { method: 'DELETE', token })).status).toBe(204);
    await expectProblem(await api(`/models/${id}`, { token: edit.credential }), 404);
    await expectProblem(await api(`/models/${id}/access`, { token: edit.credential }), 404);
    await expectProblem(await api(`/models/${id}/comments`, { token: edit.credential }), 404);
    await expectProblem(await put(id, edit.credential, 1), 404);
    const { links } = (await (await api(`/models/${id}/links`, { token })).json()) as any;
    expect(links[0].revokedAt).toMatch(/^\d{4}-/);
  });

  it('an expired link gets 410 "Link expired"', async () => {
    const { id, token } = await create();
    const soon = await link(id, token, 'view', new Date(Date.now() + 60_000).toISOString());
    expect((await api(`/models/${id}`, { token: soon.credential })).status).toBe(200);
    await databaseOf(server.store).run('UPDATE share_links SET expires_at = ? WHERE id = ?', [
      new Date(Date.now() - 1000).toISOString(),
      soon.id,
    ]);
    const expired = await expectProblem(await api(`/models/${id}`, { token: soon.credential }), 410);
    expect(expired.title).toBe('Link expired');
    await expectProblem(await api(`/models/${id}/access`, { token: soon.credential }), 410);
  });

  it('a link opens only its own model, and a wrong secret or id is a 404', async () => {
    const a = await create();
    const b = await create();
    const view = await link(a.id, a.token, 'view');
    await expectProblem(await api(`/models/${b.id}`, { token: view.credential }), 404);
    await expectProblem(await api(`/models/${a.id}`, { token: `${view.credential}x` }), 404);
    await expectProblem(
      await api(`/models/${a.id}`, { token: view.credential.replace(view.id, '0'.repeat(32)) }),
      404,
    );
    await expectProblem(await api(`/models/${a.id}`, { token: `ml_${view.id}` }), 404);
  });
});

describe('roles', () => {
  it('GET /access names the role of the credential', async () => {
    const { id, token } = await create();
    expect(await (await api(`/models/${id}/access`, { token })).json()).toMatchObject({ role: 'owner' });
    for (const role of ['view', 'comment', 'edit']) {
      const { credential } = await link(id, token, role);
      expect(await (await api(`/models/${id}/access`, { token: credential })).json()).toMatchObject({
        role,
      });
    }
    await expectProblem(await api(`/models/${id}/access`), 401);
    await expectProblem(await api('/models/nope/access', { token }), 404);
  });

  it('a view link reads everything and writes nothing', async () => {
    const { id, token } = await create();
    const { credential } = await link(id, token, 'view');
    for (const path of [
      '',
      '/revisions',
      '/revisions/1',
      '/findings',
      '/comments',
      '/export.zip?targets=lint',
    ])
      expect((await api(`/models/${id}${path}`, { token: credential })).status).toBe(200);
    const refused = await expectProblem(await put(id, credential, 1), 403);
    expect(refused.title).toBe('Not allowed');
    expect(refused.detail).toContain('"view"');
    await expectProblem(
      await api(`/models/${id}/revisions/1/restore`, { method: 'POST', token: credential }),
      403,
    );
    await expectProblem(
      await api(`/models/${id}/comments`, {
        method: 'POST',
        token: credential,
        json: { anchor: {}, text: 'hi' },
      }),
      403,
    );
    await expectProblem(
      await api(`/models/${id}/revisions/1/review`, {
        method: 'PUT',
        token: credential,
        json: { status: 'approved', summary: '' },
      }),
      403,
    );
    await expectProblem(await api(`/models/${id}`, { method: 'DELETE', token: credential }), 403);
  });

  it('a comment link comments and reviews but does not PUT', async () => {
    const { id, token } = await create();
    const { credential } = await link(id, token, 'comment');
    const thread = await api(`/models/${id}/comments`, {
      method: 'POST',
      token: credential,
      json: { anchor: { element: 'svc' }, text: 'Why two databases?' },
    });
    expect(thread.status).toBe(201);
    const review = await api(`/models/${id}/revisions/1/review`, {
      method: 'PUT',
      token: credential,
      json: { status: 'changes-requested', summary: 'see comments' },
    });
    expect(review.status).toBe(200);
    const refused = await expectProblem(await put(id, credential, 1), 403);
    expect(refused.detail).toContain('"comment"');
  });

  it('an edit link saves and restores, announcing each revision, but does not delete', async () => {
    const { id, token } = await create();
    const { credential } = await link(id, token, 'edit');
    const seen: [string, number][] = [];
    const listener = (modelId: string, revision: number) => seen.push([modelId, revision]);
    server.store.events.on('revision', listener);
    try {
      const saved = await put(id, credential, 1);
      expect(saved.status).toBe(200);
      const restored = await api(`/models/${id}/revisions/1/restore`, { method: 'POST', token: credential });
      expect(restored.status).toBe(200);
    } finally {
      server.store.events.off('revision', listener);
    }
    expect(seen).toEqual([
      [id, 2],
      [id, 3],
    ]);
    await expectProblem(await api(`/models/${id}`, { method: 'DELETE', token: credential }), 403);
    expect((await api(`/models/${id}`, { token })).status).toBe(200);
  });

  it('deleting a model deletes its links, threads, comments and reviews', async () => {
    const { id, token } = await create();
    const { credential } = await link(id, token, 'comment');
    const thread = (await (
      await api(`/models/${id}/comments`, { method: 'POST', token, json: { anchor: {}, text: 'x' } })
    ).json()) as any;
    await api(`/models/${id}/revisions/1/review`, { method: 'PUT', token, json: { status: 'approved' } });
    expect((await api(`/models/${id}`, { method: 'DELETE', token })).status).toBe(204);
    await expectProblem(await api(`/models/${id}`, { token: credential }), 404);
    for (const table of ['share_links', 'comment_threads', 'reviews'])
      expect(await databaseOf(server.store).all(`SELECT * FROM ${table} WHERE model_id = ?`, [id])).toEqual(
        [],
      );
    expect(
      await databaseOf(server.store).all('SELECT * FROM comments WHERE thread_id = ?', [thread.id]),
    ).toEqual([]);
  });
});
