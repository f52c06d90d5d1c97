// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as shapes from '@meshplan/api';
import { applyModel, docToModel } from '@meshplan/collab';
import type { Model } from '@meshplan/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LivePeer } from './live/client.js';
import {
  apiClient,
  builtServer,
  createLink,
  createModel,
  startBuiltServer,
  testServer,
} from './test-support.js';

/**
 * Issue 13, "Review flow": a revision per burst of editing (folded when the authors pause, at
 * least every so often while they do not, before a review, when the room closes), the owner's
 * edits credited to the owner's name, the model's latest verdict, and what a link's landing says.
 */
const base: Model = {
  format: 'meshplan/v1',
  name: 'Review flow',
  nodes: [{ id: 'orders', kind: 'service', name: 'Orders' }],
  edges: [],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 8000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await sleep(20);
  }
}

/** Changes a peer's document the way the editor does: the next model, as one transaction. */
function edit(peer: LivePeer, recipe: (model: Model) => void) {
  const model = structuredClone(docToModel(peer.doc));
  recipe(model);
  applyModel(peer.doc, model, 'local');
}

const addNode = (peer: LivePeer, id: string) =>
  edit(peer, (m) => {
    m.nodes.push({ id, kind: 'service', name: `Node ${id}` });
  });

async function revisionsOf(url: string, created: { id: string; token: string }): Promise<any[]> {
  const res = await apiClient(url)(`/models/${created.id}/revisions`, { token: created.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as any).revisions;
}

describe('a revision per burst of editing', () => {
  it('folds changes with pauses shorter than the configured pause into one revision', async () => {
    const server = await testServer({ live: { revisionPauseMs: 2500, revisionMaxDelayMs: 60_000 } });
    try {
      const created = await createModel(server.url, base);
      const peer = new LivePeer(server.url, created.id, created.token, 'Ada');
      await peer.ready;
      // Three changes 1.2 s apart: each gap is longer than the old one-second fold.
      for (const id of ['a', 'b', 'c']) {
        addNode(peer, id);
        await peer.settled();
        await sleep(1200);
      }
      expect((await revisionsOf(server.url, created)).map((r) => r.number)).toEqual([1]);
      // Once the author pauses, the burst becomes one revision, with everything in it.
      await until(async () => (await revisionsOf(server.url, created)).length === 2);
      const [folded] = await revisionsOf(server.url, created);
      expect(folded).toMatchObject({ number: 2, author: 'Ada', summary: 'added 3 nodes' });
      await sleep(500);
      expect(await revisionsOf(server.url, created)).toHaveLength(2);
      await peer.close();
    } finally {
      await server.close();
    }
  });

  it('still writes a revision at least every MESHPLAN_LIVE_REVISION_MAX_DELAY_MS for someone who never pauses', async () => {
    const server = await testServer({ live: { revisionPauseMs: 5000, revisionMaxDelayMs: 1000 } });
    try {
      const created = await createModel(server.url, base);
      const peer = new LivePeer(server.url, created.id, created.token, 'Ada');
      await peer.ready;
      const startedAt = Date.now();
      for (let i = 0; Date.now() - startedAt < 3500; i++) {
        addNode(peer, `n${i}`);
        await sleep(150);
      }
      await peer.settled();
      // About one a second while the author never paused for five.
      const written = (await revisionsOf(server.url, created)).length - 1;
      expect(written).toBeGreaterThanOrEqual(2);
      expect(written).toBeLessThanOrEqual(4);
      await peer.close();
    } finally {
      await server.close();
    }
  });

  it('folds first when a review is recorded: the review names the revision that holds what was reviewed', async () => {
    const server = await testServer({ live: { revisionPauseMs: 60_000 } });
    try {
      const created = await createModel(server.url, base);
      const reviewer = await createLink(server.url, created, 'comment');
      const peer = new LivePeer(server.url, created.id, created.token, 'Ada');
      await peer.ready;
      addNode(peer, 'stock');
      await peer.settled();
      expect(await revisionsOf(server.url, created)).toHaveLength(1);

      // The reviewer saw the model live (with Stock) and reviews the newest revision they knew.
      const res = await apiClient(server.url)(`/models/${created.id}/revisions/1/review`, {
        method: 'PUT',
        token: reviewer.credential,
        author: 'Rita',
        json: { status: 'changes-requested', summary: 'Stock needs a database' },
      });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as any;
      expect(answer.revision).toBe(2);
      const revisions = await revisionsOf(server.url, created);
      expect(revisions.map((r) => [r.number, r.reviews.length])).toEqual([
        [2, 1],
        [1, 0],
      ]);
      const two = (await (
        await apiClient(server.url)(`/models/${created.id}/revisions/2`, { token: created.token })
      ).json()) as any;
      expect(two.model.nodes.map((n: any) => n.id)).toContain('stock');

      // An explicit older revision is reviewed as asked, and nothing is folded for it.
      const older = await apiClient(server.url)(`/models/${created.id}/revisions/1/review`, {
        method: 'PUT',
        token: created.token,
        author: 'Olivia',
        json: { status: 'approved' },
      });
      expect(((await older.json()) as any).revision).toBe(1);
      await peer.close();
    } finally {
      await server.close();
    }
  });

  it('folds when the last peer leaves and when the server shuts down, long before the pause', async () => {
    const server = await testServer({ live: { revisionPauseMs: 600_000 } });
    const created = await createModel(server.url, base);
    try {
      const peer = new LivePeer(server.url, created.id, created.token, 'Ada');
      await peer.ready;
      addNode(peer, 'left');
      await peer.settled();
      await peer.close();
      await until(async () => (await revisionsOf(server.url, created)).length === 2);

      const again = new LivePeer(server.url, created.id, created.token, 'Ada');
      await again.ready;
      addNode(again, 'stopped');
      await again.settled();
      expect(await revisionsOf(server.url, created)).toHaveLength(2);
    } finally {
      await server.close();
    }
    const restarted = await testServer({ dataDir: server.dataDir });
    try {
      const revisions = await revisionsOf(restarted.url, created);
      expect(revisions.map((r) => [r.number, r.author])).toEqual([
        [3, 'Ada'],
        [2, 'Ada'],
        [1, null],
      ]);
    } finally {
      await restarted.close();
    }
  });
});

describe('who a live revision credits', () => {
  it('credits a change that arrives while the revision before it is written to its author, not to nobody', async () => {
    const server = await testServer({ live: { revisionPauseMs: 60_000 } });
    try {
      const created = await createModel(server.url, base);
      const link = await createLink(server.url, created, 'edit');
      const ada = new LivePeer(server.url, created.id, created.token, 'Ada');
      const bo = new LivePeer(server.url, created.id, link.credential, 'Bo');
      await Promise.all([ada.ready, bo.ready]);
      addNode(ada, 'by-ada');
      await ada.settled();
      // Bo's change reaches the room while it writes Ada's revision (the store is slow today).
      const store = server.store;
      const put = store.put.bind(store);
      let slowed = false;
      store.put = async (...args: Parameters<typeof put>) => {
        if (!slowed) {
          slowed = true;
          addNode(bo, 'by-bo');
          await sleep(400);
        }
        return put(...args);
      };
      expect(await server.live.fold(created.id)).toBe(2);
      await bo.settled();
      expect(await server.live.fold(created.id)).toBe(3);
      const revisions = await revisionsOf(server.url, created);
      expect(revisions.map((r) => [r.number, r.author, r.role, r.summary])).toEqual([
        [3, 'Bo', 'edit', 'added 1 node'],
        [2, 'Ada', 'owner', 'added 1 node'],
        [1, null, 'owner', 'created'],
      ]);
      await Promise.all([ada.close(), bo.close()]);
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!existsSync(builtServer))('a burst cut short by a crash (built server)', () => {
  it('loses nothing acknowledged: a restart folds it into one revision, credited', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-review-crash-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const url = `http://127.0.0.1:${port}`;
    const env = { MESHPLAN_LIVE_REVISION_PAUSE_MS: '600000' };
    let child = await startBuiltServer(dataDir, port, env);
    const created = await createModel(url, base);
    const peer = new LivePeer(url, created.id, created.token, 'Ada');
    await peer.ready;
    for (let i = 0; i < 10; i++) addNode(peer, `n${i}`);
    await peer.settled();
    expect(peer.acked).toBe(peer.sent);
    expect(await revisionsOf(url, created)).toHaveLength(1);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    child = await startBuiltServer(dataDir, port, env);
    try {
      const revisions = await revisionsOf(url, created);
      expect(revisions.map((r) => [r.number, r.author, r.summary])).toEqual([
        [2, 'Ada', 'added 10 nodes'],
        [1, null, 'created'],
      ]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the owner’s edits carry the owner’s name', () => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await testServer({ live: { revisionPauseMs: 200 } });
    api = apiClient(server.url);
  });
  afterAll(() => server.close());

  it('a write with the owner token and no name is credited to the name the owner last gave', async () => {
    const res = await api('/models', { method: 'POST', json: base, author: 'Olivia' });
    const { id, token } = (await res.json()) as { id: string; token: string };
    const put = (name: string, author?: string) =>
      api(`/models/${id}`, {
        method: 'PUT',
        token,
        json: { ...base, name },
        headers: { 'if-match': '*' },
        ...(author === undefined ? {} : { author }),
      });
    expect((await put('Second')).status).toBe(200);
    expect((await api(`/models/${id}/revisions/1/restore`, { method: 'POST', token })).status).toBe(200);
    // A link holder without a name stays nameless: the owner's name is the owner's only.
    const editor = await createLink(server.url, { id, token }, 'edit');
    expect(
      (
        await api(`/models/${id}`, {
          method: 'PUT',
          token: editor.credential,
          json: { ...base, name: 'By a link' },
          headers: { 'if-match': '*' },
        })
      ).status,
    ).toBe(200);
    const revisions = await revisionsOf(server.url, { id, token });
    expect(revisions.map((r) => [r.number, r.author, r.role])).toEqual([
      [4, null, 'edit'],
      [3, 'Olivia', 'owner'],
      [2, 'Olivia', 'owner'],
      [1, 'Olivia', 'owner'],
    ]);
  });

  it('a live owner with no name in hello is credited with the owner’s name, not "Anonymous"', async () => {
    const res = await api('/models', { method: 'POST', json: base, author: 'Olivia' });
    const created = (await res.json()) as { id: string; token: string };
    const peer = new LivePeer(server.url, created.id, created.token, '');
    await peer.ready;
    addNode(peer, 'stock');
    await peer.settled();
    await until(async () => (await revisionsOf(server.url, created)).length === 2);
    expect((await revisionsOf(server.url, created))[0]).toMatchObject({
      author: 'Olivia',
      role: 'owner',
      byOwner: true,
    });
    await peer.close();
  });
});

describe('the model’s latest review verdict', () => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await testServer();
    api = apiClient(server.url);
  });
  afterAll(() => server.close());

  it('is "changes-requested" after such a review, and cleared by a later approval on any revision', async () => {
    const created = await createModel(server.url, base);
    const reviewer = await createLink(server.url, created, 'comment');
    const viewer = await createLink(server.url, created, 'view');
    const status = async (token: string) => {
      const res = await api(`/models/${created.id}/review-status`, { token });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(shapes.modelReviewStatus.parse(body)).toEqual(body);
      return body as any;
    };
    expect(await status(viewer.credential)).toEqual({
      status: null,
      revision: null,
      author: null,
      role: null,
      byOwner: false,
      createdAt: null,
    });
    const review = (token: string, n: number, verdict: string, author: string) =>
      api(`/models/${created.id}/revisions/${n}/review`, {
        method: 'PUT',
        token,
        author,
        json: { status: verdict },
      });
    expect((await review(reviewer.credential, 1, 'changes-requested', 'Rita')).status).toBe(200);
    expect(await status(viewer.credential)).toMatchObject({
      status: 'changes-requested',
      revision: 1,
      author: 'Rita',
      role: 'comment',
    });
    await sleep(5);
    const put = await api(`/models/${created.id}`, {
      method: 'PUT',
      token: created.token,
      json: { ...base, name: 'Fixed' },
      headers: { 'if-match': '"r1"' },
    });
    expect(put.status).toBe(200);
    expect((await review(created.token, 2, 'approved', 'Olivia')).status).toBe(200);
    expect(await status(reviewer.credential)).toMatchObject({
      status: 'approved',
      revision: 2,
      author: 'Olivia',
      byOwner: true,
    });
  });

  it('is a 404 without a good credential, like the model itself', async () => {
    const created = await createModel(server.url, base);
    expect((await api(`/models/${created.id}/review-status`, { token: 'nope' })).status).toBe(404);
    expect((await api(`/models/${created.id}/review-status`)).status).toBe(401);
  });
});

describe('what a share link’s landing page is told', () => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await testServer();
    api = apiClient(server.url);
  });
  afterAll(() => server.close());

  it('names the model, the owner who shared it, the role and the expiry', async () => {
    const res = await api('/models', { method: 'POST', json: base, author: 'Olivia' });
    const created = (await res.json()) as { id: string; token: string };
    const expiresAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
    const link = await createLink(server.url, created, 'comment', expiresAt);
    const access = await api(`/models/${created.id}/access`, { token: link.credential });
    expect(access.status).toBe(200);
    const body = await access.json();
    expect(shapes.access.parse(body)).toEqual(body);
    expect(body).toEqual({ role: 'comment', modelName: 'Review flow', sharedBy: 'Olivia', expiresAt });
    const owner = (await (await api(`/models/${created.id}/access`, { token: created.token })).json()) as any;
    expect(owner).toEqual({ role: 'owner', modelName: 'Review flow', sharedBy: 'Olivia', expiresAt: null });
  });

  it('says nobody by name when the owner never gave one', async () => {
    const created = await createModel(server.url, base);
    const link = await createLink(server.url, created, 'view');
    const body = (await (
      await api(`/models/${created.id}/access`, { token: link.credential })
    ).json()) as any;
    expect(body).toMatchObject({ role: 'view', sharedBy: null, expiresAt: null });
  });
});
