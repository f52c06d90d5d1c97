// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyModel, docToModel } from '@meshplan/collab';
import { LiveClient, type WebSocketConstructor } from '@meshplan/collab/client';
import { CLOSE } from '@meshplan/collab/protocol';
import type { Model } from '@meshplan/model';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { LivePeer } from './live/client.js';
import { databaseOf } from './store.js';
import {
  apiClient,
  builtServer,
  createLink,
  createModel,
  ensureTestDatabase,
  onPostgres,
  type TestOverrides,
  testDatabaseUrl,
  testServer,
} from './test-support.js';

/**
 * Several server instances on one PostgreSQL database (the `server-postgres` project only): two
 * in this process, and a third as a process of its own where a test kills it. Timings are short
 * so that leases expire and revisions are written within the test.
 */
const live = { revisionPauseMs: 200, leaseMs: 1500, leaseRenewMs: 100 };
const base: Model = {
  format: 'meshplan/v1',
  name: 'Instances',
  nodes: [{ id: 'orders', kind: 'service', name: 'Orders' }],
  edges: [],
};

function edit(peer: LivePeer, recipe: (model: Model) => void) {
  const model = structuredClone(docToModel(peer.doc));
  recipe(model);
  applyModel(peer.doc, model, 'local');
}

function addNode(peer: LivePeer, id: string) {
  edit(peer, (m) => {
    m.nodes.push({ id, kind: 'service', name: id });
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - start;
}

const has = (peer: LivePeer, id: string) => docToModel(peer.doc).nodes.some((n) => n.id === id);

async function stored(url: string, created: { id: string; token: string }) {
  const res = await apiClient(url)(`/models/${created.id}`, { token: created.token });
  return (await res.json()) as Model;
}

/** The built server as a process of its own on the database of `dataDir`; resolves with its URL. */
async function spawnInstance(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const databaseUrl = testDatabaseUrl(dataDir);
  await ensureTestDatabase(databaseUrl);
  const child = spawn(process.execPath, [builtServer], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MESHPLAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'meshplan-instance-')),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      MESHPLAN_WRITE_RATE_LIMIT: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const port = /running on http:\/\/localhost:(\d+)/.exec(chunk.toString())?.[1];
      if (port !== undefined) resolve(`http://127.0.0.1:${port}`);
    });
    child.on('exit', (code) => reject(new Error(`instance exited with ${code}`)));
  });
  return { child, url };
}

const liveEnv = {
  MESHPLAN_LIVE_REVISION_PAUSE_MS: String(live.revisionPauseMs),
  MESHPLAN_LIVE_LEASE_MS: String(live.leaseMs),
  MESHPLAN_LIVE_LEASE_RENEW_MS: String(live.leaseRenewMs),
};

describe.skipIf(!onPostgres)('live rooms across instances (PostgreSQL)', () => {
  let a: Awaited<ReturnType<typeof testServer>>;
  let b: Awaited<ReturnType<typeof testServer>>;
  const peers: LivePeer[] = [];
  const peer = (url: string, created: { id: string; token: string }, name: string, credential?: string) => {
    const made = new LivePeer(url, created.id, credential ?? created.token, name);
    peers.push(made);
    return made;
  };

  beforeAll(async () => {
    a = await testServer({ live, metricsToken: 'metrics-token' });
    // The same data folder names the same test database: a second instance of the same service.
    b = await testServer({ live, dataDir: a.dataDir } satisfies TestOverrides);
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('shows changes and presence made on one instance to people on the other within a second; one of them folds', async () => {
    const created = await createModel(a.url, base);
    const onA = peer(a.url, created, 'Ada');
    const onB = peer(b.url, created, 'Bo');
    await Promise.all([onA.ready, onB.ready]);

    addNode(onA, 'from-a');
    expect(await until(() => has(onB, 'from-a'))).toBeLessThan(1000);
    addNode(onB, 'from-b');
    expect(await until(() => has(onA, 'from-b'))).toBeLessThan(1000);
    await Promise.all([onA.settled(), onB.settled()]);

    onA.awareness.setLocalState({ cursor: { x: 1, y: 2 } });
    expect(
      await until(() => (onB.awareness.getStates().get(onA.doc.clientID) as any)?.name === 'Ada'),
    ).toBeLessThan(1000);
    expect((onB.awareness.getStates().get(onA.doc.clientID) as any).cursor).toEqual({ x: 1, y: 2 });
    onB.awareness.setLocalState({ cursor: { x: 3, y: 4 } });
    await until(() => (onA.awareness.getStates().get(onB.doc.clientID) as any)?.name === 'Bo', 1000);

    // Exactly one of the two rooms holds the lease, and the database names that instance.
    const roomA = await a.live.rooms.get(created.id);
    const roomB = await b.live.rooms.get(created.id);
    expect([roomA?.holder, roomB?.holder].filter(Boolean)).toHaveLength(1);
    const holder = await a.store.live.leaseHolder(created.id);
    expect(holder).toBe(roomA?.holder ? a.instanceId : b.instanceId);

    // Each instance counts its own rooms (by lease), sockets and database pool in /metrics.
    const metrics = await (
      await fetch(`${a.url}/metrics`, { headers: { authorization: 'Bearer metrics-token' } })
    ).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect(gauge('meshplan_live_sockets')).toBe(1);
    expect(gauge(`meshplan_live_rooms\\{lease="${roomA?.holder ? 'held' : 'other'}"\\}`)).toBe(1);
    expect(gauge('meshplan_db_pool_connections\\{state="total"\\}')).toBeGreaterThan(0);
    expect(gauge('meshplan_live_fanout_up')).toBe(1);
    expect(metrics).toContain(`meshplan_instance_info{instance_id="${a.instanceId}"} 1`);

    // The revision written after the pause holds both changes, once each.
    await until(async () => {
      const model = await stored(a.url, created);
      return ['from-a', 'from-b'].every((id) => model.nodes.some((n) => n.id === id));
    });
    const ids = (await stored(b.url, created)).nodes.map((n) => n.id);
    expect(ids.sort()).toEqual(['from-a', 'from-b', 'orders']);
    // Both people heard of the revision, whichever instance wrote it.
    await until(() => [onA, onB].every((p) => p.notices.some((n) => n.type === 'revision')));
  });

  it('carries the presence of a crowd that arrives at once (many entries in one message)', async () => {
    const created = await createModel(a.url, base);
    const watcher = peer(b.url, created, 'Watcher');
    const crowd = Array.from({ length: 24 }, (_, i) => peer(a.url, created, `Person ${i}`));
    await Promise.all([watcher.ready, ...crowd.map((p) => p.ready)]);
    for (const [i, p] of crowd.entries()) p.awareness.setLocalState({ cursor: { x: i, y: i } });
    await until(
      () =>
        crowd.every((p) => (watcher.awareness.getStates().get(p.doc.clientID) as any)?.cursor !== undefined),
      1000,
    );
  });

  it('shows a newcomer on the other instance who is already here, without waiting for their renewal', async () => {
    const created = await createModel(a.url, base);
    const here = peer(a.url, created, 'Ada');
    await here.ready;
    here.awareness.setLocalState({ name: 'Ada', cursor: { x: 5, y: 5 } });
    // Ada's presence is set before anyone is on B (whose room is not open yet) and then left alone.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const newcomer = peer(b.url, created, 'Bo');
    await newcomer.ready;
    // As the editor does on joining.
    newcomer.awareness.setLocalState({ name: 'Bo' });
    expect(
      await until(() => (newcomer.awareness.getStates().get(here.doc.clientID) as any)?.cursor?.x === 5),
    ).toBeLessThan(1000);
  });

  it('lets someone whose presence came from the other instance reconnect here with the same id', async () => {
    const created = await createModel(a.url, base);
    const onA = peer(a.url, created, 'Ada');
    const watcher = peer(b.url, created, 'Bo');
    await Promise.all([onA.ready, watcher.ready]);
    onA.awareness.setLocalState({ cursor: { x: 1, y: 1 } });
    await until(() => (watcher.awareness.getStates().get(onA.doc.clientID) as any)?.name === 'Ada', 1000);
    // The same person (the same Yjs client id) comes back through the balancer to B.
    const doc = new Y.Doc();
    doc.clientID = onA.doc.clientID;
    const moved = new LiveClient({
      url: `${b.url.replace(/^http/, 'ws')}/api/v1/models/${created.id}/live`,
      credential: created.token,
      name: 'Ada again',
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      doc,
    });
    try {
      await moved.ready;
      moved.awareness.setLocalState({ cursor: { x: 2, y: 2 } });
      await until(() => (watcher.awareness.getStates().get(doc.clientID) as any)?.name === 'Ada again', 1000);
      expect(moved.closeCode).toBeUndefined();
    } finally {
      await moved.close();
      doc.destroy();
    }
  });

  it('folds a row that commits after a fold read past it (a smaller number, committed later): not lost, not doubled', async () => {
    const created = await createModel(a.url, base);
    const onA = peer(a.url, created, 'Ada');
    await onA.ready;
    // Another writer's update, its row numbered now but committed only after the next fold.
    const fork = new Y.Doc();
    Y.applyUpdate(fork, Y.encodeStateAsUpdate(onA.doc));
    const before = Y.encodeStateVector(fork);
    const forked = docToModel(fork);
    forked.nodes.push({ id: 'late', kind: 'service', name: 'Late' });
    applyModel(fork, forked, 'local');
    const late = new pg.Client({ connectionString: testDatabaseUrl(a.dataDir) });
    await late.connect();
    try {
      await late.query('BEGIN');
      await late.query('INSERT INTO live_updates (model_id, update_data) VALUES ($1, $2)', [
        created.id,
        Buffer.from(Y.encodeStateAsUpdate(fork, before)),
      ]);
      addNode(onA, 'after');
      await onA.settled();
      // The fold after the pause reads every committed row (the late one is not among them), then
      // waits to write its revision: the late insert's foreign key holds the model's row. It
      // commits meanwhile; a fold that deleted up to the highest number it read would drop it now.
      await new Promise((resolve) => setTimeout(resolve, live.revisionPauseMs + 600));
      await late.query('COMMIT');
      await until(async () => (await stored(a.url, created)).nodes.some((n) => n.id === 'after'));
    } finally {
      await late.end();
    }
    // No NOTIFY came with it: the next fold reads it all the same.
    addNode(onA, 'next');
    await onA.settled();
    await until(async () => (await stored(a.url, created)).nodes.some((n) => n.id === 'next'));
    const ids = (await stored(a.url, created)).nodes.map((n) => n.id);
    expect(ids.sort()).toEqual(['after', 'late', 'next', 'orders']);
    await until(() => has(onA, 'late'), 1000);
    fork.destroy();
  });

  it('sends a large change by reference and the other instance reads it from the database', async () => {
    const created = await createModel(a.url, base);
    const onA = peer(a.url, created, 'Ada');
    const onB = peer(b.url, created, 'Bo');
    await Promise.all([onA.ready, onB.ready]);
    const sentBefore = a.fanout.counts.sent;
    // Far more than a NOTIFY carries (8,000 bytes).
    edit(onA, (m) => {
      m.nodes[0] = { ...(m.nodes[0] as Model['nodes'][number]), description: 'x'.repeat(20_000) };
    });
    await until(() => (docToModel(onB.doc).nodes[0]?.description?.length ?? 0) === 20_000, 2000);
    await onA.settled();
    expect(a.fanout.counts.sent).toBeGreaterThan(sentBefore);
  });

  it('takes in a REST revision written on one instance for people on the other', async () => {
    const created = await createModel(a.url, base);
    const onB = peer(b.url, created, 'Bo');
    await onB.ready;
    const next = structuredClone(base);
    next.nodes.push({ id: 'rest', kind: 'service', name: 'Rest' });
    const res = await apiClient(a.url)(`/models/${created.id}`, {
      method: 'PUT',
      token: created.token,
      json: next,
      headers: { 'if-match': '*' },
    });
    expect(res.status).toBe(200);
    await until(() => has(onB, 'rest'), 2000);
    // Taken in once: one node of that id, however many instances heard of the revision.
    expect(docToModel(onB.doc).nodes.filter((n) => n.id === 'rest')).toHaveLength(1);
  });

  it('closes a revoked link’s socket on the other instance, an expired one’s, and every socket of a deleted model on both', async () => {
    const created = await createModel(a.url, base);
    const link = await createLink(a.url, created, 'edit');
    const viaLink = peer(b.url, created, 'Guest', link.credential);
    const ownerA = peer(a.url, created, 'Ada');
    const ownerB = peer(b.url, created, 'Bo');
    await Promise.all([viaLink.ready, ownerA.ready, ownerB.ready]);

    const revoked = await apiClient(a.url)(`/models/${created.id}/links/${link.id}`, {
      method: 'DELETE',
      token: created.token,
    });
    expect(revoked.status).toBe(204);
    expect(await until(() => viaLink.closeCode !== undefined, 1000)).toBeLessThan(1000);
    expect(viaLink.closeCode).toBeGreaterThanOrEqual(4400);
    expect(ownerB.closeCode).toBeUndefined();

    // A link's expiry ends its socket wherever it is (each socket holds its own timer).
    const expiring = await createLink(a.url, created, 'view', new Date(Date.now() + 1500).toISOString());
    const untilExpiry = peer(b.url, created, 'Brief', expiring.credential);
    await untilExpiry.ready;
    await until(() => untilExpiry.closeCode !== undefined, 3000);
    expect(untilExpiry.closeCode).toBe(CLOSE.gone);

    const deleted = await apiClient(b.url)(`/models/${created.id}`, {
      method: 'DELETE',
      token: created.token,
    });
    expect(deleted.status).toBe(204);
    await until(() => ownerA.closeCode !== undefined && ownerB.closeCode !== undefined, 1000);
    expect([ownerA.closeCode, ownerB.closeCode]).toEqual([CLOSE.notFound, CLOSE.notFound]);
  });

  it('reports the fan-out channel in /readyz, reconnects a killed LISTEN connection and catches up on what it missed', async () => {
    const c = await testServer({ live, dataDir: a.dataDir, fanout: { backoffMs: 1500, maxBackoffMs: 1500 } });
    try {
      const created = await createModel(a.url, base);
      const onA = peer(a.url, created, 'Ada');
      const onC = peer(c.url, created, 'Cy');
      await Promise.all([onA.ready, onC.ready]);
      const ready = await (await fetch(`${c.url}/readyz`)).json();
      expect(ready.fanout).toEqual({ status: 'listening', instance: c.instanceId });

      const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [`meshplan-listen/${c.instanceId}`],
        );
        expect(rowCount).toBe(1);
      } finally {
        await admin.end();
      }
      await until(() => c.fanout.status === 'down', 2000);
      const down = await fetch(`${c.url}/readyz`);
      expect(down.status).toBe(503);
      expect((await down.json()).status).toMatch(/fan-out/);

      // Acknowledged on A while C hears nothing: C's people get it once C listens again.
      addNode(onA, 'while-down');
      await onA.settled();
      await until(() => c.fanout.status === 'listening', 5000);
      await until(() => has(onC, 'while-down'), 2000);
      expect((await fetch(`${c.url}/readyz`)).status).toBe(200);
      expect(c.fanout.counts.reconnects).toBe(1);
    } finally {
      await c.close();
    }
  });

  it('hands its rooms over when it stops: the lease is released after a last fold and its people get the handover code', async () => {
    const c = await testServer({ live: { ...live, revisionPauseMs: 60_000 }, dataDir: a.dataDir });
    const created = await createModel(a.url, base);
    const onC = peer(c.url, created, 'Cy');
    await onC.ready;
    const onA = peer(a.url, created, 'Ada');
    await onA.ready;
    expect(await a.store.live.leaseHolder(created.id)).toBe(c.instanceId);
    addNode(onC, 'before-stop');
    addNode(onA, 'from-a');
    await Promise.all([onC.settled(), onA.settled()]);
    await until(() => has(onC, 'from-a') && has(onA, 'before-stop'));

    await c.close();
    expect(onC.closeCode).toBe(CLOSE.handover);
    // The last fold holds both changes; the lease went to A at once (told through the channel).
    const model = await stored(a.url, created);
    expect(model.nodes.map((n) => n.id).sort()).toEqual(['before-stop', 'from-a', 'orders']);
    await until(async () => (await a.store.live.leaseHolder(created.id)) === a.instanceId, 1000);
  });
});

describe.skipIf(!onPostgres)('an instance that dies holding the lease (PostgreSQL)', () => {
  let a: Awaited<ReturnType<typeof testServer>>;
  const children: ChildProcess[] = [];
  const peers: LivePeer[] = [];
  beforeAll(async () => {
    a = await testServer({ live });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(peers.map((p) => p.close()));
    await a?.close();
  });

  /** Edits on both instances, all acknowledged, with the room's lease held by the process `dying`. */
  async function editOnBoth(dying: { url: string }, created: { id: string; token: string }) {
    const onDying = new LivePeer(dying.url, created.id, created.token, 'Dee');
    peers.push(onDying);
    await onDying.ready;
    const onA = new LivePeer(a.url, created.id, created.token, 'Ada');
    peers.push(onA);
    await onA.ready;
    expect((await a.live.rooms.get(created.id))?.holder).toBe(false);
    const acknowledged: string[] = [];
    for (let i = 0; i < 10; i++) {
      addNode(onDying, `d${i}`);
      addNode(onA, `a${i}`);
      acknowledged.push(`d${i}`, `a${i}`);
    }
    await Promise.all([onDying.settled(), onA.settled()]);
    return { acknowledged, onA };
  }

  async function expectComplete(created: { id: string; token: string }, acknowledged: string[]) {
    // Every acknowledged change is in the revisions, exactly once.
    await until(async () => {
      const ids = (await stored(a.url, created)).nodes.map((n) => n.id);
      return acknowledged.every((id) => ids.includes(id));
    }, 5000);
    const ids = (await stored(a.url, created)).nodes.map((n) => n.id);
    expect(ids.filter((id) => id !== 'orders').sort()).toEqual([...acknowledged].sort());
    expect(new Set(ids).size).toBe(ids.length);
    // Nothing left unfolded, and the saved state is the one A wrote.
    await until(async () => (await a.store.live.modelsWithUpdates()).includes(created.id) === false, 3000);
  }

  it('is taken over within the lease time when it stops renewing (SIGSTOP), and the revisions hold every acknowledged change once', async () => {
    const dying = await spawnInstance(a.dataDir, { ...liveEnv, MESHPLAN_LIVE_REVISION_PAUSE_MS: '60000' });
    children.push(dying.child);
    const created = await createModel(a.url, base);
    const { acknowledged } = await editOnBoth(dying, created);
    const holder = await a.store.live.leaseHolder(created.id);
    expect(holder).toBeDefined();
    expect(holder).not.toBe(a.instanceId);

    // A process that hangs keeps its connections open: only the lease's expiry tells.
    const stopped = Date.now();
    dying.child.kill('SIGSTOP');
    await until(async () => (await a.live.rooms.get(created.id))?.holder === true, live.leaseMs + 2000);
    const tookOver = Date.now() - stopped;
    expect(tookOver).toBeLessThan(live.leaseMs + 1000);
    await expectComplete(created, acknowledged);
    dying.child.kill('SIGKILL');
  });

  it('is taken over at once when it is killed (its database sessions close), and nothing acknowledged is lost', async () => {
    const dying = await spawnInstance(a.dataDir, { ...liveEnv, MESHPLAN_LIVE_REVISION_PAUSE_MS: '60000' });
    children.push(dying.child);
    const created = await createModel(a.url, base);
    const { acknowledged } = await editOnBoth(dying, created);
    const killed = Date.now();
    dying.child.kill('SIGKILL');
    await until(async () => (await a.live.rooms.get(created.id))?.holder === true, live.leaseMs + 2000);
    // The lease need not be waited out: the dead instance's LISTEN session is gone.
    expect(Date.now() - killed).toBeLessThan(live.leaseMs);
    await expectComplete(created, acknowledged);
    const rows = await databaseOf(a.store).all<{ n: number }>(
      'SELECT count(*) AS n FROM live_updates WHERE model_id = ?',
      [created.id],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
