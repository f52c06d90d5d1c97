// Helpers of the benchmarks with several server instances on one PostgreSQL database
// (live-instances.bench.mjs, soak.mjs): a cluster, built servers on free ports, live clients that
// stamp each change with the time it was made.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { LivePeer } from '../apps/server/dist/live/client.js';
import { startCluster } from '../apps/server/dist/postgres-cluster.js';

const root = new URL('../', import.meta.url).pathname;

/** A cluster (fsync on, as in production) with one empty database; `stop()` removes it all. */
export async function startDatabase(name = 'meshplan_instances') {
  const cluster = await startCluster({ durable: true });
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return { cluster, url: cluster.adminUrl.replace(/\/postgres$/, `/${name}`) };
}

/**
 * The built server (`node apps/server/dist/main.js`, as a container runs it) on `port` (0: a free
 * one); resolves with the process and its URL once it listens.
 */
export function startInstance(databaseUrl, port = 0, env = {}) {
  const child = spawn(process.execPath, ['apps/server/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      MESHPLAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'meshplan-instance-')),
      MESHPLAN_WRITE_RATE_LIMIT: '100000000',
      MESHPLAN_WRITE_BYTES_PER_MINUTE: String(100 * 1024 ** 3),
      // Every socket of the load comes from one address.
      MESHPLAN_LIVE_MAX_SOCKETS_PER_ADDRESS: '10000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const listening = /running on http:\/\/localhost:(\d+)/.exec(out)?.[1];
      if (listening !== undefined)
        resolve({ child, url: `http://127.0.0.1:${listening}`, port: Number(listening) });
    });
    child.on('exit', (code, signal) => reject(new Error(`instance exited with ${code ?? signal}`)));
  });
}

export function stopInstance(child, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill(signal);
  });
}

export async function createModel(url) {
  const res = await fetch(`${url}/api/v1/models`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'meshplan/v1', name: 'Instances load', nodes: [], edges: [] }),
  });
  if (res.status !== 201) throw new Error(`create: ${res.status}`);
  return res.json();
}

export async function currentModel(url, created) {
  const res = await fetch(`${url}/api/v1/models/${created.id}`, {
    headers: { authorization: `Bearer ${created.token}` },
  });
  if (res.status !== 200) throw new Error(`GET model: ${res.status}`);
  return res.json();
}

export function percentile(sorted, p) {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A live client of `url` whose received changes of others land in `delays` (ms from making to seeing). */
export function stampedPeer(url, created, name, delays, reconnect = false) {
  const peer = new LivePeer(url, created.id, created.token, name, reconnect);
  peer.doc.getMap('nodes').observe((event, transaction) => {
    if (transaction.origin === 'local') return;
    const now = Date.now();
    for (const [key, change] of event.changes.keys) {
      if (change.action !== 'add') continue;
      const stamp = Number(/@(\d+)$/.exec(peer.doc.getMap('nodes').get(key)?.get('name') ?? '')?.[1]);
      if (Number.isFinite(stamp)) delays?.push(now - stamp);
    }
  });
  return peer;
}

/** What applyModel writes for one added node: its fields and its place in the order, one transaction. */
export function addStampedNode(peer, id, label) {
  peer.doc.transact(() => {
    const fields = new Y.Map();
    fields.set('id', id);
    fields.set('kind', 'service');
    fields.set('name', `${label} @${Date.now()}`);
    peer.doc.getMap('nodes').set(id, fields);
    peer.doc.getArray('nodes:order').push([id]);
  }, 'local');
}
