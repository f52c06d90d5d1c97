// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { applyModel, docToModel } from '@meshplan/collab';
import type { Model } from '@meshplan/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LivePeer } from './live/client.js';
import { databaseOf } from './store.js';
import {
  apiClient,
  createLink,
  createModel,
  expectProblem,
  minimalModel,
  testServer,
} from './test-support.js';

/**
 * Issue 12, section 2: a name is what someone calls themselves; the credential is who they are.
 * Every write records the credential (owner, or the link's id), and what one credential wrote no
 * other link may overwrite, resolve or edit.
 */
let server: Awaited<ReturnType<typeof testServer>>;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await testServer();
  api = apiClient(server.url);
});
afterAll(() => server.close());

function link(id: string, token: string, role: 'view' | 'comment' | 'edit') {
  return createLink(server.url, { id, token }, role);
}

async function startThread(id: string, token: string, author: string, text = 'Split this?') {
  const res = await api(`/models/${id}/comments`, {
    method: 'POST',
    token,
    author,
    json: { anchor: { element: 'orders' }, text },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as any;
}

const reviewsOf = async (id: string, token: string, n = 1) => {
  const { revisions } = (await (await api(`/models/${id}/revisions`, { token })).json()) as any;
  return revisions.find((r: any) => r.number === n).reviews as any[];
};

describe('reviews are keyed by credential, not by name', () => {
  it("a comment link that sends the owner's name does not replace the owner's review", async () => {
    const { id, token } = await createModel(server.url);
    const commenter = await link(id, token, 'comment');
    const review = (as: string, status: string) =>
      api(`/models/${id}/revisions/1/review`, {
        method: 'PUT',
        token: as,
        author: 'Olivia',
        json: { status },
      });
    expect((await review(token, 'changes-requested')).status).toBe(200);
    expect((await review(commenter.credential, 'approved')).status).toBe(200);
    const reviews = await reviewsOf(id, token);
    expect(reviews.map((r) => [r.author, r.role, r.byOwner, r.status])).toEqual([
      ['Olivia', 'owner', true, 'changes-requested'],
      ['Olivia', 'comment', false, 'approved'],
    ]);
    // What the link sees: its own review is `mine`, the owner's is not.
    const seenByLink = await reviewsOf(id, commenter.credential);
    expect(seenByLink.map((r) => r.mine)).toEqual([false, true]);
    // The same credential reviewing again replaces its own review, and only its own.
    expect((await review(commenter.credential, 'changes-requested')).status).toBe(200);
    expect((await reviewsOf(id, token)).map((r) => [r.role, r.status])).toEqual([
      ['owner', 'changes-requested'],
      ['comment', 'changes-requested'],
    ]);
  });

  it('two links are two reviewers even with one name', async () => {
    const { id, token } = await createModel(server.url);
    const first = await link(id, token, 'comment');
    const second = await link(id, token, 'edit');
    for (const [as, status] of [
      [first.credential, 'approved'],
      [second.credential, 'changes-requested'],
    ] as const)
      await api(`/models/${id}/revisions/1/review`, {
        method: 'PUT',
        token: as,
        author: 'Ana',
        json: { status },
      });
    expect((await reviewsOf(id, token)).map((r) => [r.author, r.role, r.status])).toEqual([
      ['Ana', 'comment', 'approved'],
      ['Ana', 'edit', 'changes-requested'],
    ]);
  });
});

describe('comments: a link cannot touch what another credential wrote; the owner moderates', () => {
  it("a comment link sending the owner's name cannot resolve the owner's thread, and its reply shows its own role", async () => {
    const { id, token } = await createModel(server.url);
    const commenter = await link(id, token, 'comment');
    const thread = await startThread(id, token, 'Olivia');
    expect(thread).toMatchObject({ createdBy: 'Olivia', createdByRole: 'owner', byOwner: true, mine: true });

    const resolve = (as: string, resolved: boolean) =>
      api(`/models/${id}/comments/${thread.id}`, {
        method: 'PATCH',
        token: as,
        author: 'Olivia',
        json: { resolved },
      });
    const refused = await expectProblem(await resolve(commenter.credential, true), 403);
    expect(refused.detail).toContain('"comment"');

    const reply = await api(`/models/${id}/comments/${thread.id}/replies`, {
      method: 'POST',
      token: commenter.credential,
      author: 'Olivia',
      json: { text: 'Approved by the owner' },
    });
    expect(reply.status).toBe(201);
    const replied = (await reply.json()) as any;
    expect(replied.resolved).toBe(false);
    expect(replied.comments.map((c: any) => [c.author, c.role, c.byOwner, c.mine])).toEqual([
      ['Olivia', 'owner', true, false],
      ['Olivia', 'comment', false, true],
    ]);
  });

  it('a link cannot edit or delete a comment it did not write; it edits and deletes its own', async () => {
    const { id, token } = await createModel(server.url);
    const ana = await link(id, token, 'comment');
    const bo = await link(id, token, 'edit');
    const thread = await startThread(id, ana.credential, 'Ana', 'first words');
    const [first] = thread.comments;
    const commentPath = `/models/${id}/comments/${thread.id}/comments/${first.id}`;
    await expectProblem(
      await api(commentPath, { method: 'PATCH', token: bo.credential, json: { text: 'forged' } }),
      403,
    );
    await expectProblem(await api(commentPath, { method: 'DELETE', token: bo.credential }), 403);
    // The owner moderates by deleting, never by putting words in someone's mouth.
    await expectProblem(await api(commentPath, { method: 'PATCH', token, json: { text: 'forged' } }), 403);
    await expectProblem(
      await api(`/models/${id}/comments/${thread.id}`, { method: 'DELETE', token: bo.credential }),
      403,
    );

    const edited = await api(commentPath, {
      method: 'PATCH',
      token: ana.credential,
      json: { text: 'better words' },
    });
    expect(edited.status).toBe(200);
    const after = (await edited.json()) as any;
    expect(after.comments[0]).toMatchObject({
      text: 'better words',
      author: 'Ana',
      role: 'comment',
      mine: true,
    });
    expect(after.comments[0].editedAt).toEqual(expect.any(String));
    await expectProblem(
      await api(commentPath, { method: 'PATCH', token: ana.credential, json: { text: '' } }),
      400,
    );
    await expectProblem(
      await api(`/models/${id}/comments/${thread.id}/comments/nope`, {
        method: 'DELETE',
        token: ana.credential,
      }),
      404,
    );

    // Bo replies: the thread is no longer all Ana's, so Ana may delete her comment but not the thread.
    await api(`/models/${id}/comments/${thread.id}/replies`, {
      method: 'POST',
      token: bo.credential,
      json: { text: 'hm' },
    });
    await expectProblem(
      await api(`/models/${id}/comments/${thread.id}`, { method: 'DELETE', token: ana.credential }),
      403,
    );
    expect((await api(commentPath, { method: 'DELETE', token: ana.credential })).status).toBe(204);
    const left = (await (await api(`/models/${id}/comments`, { token })).json()) as any;
    expect(left.threads[0].comments.map((c: any) => c.text)).toEqual(['hm']);
  });

  it('the owner resolves, reopens and deletes any thread or comment; a link resolves its own thread but does not reopen what the owner resolved', async () => {
    const { id, token } = await createModel(server.url);
    const ana = await link(id, token, 'comment');
    const bo = await link(id, token, 'comment');
    const thread = await startThread(id, ana.credential, 'Ana');
    const patch = (as: string, resolved: boolean) =>
      api(`/models/${id}/comments/${thread.id}`, {
        method: 'PATCH',
        token: as,
        author: 'X',
        json: { resolved },
      });

    await expectProblem(await patch(bo.credential, true), 403);
    const own = (await (await patch(ana.credential, true)).json()) as any;
    expect(own).toMatchObject({
      resolved: true,
      resolvedBy: { author: 'X', role: 'comment', byOwner: false },
    });
    await expectProblem(await patch(bo.credential, false), 403);
    expect((await patch(ana.credential, false)).status).toBe(200);

    const byOwner = (await (await patch(token, true)).json()) as any;
    expect(byOwner.resolvedBy).toMatchObject({ role: 'owner', byOwner: true });
    const reopen = await expectProblem(await patch(ana.credential, false), 403);
    expect(reopen.detail).toContain('owner');
    const reopened = (await (await patch(token, false)).json()) as any;
    expect(reopened).toMatchObject({ resolved: false, resolvedBy: null });

    // The owner deletes someone else's comment, then their whole thread.
    const second = await startThread(id, bo.credential, 'Bo');
    const boComment = `/models/${id}/comments/${second.id}/comments/${second.comments[0].id}`;
    await api(`/models/${id}/comments/${second.id}/replies`, {
      method: 'POST',
      token: ana.credential,
      json: { text: 'x' },
    });
    expect((await api(boComment, { method: 'DELETE', token })).status).toBe(204);
    expect((await api(`/models/${id}/comments/${thread.id}`, { method: 'DELETE', token })).status).toBe(204);
    const { threads } = (await (await api(`/models/${id}/comments`, { token })).json()) as any;
    expect(threads.map((t: any) => [t.id, t.comments.map((c: any) => c.text)])).toEqual([[second.id, ['x']]]);
    // A view link does none of it.
    const viewer = await link(id, token, 'view');
    await expectProblem(
      await api(`/models/${id}/comments/${second.id}`, { method: 'DELETE', token: viewer.credential }),
      403,
    );
  });

  it('a link deletes a thread that is all its own', async () => {
    const { id, token } = await createModel(server.url);
    const ana = await link(id, token, 'comment');
    const thread = await startThread(id, ana.credential, 'Ana');
    expect(
      (await api(`/models/${id}/comments/${thread.id}`, { method: 'DELETE', token: ana.credential })).status,
    ).toBe(204);
    await expectProblem(await api(`/models/${id}/comments/${thread.id}`, { method: 'DELETE', token }), 404);
  });
});

describe('revisions record the credential that wrote them', () => {
  it('create, PUT and restore by owner and by an edit link', async () => {
    const { id, token } = await createModel(server.url);
    const editor = await link(id, token, 'edit');
    const put = await api(`/models/${id}`, {
      method: 'PUT',
      token: editor.credential,
      author: 'Olivia',
      headers: { 'if-match': '"r1"' },
      json: { ...minimalModel, name: 'Two' },
    });
    expect(put.status).toBe(200);
    expect(
      (await api(`/models/${id}/revisions/1/restore`, { method: 'POST', token, author: 'Olivia' })).status,
    ).toBe(200);
    const { revisions } = (await (await api(`/models/${id}/revisions`, { token })).json()) as any;
    expect(revisions.map((r: any) => [r.number, r.author, r.role, r.byOwner])).toEqual([
      [3, 'Olivia', 'owner', true],
      [2, 'Olivia', 'edit', false],
      [1, null, 'owner', true],
    ]);
    const one = (await (await api(`/models/${id}/revisions/2`, { token })).json()) as any;
    expect(one).toMatchObject({ author: 'Olivia', role: 'edit', byOwner: false });
    // The link's id, never its secret, is what is stored.
    const rows = await databaseOf(server.store).all<{ actor: string }>(
      'SELECT actor FROM revisions WHERE model_id = ? ORDER BY number',
      [id],
    );
    expect(rows.map((r) => r.actor)).toEqual(['owner', `link:${editor.id}`, 'owner']);
    const secretPart = editor.credential.split('_').slice(2).join('_');
    for (const table of ['revisions', 'comments', 'comment_threads', 'reviews'])
      expect(JSON.stringify(await databaseOf(server.store).all(`SELECT * FROM ${table}`))).not.toContain(
        secretPart,
      );
  });

  it('a live change made with an edit link becomes a revision by that link', async () => {
    const base: Model = {
      ...minimalModel,
      nodes: [{ id: 'orders', kind: 'service', name: 'Orders' }],
    } as Model;
    const { id, token } = await createModel(server.url, base);
    const editor = await link(id, token, 'edit');
    const peer = new LivePeer(server.url, id, editor.credential, 'Ana');
    await peer.ready;
    const next = structuredClone(docToModel(peer.doc));
    next.nodes.push({ id: 'stock', kind: 'service', name: 'Stock' });
    applyModel(peer.doc, next, 'local');
    await peer.settled();
    await peer.close();
    let revisions: any[] = [];
    const start = Date.now();
    while (revisions.length < 2 && Date.now() - start < 8000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      revisions = ((await (await api(`/models/${id}/revisions`, { token })).json()) as any).revisions;
    }
    expect(revisions[0]).toMatchObject({ number: 2, author: 'Ana', role: 'edit', byOwner: false });
  });
});

describe('change events', () => {
  it('each server hears its own store only: events are injected, not process-global', async () => {
    const other = await testServer();
    try {
      const heard: string[] = [];
      const listener = (modelId: string) => heard.push(modelId);
      other.store.events.on('comments', listener);
      const { id, token } = await createModel(server.url);
      await startThread(id, token, 'Ada');
      const mine = await createModel(other.url);
      await apiClient(other.url)(`/models/${mine.id}/comments`, {
        method: 'POST',
        token: mine.token,
        json: { anchor: {}, text: 'here' },
      });
      expect(heard).toEqual([mine.id]);
      other.store.events.off('comments', listener);
    } finally {
      await other.close();
    }
  });
});
