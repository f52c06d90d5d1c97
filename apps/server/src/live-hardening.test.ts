// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { docToModel } from '@meshplan/collab';
import { awarenessMessage, CLOSE, syncStep1 } from '@meshplan/collab/protocol';
import type { Model } from '@meshplan/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { LivePeer } from './live/client.js';
import { apiClient, createLink, createModel, testServer } from './test-support.js';

const base: Model = {
  format: 'meshplan/v1',
  name: 'Hardened',
  nodes: [
    { id: 'orders', kind: 'service', name: 'Orders' },
    { id: 'payments', kind: 'service', name: 'Payments' },
  ],
  edges: [],
};

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Server = Awaited<ReturnType<typeof testServer>>;

async function link(
  server: Server,
  created: { id: string; token: string },
  role: 'view' | 'comment' | 'edit',
  expiresAt?: string,
) {
  return (await createLink(server.url, created, role, expiresAt)).credential;
}

async function current(server: Server, created: { id: string; token: string }) {
  const res = await apiClient(server.url)(`/models/${created.id}`, { token: created.token });
  return { status: res.status, model: (res.status === 200 ? await res.json() : undefined) as Model };
}

/** Resolves with the close code of a peer's socket. */
function closed(peer: LivePeer, timeoutMs = 5000): Promise<number> {
  return until(() => peer.closeCode !== undefined, timeoutMs).then(() => peer.closeCode as number);
}

/** A raw socket that has said hello and read `ready`, counting what it receives. */
async function rawPeer(server: Server, modelId: string, credential: string) {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v1/models/${modelId}/live`);
  const frames: Buffer[] = [];
  let code: number | undefined;
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) frames.push(data);
  });
  ws.on('close', (c) => {
    code = c;
  });
  ws.on('error', () => undefined);
  await new Promise<void>((resolve) => ws.once('open', () => resolve()));
  ws.send(JSON.stringify({ type: 'hello', credential, name: 'Raw' }));
  await new Promise<void>((resolve) => ws.once('message', () => resolve()));
  return { ws, frames, code: () => code };
}

describe('live editing that cannot be crashed', () => {
  let server: Server;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(() => server.close());

  it('refuses an update that would make the document not a model, undoes it for its sender, and carries on', async () => {
    const created = await createModel(server.url, base);
    const attacker = new LivePeer(server.url, created.id, created.token, 'Mallory');
    const other = new LivePeer(server.url, created.id, created.token, 'Ada');
    await Promise.all([attacker.ready, other.ready]);

    // What the attack did: the top-level `contexts` set to a number.
    attacker.doc.getMap('model').set('contexts', 5);
    await until(() => attacker.notices.some((n) => n.type === 'refused'));
    const refusal = attacker.notices.find((n) => n.type === 'refused') as any;
    expect(refusal.errors[0].path).toBe('contexts');
    // The server sent the change that undoes it: the sender's document is a model again.
    await until(() => attacker.doc.getMap('model').get('contexts') === undefined);
    await attacker.settled();

    // Everyone else carries on; a valid change still becomes a revision.
    other.doc.transact(() => {
      const fields = new Y.Map<unknown>([
        ['id', 'stock'],
        ['kind', 'service'],
        ['name', 'Stock'],
      ]);
      other.doc.getMap('nodes').set('stock', fields);
      other.doc.getArray('nodes:order').push(['stock']);
    }, 'local');
    await other.settled();
    await until(() => docToModel(attacker.doc).nodes.some((n) => n.id === 'stock'));
    expect(docToModel(other.doc).contexts).toBeUndefined();

    // The last one out folds the room; the process is still here and the model is whole.
    await Promise.all([attacker.close(), other.close()]);
    await until(() => server.live.rooms.size === 0);
    await sleep(100);
    const after = await current(server, created);
    expect(after.status).toBe(200);
    expect(after.model.nodes.map((n) => n.id)).toEqual(['orders', 'payments', 'stock']);
    expect(after.model.contexts).toBeUndefined();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it.each([
    [
      'a node kind that does not exist',
      (doc: Y.Doc) => (doc.getMap('nodes').get('orders') as Y.Map<unknown>).set('kind', 'banana'),
      'nodes["orders"].kind',
    ],
    [
      'a number JSON cannot carry',
      (doc: Y.Doc) =>
        (doc.getMap('nodes').get('orders') as Y.Map<unknown>).set('replicas', Number.POSITIVE_INFINITY),
      'nodes["orders"].replicas',
    ],
    [
      'nesting deeper than the limit',
      (doc: Y.Doc) => {
        let schema: Record<string, unknown> = { type: 'string' };
        for (let i = 0; i < 200; i++) schema = { type: 'object', properties: { a: schema } };
        (doc.getMap('nodes').get('orders') as Y.Map<unknown>).set('api', {
          style: 'rest',
          endpoints: [{ method: 'GET', path: '/x', responseSchema: schema }],
        });
      },
      'nodes["orders"].api',
    ],
    ['a shared type outside the model', (doc: Y.Doc) => doc.getMap('evil').set('x', 1), ''],
    [
      'an element stored under another id',
      (doc: Y.Doc) => (doc.getMap('nodes').get('orders') as Y.Map<unknown>).set('id', 'payments'),
      'nodes["orders"].id',
    ],
    [
      'an order entry that is not an id',
      (doc: Y.Doc) => doc.getArray('nodes:order').push([42]),
      'nodes:order',
    ],
    [
      'a view whose elements are not ids',
      (doc: Y.Doc) => {
        doc.getMap('views').set(
          'v',
          new Y.Map<unknown>([
            ['id', 'v'],
            ['name', 'V'],
            ['elements', ['../orders']],
          ]),
        );
        doc.getArray('views:order').push(['v']);
      },
      'views["v"].elements[0]',
    ],
    [
      'a view under the id of a node (one id space)',
      (doc: Y.Doc) => {
        doc.getMap('views').set(
          'orders',
          new Y.Map<unknown>([
            ['id', 'orders'],
            ['name', 'V'],
            ['elements', []],
          ]),
        );
        doc.getArray('views:order').push(['orders']);
      },
      'views["orders"].id',
    ],
    [
      'an element that is not a map',
      (doc: Y.Doc) => {
        doc.getMap('nodes').set('junk', 42);
      },
      'nodes["junk"]',
    ],
  ])('refuses %s and names the place', async (_what, attack, path) => {
    const created = await createModel(server.url, base);
    const peer = new LivePeer(server.url, created.id, created.token, 'Mallory');
    await peer.ready;
    attack(peer.doc);
    await until(() => peer.notices.some((n) => n.type === 'refused'));
    const refusal = peer.notices.find((n) => n.type === 'refused') as any;
    expect(refusal.errors[0].path.startsWith(path)).toBe(true);
    await peer.settled();
    // Undone on the sender's side: its document reads as the model it was.
    await until(() => JSON.stringify(docToModel(peer.doc)) === JSON.stringify(base));
    await peer.close();
    await until(() => server.live.rooms.size === 0);
    expect((await current(server, created)).model).toEqual(base);
  });

  it('acknowledges only what was committed: a failed write is an error to its sender and the room starts again from disk', async () => {
    const created = await createModel(server.url, base);
    const a = new LivePeer(server.url, created.id, created.token, 'Ada', true);
    const b = new LivePeer(server.url, created.id, created.token, 'Bo');
    await Promise.all([a.ready, b.ready]);
    const append = server.store.live.append;
    server.store.live.append = async () => {
      throw Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
    };
    try {
      (a.doc.getMap('nodes').get('orders') as Y.Map<unknown>).set('name', 'Orders (lost?)');
      expect(await closed(b)).toBe(CLOSE.unavailable);
      expect(a.acked).toBe(0);
    } finally {
      server.store.live.append = append;
    }
    // The sender reconnects; its change, never acknowledged, goes again with its sync.
    await until(() => a.acked > 0 && a.acked === a.sent, 10_000);
    await a.close();
    await until(() => server.live.rooms.size === 0);
    await sleep(100);
    expect((await current(server, created)).model.nodes[0]?.name).toBe('Orders (lost?)');
    await b.close();
  });

  it('puts everyone out when the model is deleted, and nothing more is written', async () => {
    const created = await createModel(server.url, base);
    const owner = new LivePeer(server.url, created.id, created.token, 'Owner');
    const viewer = new LivePeer(server.url, created.id, await link(server, created, 'view'), 'Viewer');
    await Promise.all([owner.ready, viewer.ready]);
    const res = await apiClient(server.url)(`/models/${created.id}`, {
      method: 'DELETE',
      token: created.token,
    });
    expect(res.status).toBe(204);
    expect(await closed(owner)).toBe(CLOSE.notFound);
    expect(await closed(viewer)).toBe(CLOSE.notFound);
    expect((await current(server, created)).status).toBe(404);
  });

  it('ends an edit link’s session when it expires; a change after that is not kept', async () => {
    const created = await createModel(server.url, base);
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const editor = new LivePeer(
      server.url,
      created.id,
      await link(server, created, 'edit', expiresAt),
      'Temp',
    );
    await editor.ready;
    expect(await closed(editor, 4000)).toBe(CLOSE.gone);
    (editor.doc.getMap('nodes').get('orders') as Y.Map<unknown>).set('name', 'Too late');
    await until(() => server.live.rooms.size === 0);
    await sleep(100);
    expect((await current(server, created)).model.nodes[0]?.name).toBe('Orders');
  });

  it('lets a peer set only its own presence, stamped with its name and role, relayed once per change', async () => {
    const created = await createModel(server.url, base);
    const owner = new LivePeer(server.url, created.id, created.token, 'Owner');
    const viewers = await Promise.all(
      [1, 2, 3, 4].map(
        async (i) => new LivePeer(server.url, created.id, await link(server, created, 'view'), `V${i}`),
      ),
    );
    await Promise.all([owner.ready, ...viewers.map((v) => v.ready)]);
    let frames = 0;
    viewers[1]?.awareness.on('update', () => {
      frames++;
    });
    owner.awareness.setLocalState({ name: 'Someone else', color: '#000', selection: [] });
    await until(() =>
      viewers.every((v) => (v.awareness.getStates().get(owner.doc.clientID) as any)?.name === 'Owner'),
    );
    expect(((viewers[0] as LivePeer).awareness.getStates().get(owner.doc.clientID) as any).role).toBe(
      'owner',
    );
    await sleep(200);
    expect(frames).toBe(1);

    // A view link writes the owner's entry: refused, and the owner's presence stands.
    const forger = viewers[0] as LivePeer;
    const fake = new Y.Doc();
    fake.clientID = owner.doc.clientID;
    const { Awareness } = await import('y-protocols/awareness');
    const forged = new Awareness(fake);
    forged.setLocalState({ name: 'Owner (approves everything)' });
    forged.meta.set(fake.clientID, { clock: 100, lastUpdated: Date.now() });
    forger.sendRaw(awarenessMessage(forged, [fake.clientID]));
    expect(await closed(forger)).toBe(CLOSE.badRequest);
    await sleep(100);
    expect(((viewers[1] as LivePeer).awareness.getStates().get(owner.doc.clientID) as any).name).toBe(
      'Owner',
    );
    forged.destroy();
    await Promise.all([owner.close(), ...viewers.map((v) => v.close())]);
  });

  it('answers repeated requests for the whole document at most once per interval', async () => {
    const created = await createModel(server.url, base);
    const viewer = await rawPeer(server, created.id, await link(server, created, 'view'));
    await sleep(100);
    const before = viewer.frames.length;
    const empty = syncStep1(new Y.Doc());
    for (let i = 0; i < 50; i++) viewer.ws.send(empty);
    await sleep(500);
    // The first is answered at once, the rest fold into one answer at the end of the interval.
    expect(viewer.frames.length - before).toBe(1);
    await sleep(2000);
    expect(viewer.frames.length - before).toBe(2);
    viewer.ws.close();
  });
});

describe('live limits', () => {
  let server: Server;
  beforeAll(async () => {
    server = await testServer({
      live: {
        messagesPerSecond: 20,
        maxSocketsPerAddress: 6,
        maxPeersPerRoom: 3,
        maxPresenceBytes: 1024,
        maxFrameBytes: 256 * 1024,
        sendBufferBytes: 64 * 1024,
        writeBytesPerMinute: 600 * 1024,
      },
    });
  });
  afterAll(() => server.close());

  it('closes a connection that sends too many messages', async () => {
    const created = await createModel(server.url, base);
    const peer = await rawPeer(server, created.id, created.token);
    const empty = syncStep1(new Y.Doc());
    for (let i = 0; i < 100; i++) peer.ws.send(empty);
    await until(() => peer.code() !== undefined);
    expect(peer.code()).toBe(CLOSE.tooMany);
  });

  it('refuses frames over the size limit and presence states over theirs', async () => {
    const created = await createModel(server.url, base);
    const big = await rawPeer(server, created.id, created.token);
    big.ws.send(new Uint8Array(300 * 1024));
    await until(() => big.code() !== undefined);
    expect(big.code()).toBe(1009);

    const chatty = new LivePeer(server.url, created.id, created.token, 'Chatty');
    await chatty.ready;
    chatty.awareness.setLocalState({ note: 'x'.repeat(2000) });
    expect(await closed(chatty)).toBe(CLOSE.badRequest);
  });

  it('closes a connection that writes more bytes a minute than allowed', async () => {
    const created = await createModel(server.url, base);
    const writer = new LivePeer(server.url, created.id, created.token, 'Writer');
    await writer.ready;
    for (let i = 0; i < 8; i++) {
      (writer.doc.getMap('nodes').get('orders') as Y.Map<unknown>).set(
        'description',
        `${i}`.repeat(100 * 1024),
      );
      await sleep(20);
    }
    expect(await closed(writer)).toBe(CLOSE.tooMany);
  });

  it('caps sockets per room and per address', async () => {
    const created = await createModel(server.url, base);
    const peers = [1, 2, 3].map((i) => new LivePeer(server.url, created.id, created.token, `P${i}`));
    await Promise.all(peers.map((p) => p.ready));
    const fourth = new LivePeer(server.url, created.id, created.token, 'P4');
    expect(await closed(fourth)).toBe(CLOSE.tooMany);
    await until(async () => (await server.live.health()).sockets === 3);
    // Three more sockets from this address make six: the seventh is refused at the upgrade.
    const other = await createModel(server.url, base);
    const more = [1, 2, 3].map((i) => new LivePeer(server.url, other.id, other.token, `Q${i}`));
    await Promise.all(more.map((p) => p.ready));
    const seventh = new LivePeer(server.url, other.id, other.token, 'Q4');
    expect(await closed(seventh)).toBe(1006);
    expect((await server.live.health()).sockets).toBe(6);
    await Promise.all([...peers, ...more].map((p) => p.close()));
    await until(async () => (await server.live.health()).sockets === 0);
  });

  it('drops a reader that falls behind instead of buffering for it without end', async () => {
    const created = await createModel(server.url, base);
    const writer = new LivePeer(server.url, created.id, created.token, 'Writer');
    await writer.ready;
    const slow = await rawPeer(server, created.id, created.token);
    // Stop reading: what the server sends piles up in its buffer.
    (slow.ws as any)._socket.pause();
    const room = await server.live.rooms.get(created.id);
    expect(room?.peers.size).toBe(2);
    for (let i = 0; i < 40 && (room?.peers.size ?? 0) > 1; i++) {
      (writer.doc.getMap('nodes').get('orders') as Y.Map<unknown>).set(
        'description',
        `${i}`.repeat(12 * 1024),
      );
      await sleep(15);
    }
    await until(() => room?.peers.size === 1);
    await writer.close();
    slow.ws.terminate();
  });
});

describe('live recovery', () => {
  it('credits the revision it writes after a restart to whoever sent the changes', async () => {
    const first = await testServer();
    const created = await createModel(first.url, base);
    const opened = new LivePeer(first.url, created.id, created.token, 'Ada');
    await opened.ready;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(opened.doc));
    await opened.close();
    await until(() => first.live.rooms.size === 0);
    await sleep(100);
    // Acknowledged changes of an edit link that no revision holds yet, as a crash leaves them.
    const sv = Y.encodeStateVector(doc);
    (doc.getMap('nodes').get('orders') as Y.Map<unknown>).set('name', 'Orders (by Edda)');
    const actor = { name: 'Edda', credential: { linkId: 'l1nk' }, role: 'edit' as const };
    await first.store.live.append(created.id, [{ update: Y.encodeStateAsUpdate(doc, sv), actor }]);
    await first.close();

    const again = await testServer({ dataDir: first.dataDir });
    try {
      const res = await apiClient(again.url)(`/models/${created.id}/revisions`, { token: created.token });
      const { revisions } = (await res.json()) as any;
      expect(revisions[0]).toMatchObject({ author: 'Edda', role: 'edit', byOwner: false });
      expect((await current(again, created)).model.nodes[0]?.name).toBe('Orders (by Edda)');
    } finally {
      await again.close();
    }
  });

  it('sets aside a model whose pending live changes do not make a model, and starts anyway', async () => {
    const first = await testServer();
    const created = await createModel(first.url, base);
    // What a room of the old code could store: an update that breaks the model.
    const doc = new Y.Doc();
    const opened = new LivePeer(first.url, created.id, created.token, 'Ada');
    await opened.ready;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(opened.doc));
    await opened.close();
    await until(() => first.live.rooms.size === 0);
    await sleep(100);
    const sv = Y.encodeStateVector(doc);
    doc.getMap('model').set('contexts', 5);
    await first.store.live.append(created.id, [{ update: Y.encodeStateAsUpdate(doc, sv) }]);
    await first.close();

    const again = await testServer({ dataDir: first.dataDir });
    try {
      const ready = (await (await fetch(`${again.url}/readyz`)).json()) as any;
      expect(ready.status).toBe('ready');
      expect(ready.live.setAside).toEqual([expect.objectContaining({ modelId: created.id })]);
      // The model opens live again, from its last revision.
      const peer = new LivePeer(again.url, created.id, created.token, 'Ada');
      await peer.ready;
      expect(docToModel(peer.doc)).toEqual(base);
      await peer.close();
    } finally {
      await again.close();
    }
  });
});
