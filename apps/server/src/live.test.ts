// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyModel, docToModel } from '@meshplan/collab';
import type { Model } from '@meshplan/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LivePeer } from './live/client.js';
import { builtServer, createLink, createModel, startBuiltServer, testServer } from './test-support.js';

const base: Model = {
  format: 'meshplan/v1',
  name: 'Live',
  nodes: [
    { id: 'orders', kind: 'service', name: 'Orders' },
    { id: 'payments', kind: 'service', name: 'Payments' },
  ],
  edges: [],
};

/** Changes a peer's document the way the editor does: the next model, applied as one transaction. */
function edit(peer: LivePeer, recipe: (model: Model) => void) {
  const model = structuredClone(docToModel(peer.doc));
  recipe(model);
  applyModel(peer.doc, model, 'local');
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - start;
}

async function current(url: string, created: { id: string; token: string }) {
  const res = await fetch(`${url}/api/v1/models/${created.id}`, {
    headers: { authorization: `Bearer ${created.token}` },
  });
  return (await res.json()) as Model;
}

describe('live editing', () => {
  let server: Awaited<ReturnType<typeof testServer>>;
  beforeAll(async () => {
    // Revisions are written when the authors pause (30 s by default): a short pause for these tests.
    server = await testServer({ live: { revisionPauseMs: 300 } });
  });
  afterAll(() => server.close());

  it('shows one person’s change to another within a second, acknowledges it, and writes a revision', async () => {
    const created = await createModel(server.url, base);
    const a = new LivePeer(server.url, created.id, created.token, 'Ada');
    const b = new LivePeer(server.url, created.id, created.token, 'Bo');
    await Promise.all([a.ready, b.ready]);
    expect(docToModel(b.doc).nodes.map((n) => n.id)).toEqual(['orders', 'payments']);

    edit(a, (m) => {
      m.nodes.push({ id: 'stock', kind: 'service', name: 'Stock' });
    });
    const seen = await until(() => docToModel(b.doc).nodes.some((n) => n.id === 'stock'));
    expect(seen).toBeLessThan(1000);
    await a.settled();

    await until(() => false, 1500).catch(() => undefined);
    const stored = await current(server.url, created);
    expect(stored.nodes.map((n) => n.id)).toContain('stock');
    const revisions = (await (
      await fetch(`${server.url}/api/v1/models/${created.id}/revisions`, {
        headers: { authorization: `Bearer ${created.token}` },
      })
    ).json()) as any;
    expect(revisions.revisions[0].author).toBe('Ada');
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps both changes when two people edit different elements at once; one wins on the same field', async () => {
    const created = await createModel(server.url, base);
    const a = new LivePeer(server.url, created.id, created.token, 'Ada');
    const b = new LivePeer(server.url, created.id, created.token, 'Bo');
    await Promise.all([a.ready, b.ready]);
    edit(a, (m) => {
      (m.nodes[0] as any).name = 'Orders (A)';
      (m.nodes[1] as any).description = 'same field: A';
    });
    edit(b, (m) => {
      (m.nodes[1] as any).name = 'Payments (B)';
      (m.nodes[1] as any).description = 'same field: B';
    });
    await Promise.all([a.settled(), b.settled()]);
    await until(() => JSON.stringify(docToModel(a.doc)) === JSON.stringify(docToModel(b.doc)));
    const merged = docToModel(a.doc);
    expect(merged.nodes.map((n) => n.name)).toEqual(['Orders (A)', 'Payments (B)']);
    expect(['same field: A', 'same field: B']).toContain(merged.nodes[1]?.description);
    await Promise.all([a.close(), b.close()]);
  });

  it('repairs what a merge breaks: an edge to a node someone else deleted', async () => {
    const created = await createModel(server.url, base);
    const a = new LivePeer(server.url, created.id, created.token, 'Ada');
    const b = new LivePeer(server.url, created.id, created.token, 'Bo');
    await Promise.all([a.ready, b.ready]);
    edit(a, (m) => {
      m.nodes = m.nodes.filter((n) => n.id !== 'payments');
    });
    edit(b, (m) => {
      m.edges.push({ id: 'call', kind: 'sync', from: 'orders', to: 'payments', protocol: 'rest' });
    });
    await Promise.all([a.settled(), b.settled()]);
    await until(() => false, 1500).catch(() => undefined);
    const stored = await current(server.url, created);
    expect(stored.nodes.map((n) => n.id)).toEqual(['orders']);
    expect(stored.edges).toEqual([]);
    await until(() => docToModel(b.doc).edges.length === 0);
    await Promise.all([a.close(), b.close()]);
  });

  it('lets an edit link change the model and a view link only watch', async () => {
    const created = await createModel(server.url, base);
    const link = async (role: 'view' | 'comment' | 'edit') =>
      (await createLink(server.url, created, role)).credential;
    const owner = new LivePeer(server.url, created.id, created.token, 'Owner');
    const editor = new LivePeer(server.url, created.id, await link('edit'), 'Editor');
    const viewer = new LivePeer(server.url, created.id, await link('view'), 'Viewer');
    await Promise.all([owner.ready, editor.ready, viewer.ready]);
    expect([owner.role, editor.role, viewer.role]).toEqual(['owner', 'edit', 'view']);
    edit(viewer, (m) => {
      m.name = 'Changed by a viewer';
    });
    edit(editor, (m) => {
      m.nodes.push({ id: 'from-editor', kind: 'service', name: 'From the editor' });
    });
    await until(() => docToModel(viewer.doc).nodes.some((n) => n.id === 'from-editor'));
    await until(() => docToModel(owner.doc).nodes.some((n) => n.id === 'from-editor'));
    await until(() => false, 300).catch(() => undefined);
    expect(docToModel(owner.doc).name).toBe('Live');

    // Revoking the edit link puts its holder out of the room at once.
    const links = (await (
      await fetch(`${server.url}/api/v1/models/${created.id}/links`, {
        headers: { authorization: `Bearer ${created.token}` },
      })
    ).json()) as any;
    const closed = new Promise<number>((resolve) => (editor as any).ws.once('close', resolve));
    const editLink = links.links.find((l: any) => l.role === 'edit');
    await fetch(`${server.url}/api/v1/models/${created.id}/links/${editLink.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(await closed).toBe(4404);
    await Promise.all([owner.close(), editor.close(), viewer.close()]);
  });

  it('leaves a view or comment link nothing unacknowledged: it has nothing to save', async () => {
    const created = await createModel(server.url, base);
    const link = async (role: 'view' | 'comment' | 'edit') =>
      (await createLink(server.url, created, role)).credential;
    const viewer = new LivePeer(server.url, created.id, await link('view'), 'Viewer');
    const commenter = new LivePeer(server.url, created.id, await link('comment'), 'Commenter');
    await Promise.all([viewer.ready, commenter.ready]);
    // Their answers to the server's sync, and even a change they try, are refused, not pending.
    edit(viewer, (m) => {
      m.name = 'Changed by a viewer';
    });
    await until(() => false, 300).catch(() => undefined);
    for (const peer of [viewer, commenter]) {
      expect(peer.sent - peer.acked).toBe(0);
      await peer.settled(500);
      expect(peer.mayWrite).toBe(false);
    }
    expect((await current(server.url, created)).name).toBe('Live');
    await Promise.all([viewer.close(), commenter.close()]);
  });

  it('refuses a wrong credential and a model that does not exist', async () => {
    const created = await createModel(server.url, base);
    await expect(new LivePeer(server.url, created.id, 'nope', 'X').ready).rejects.toThrow('closed: 4404');
    await expect(new LivePeer(server.url, 'no-such-model', created.token, 'X').ready).rejects.toThrow(
      'closed: 4404',
    );
  });

  it('takes in a revision written through the REST API while people are editing', async () => {
    const created = await createModel(server.url, base);
    const a = new LivePeer(server.url, created.id, created.token, 'Ada');
    await a.ready;
    const res = await fetch(`${server.url}/api/v1/models/${created.id}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${created.token}`,
        'if-match': '*',
      },
      body: JSON.stringify({ ...base, name: 'Renamed over REST' }),
    });
    expect(res.status).toBe(200);
    await until(() => docToModel(a.doc).name === 'Renamed over REST');
    await a.close();
  });
});

describe.skipIf(!existsSync(builtServer))('live editing across a crash (built server)', () => {
  it('loses no acknowledged change when the server is killed and restarted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-live-crash-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const url = `http://127.0.0.1:${port}`;
    let child = await startBuiltServer(dataDir, port);
    const created = await createModel(url, base);
    const peer = new LivePeer(url, created.id, created.token, 'Ada');
    await peer.ready;
    for (let i = 0; i < 40; i++) {
      edit(peer, (m) => {
        m.nodes.push({ id: `n${i}`, kind: 'service', name: `Node ${i}` });
      });
    }
    await peer.settled();
    // Killed before the room folds the changes into a revision (a second after the last one).
    const acknowledged = peer.acked;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(acknowledged).toBe(peer.sent);
    child = await startBuiltServer(dataDir, port);
    try {
      const stored = await current(url, created);
      for (let i = 0; i < 40; i++) expect(stored.nodes.map((n) => n.id)).toContain(`n${i}`);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
