// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  createLink,
  createModel,
  expectProblem,
  minimalModel,
  testServer,
} from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await testServer();
  api = apiClient(server.url);
});
afterAll(() => server.close());

const create = () => createModel(server.url);

async function viewLink(id: string, token: string) {
  return (await createLink(server.url, { id, token }, 'view')).credential;
}

function link(id: string, token: string, role: 'view' | 'comment' | 'edit') {
  return createLink(server.url, { id, token }, role);
}

/** Runs `work` and returns the model ids emitted as `event` meanwhile. */
async function emitted(event: string, work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (modelId: string) => seen.push(modelId);
  server.store.events.on(event as 'comments', listener);
  try {
    await work();
  } finally {
    server.store.events.off(event as 'comments', listener);
  }
  return seen;
}

describe('comments', () => {
  it('starts threads on an element and on a point, replies, resolves; lists oldest first', async () => {
    const { id, token } = await create();
    const first = await api(`/models/${id}/comments`, {
      method: 'POST',
      token,
      author: 'Zoë',
      json: { anchor: { element: 'orders' }, text: 'Split this?' },
    });
    expect(first.status).toBe(201);
    const thread = (await first.json()) as any;
    expect(thread).toMatchObject({
      anchor: { element: 'orders' },
      resolved: false,
      createdBy: 'Zoë',
      comments: [{ author: 'Zoë', text: 'Split this?' }],
    });
    expect(thread.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const second = (await (
      await api(`/models/${id}/comments`, {
        method: 'POST',
        token,
        json: { anchor: { point: { x: 10.5, y: -3 } }, text: 'Empty corner' },
      })
    ).json()) as any;
    // The owner token without a name still writes as the owner's name (issue 13), not "Anonymous".
    expect(second).toMatchObject({ anchor: { point: { x: 10.5, y: -3 } }, createdBy: 'Zoë' });
    expect(second.anchor.element).toBeUndefined();

    const reply = await api(`/models/${id}/comments/${thread.id}/replies`, {
      method: 'POST',
      token,
      author: 'Ada',
      json: { text: 'Yes' },
    });
    expect(reply.status).toBe(201);
    expect(((await reply.json()) as any).comments.map((c: any) => [c.author, c.text])).toEqual([
      ['Zoë', 'Split this?'],
      ['Ada', 'Yes'],
    ]);

    const resolved = await api(`/models/${id}/comments/${thread.id}`, {
      method: 'PATCH',
      token,
      json: { resolved: true },
    });
    expect(resolved.status).toBe(200);
    expect(((await resolved.json()) as any).resolved).toBe(true);

    const { threads } = (await (await api(`/models/${id}/comments`, { token })).json()) as any;
    expect(threads.map((t: any) => [t.id, t.resolved, t.comments.length])).toEqual([
      [thread.id, true, 2],
      [second.id, false, 1],
    ]);
    const reopened = await api(`/models/${id}/comments/${thread.id}`, {
      method: 'PATCH',
      token,
      json: { resolved: false },
    });
    expect(((await reopened.json()) as any).resolved).toBe(false);
  });

  it('a view link reads comments but cannot write them', async () => {
    const { id, token } = await create();
    const made = (await (
      await api(`/models/${id}/comments`, { method: 'POST', token, json: { anchor: {}, text: 'hello' } })
    ).json()) as any;
    const view = await viewLink(id, token);
    const { threads } = (await (await api(`/models/${id}/comments`, { token: view })).json()) as any;
    expect(threads).toHaveLength(1);
    await expectProblem(
      await api(`/models/${id}/comments/${made.id}/replies`, {
        method: 'POST',
        token: view,
        json: { text: 'a' },
      }),
      403,
    );
    await expectProblem(
      await api(`/models/${id}/comments/${made.id}`, {
        method: 'PATCH',
        token: view,
        json: { resolved: true },
      }),
      403,
    );
  });

  it('keeps hostile text as data', async () => {
    const { id, token } = await create();
    const texts = [
      '<script>alert("x")</script>',
      `it's "quoted" & <b>bold</b> \\ \u0000 \u202e ${'\u{1F600}'}`,
      'x'.repeat(5000),
      '\u{1F600}'.repeat(5000),
    ];
    for (const text of texts) {
      const res = await api(`/models/${id}/comments`, {
        method: 'POST',
        token,
        author: '<img src=x onerror=alert(1)>',
        json: { anchor: { element: '"><svg/onload=alert(1)>' }, text },
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const thread = (await res.json()) as any;
      expect(thread.comments[0].text).toBe(text);
      expect(thread.createdBy).toBe('<img src=x onerror=alert(1)>');
      expect(thread.anchor.element).toBe('"><svg/onload=alert(1)>');
    }
    const { threads } = (await (await api(`/models/${id}/comments`, { token })).json()) as any;
    expect(threads.map((t: any) => t.comments[0].text)).toEqual(texts);
  });

  it('refuses bad bodies with 400 and the path of each error', async () => {
    const { id, token } = await create();
    const post = (json: unknown) => api(`/models/${id}/comments`, { method: 'POST', token, json });
    const cases: [unknown, string[]][] = [
      [{ anchor: {}, text: '' }, ['text']],
      [{ anchor: {}, text: 'x'.repeat(5001) }, ['text']],
      [{ anchor: {}, text: 3 }, ['text']],
      [{ text: 'hi' }, ['anchor']],
      [{ anchor: { element: 7 }, text: 'hi' }, ['anchor.element']],
      [{ anchor: { point: { x: 'a' } }, text: 'hi' }, ['anchor.point.x', 'anchor.point.y']],
      [[], ['']],
    ];
    for (const [body, paths] of cases) {
      const problem = await expectProblem(await post(body), 400);
      expect((problem.errors as { path: string }[]).map((e) => e.path)).toEqual(paths);
    }
    const made = (await (await post({ anchor: {}, text: 'ok' })).json()) as any;
    const patch = await expectProblem(
      await api(`/models/${id}/comments/${made.id}`, { method: 'PATCH', token, json: { resolved: 'yes' } }),
      400,
    );
    expect(patch.errors).toEqual([{ path: 'resolved', message: expect.any(String) }]);
    await expectProblem(
      await api(`/models/${id}/comments/${made.id}/replies`, { method: 'POST', token, json: {} }),
      400,
    );
  });

  it('401 without a credential, 404 for a wrong token, an unknown thread or another model’s thread', async () => {
    const { id, token } = await create();
    const other = await create();
    const theirs = (await (
      await api(`/models/${other.id}/comments`, {
        method: 'POST',
        token: other.token,
        json: { anchor: {}, text: 'mine' },
      })
    ).json()) as any;
    await expectProblem(await api(`/models/${id}/comments`), 401);
    await expectProblem(await api(`/models/${id}/comments`, { token: other.token }), 404);
    await expectProblem(
      await api(`/models/${id}/comments/${theirs.id}/replies`, {
        method: 'POST',
        token,
        json: { text: 'a' },
      }),
      404,
    );
    await expectProblem(
      await api(`/models/${id}/comments/nope`, { method: 'PATCH', token, json: { resolved: true } }),
      404,
    );
  });

  it('announces every change of comments', async () => {
    const { id, token } = await create();
    const seen = await emitted('comments', async () => {
      const thread = (await (
        await api(`/models/${id}/comments`, { method: 'POST', token, json: { anchor: {}, text: 'a' } })
      ).json()) as any;
      await api(`/models/${id}/comments/${thread.id}/replies`, {
        method: 'POST',
        token,
        json: { text: 'b' },
      });
      await api(`/models/${id}/comments/${thread.id}`, { method: 'PATCH', token, json: { resolved: true } });
      await api(`/models/${id}/comments`, { method: 'POST', token, json: { anchor: {}, text: '' } });
    });
    expect(seen).toEqual([id, id, id]);
  });
});

describe('reviews', () => {
  it('one review per credential and revision; listed with the revisions', async () => {
    const { id, token } = await create();
    const { credential } = await link(id, token, 'comment');
    const review = (as: string, author: string, status: string, summary: string) =>
      api(`/models/${id}/revisions/1/review`, {
        method: 'PUT',
        token: as,
        author,
        json: { status, summary },
      });
    const seen = await emitted('reviews', async () => {
      expect((await review(token, 'Ada', 'changes-requested', 'rename')).status).toBe(200);
      expect((await review(credential, 'Zoë', 'approved', '')).status).toBe(200);
      const replaced = await review(token, 'Ada', 'approved', 'fine now');
      expect(await replaced.json()).toEqual({
        revision: 1,
        reviews: [
          {
            author: 'Zoë',
            role: 'comment',
            byOwner: false,
            mine: false,
            status: 'approved',
            summary: '',
            createdAt: expect.any(String),
          },
          {
            author: 'Ada',
            role: 'owner',
            byOwner: true,
            mine: true,
            status: 'approved',
            summary: 'fine now',
            createdAt: expect.any(String),
          },
        ],
      });
    });
    expect(seen).toEqual([id, id, id]);
    await api(`/models/${id}`, {
      method: 'PUT',
      token,
      json: { ...minimalModel, name: 'Next' },
      headers: { 'if-match': '"r1"' },
    });
    const { revisions } = (await (await api(`/models/${id}/revisions`, { token })).json()) as any;
    expect(revisions.map((r: any) => [r.number, r.reviews.map((v: any) => v.author)])).toEqual([
      [2, []],
      [1, ['Zoë', 'Ada']],
    ]);
  });

  it('refuses a bad status or summary (400), a missing revision (404), no credential (401)', async () => {
    const { id, token } = await create();
    const review = (n: string, json: unknown, credential: string | null = token) =>
      api(`/models/${id}/revisions/${n}/review`, { method: 'PUT', token: credential ?? undefined, json });
    const bad = await expectProblem(await review('1', { status: 'lgtm', summary: 'x'.repeat(2001) }), 400);
    expect((bad.errors as { path: string }[]).map((e) => e.path)).toEqual(['status', 'summary']);
    await expectProblem(await review('7', { status: 'approved', summary: '' }), 404);
    await expectProblem(await review('zero', { status: 'approved', summary: '' }), 400);
    await expectProblem(await review('1', { status: 'approved', summary: '' }, null), 401);
    expect((await review('1', { status: 'approved', summary: 'y'.repeat(2000) })).status).toBe(200);
  });
});
