// Issues 7 and 12: 20 clients edit one model live for 30 seconds (BENCH_LIVE_SECONDS) while 200
// idle viewers (view links on raw sockets that only receive) watch, on loopback, against the built
// server in its own process; the server checks every update before keeping it (ModelGuard). Each adds nodes (Yjs changes through the real protocol, the
// server persisting every one before acknowledging it); every client notes how long each change of
// the others took to reach it. Reported: p50/p99/max of that delay, against a bare WebSocket relay
// (bench/bare-broadcast.mjs) with the same clients and rate in the same run; then every
// acknowledged change is looked for in the final model.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { LivePeer } from '../apps/server/dist/live/client.js';
import { check, printChecks, startProcess, stopProcess, writeResult } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 30);
const CLIENTS = 20;
const CHANGES_PER_SECOND = 5; // per client: 100 changes a second in the room
const VIEWERS = Number(process.env.BENCH_LIVE_VIEWERS ?? 200);

/** Resident memory of a process, MB (Linux). */
function rssMb(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? Number.NaN : Math.round(Number(match[1]) / 1024);
}

function percentile(sorted, p) {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `tick(i, n)` for each client at the rate, for the duration. */
async function drive(tick) {
  const end = Date.now() + SECONDS * 1000;
  let n = 0;
  while (Date.now() < end) {
    const started = Date.now();
    for (let i = 0; i < CLIENTS; i++) tick(i, n);
    n++;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, 1000 / CHANGES_PER_SECOND - (Date.now() - started))),
    );
  }
  return n;
}

async function liveRun() {
  const port = 21000 + Math.floor(Math.random() * 5000);
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess('apps/server/dist/main.js', port, {
    HOST: '127.0.0.1',
    MESHPLAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'meshplan-bench-live-')),
    MESHPLAN_WRITE_RATE_LIMIT: '1000000',
    // Every socket of the load test comes from one address.
    MESHPLAN_LIVE_MAX_SOCKETS_PER_ADDRESS: '10000',
  });
  try {
    const created = await (
      await fetch(`${url}/api/v1/models`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'meshplan/v1', name: 'Load test', nodes: [], edges: [] }),
      })
    ).json();
    const rssBefore = rssMb(server.pid);
    const viewLink = await (
      await fetch(`${url}/api/v1/models/${created.id}/links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` },
        body: JSON.stringify({ role: 'view' }),
      })
    ).json();
    // The viewers run in a process of their own: this one measures.
    const viewers = spawn(process.execPath, ['bench/idle-viewers.mjs'], {
      env: {
        ...process.env,
        URL: url,
        MODEL: created.id,
        CREDENTIAL: viewLink.credential,
        VIEWERS: String(VIEWERS),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let viewerOutput = '';
    viewers.stdout.on('data', (chunk) => {
      viewerOutput += chunk;
    });
    await new Promise((resolve, reject) => {
      viewers.stdout.on('data', () => viewerOutput.includes('ready') && resolve());
      viewers.on('exit', (code) => reject(new Error(`idle viewers exited with ${code}`)));
    });
    const peers = Array.from(
      { length: CLIENTS },
      (_, i) => new LivePeer(url, created.id, created.token, `client ${i}`),
    );
    await Promise.all(peers.map((peer) => peer.ready));
    let rssPeak = rssMb(server.pid);
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssMb(server.pid));
    }, 500);
    const delays = [];
    for (const peer of peers) {
      peer.doc.getMap('nodes').observe((event, transaction) => {
        if (transaction.origin === 'local') return;
        const now = Date.now();
        for (const [key, change] of event.changes.keys) {
          if (change.action !== 'add') continue;
          const name = peer.doc.getMap('nodes').get(key)?.get('name');
          const sentAt = Number(/@(\d+)$/.exec(name ?? '')?.[1]);
          if (Number.isFinite(sentAt)) delays.push(now - sentAt);
        }
      });
    }
    const made = peers.map(() => []);
    const ticks = await drive((i, n) => {
      const peer = peers[i];
      const id = `c${i}-n${n}`;
      // What applyModel writes for one added node: its fields, and its place in the order.
      peer.doc.transact(() => {
        const fields = new Y.Map();
        fields.set('id', id);
        fields.set('kind', 'service');
        fields.set('name', `Client ${i} node ${n} @${Date.now()}`);
        peer.doc.getMap('nodes').set(id, fields);
        peer.doc.getArray('nodes:order').push([id]);
      }, 'local');
      made[i].push(id);
    });
    await Promise.all(peers.map((peer) => peer.settled(30_000)));
    clearInterval(sampler);
    const acknowledged = peers.reduce((sum, peer) => sum + peer.acked, 0);
    const viewersGone = new Promise((resolve) => viewers.once('exit', resolve));
    viewers.kill('SIGTERM');
    await viewersGone;
    const viewersOpen = JSON.parse(viewerOutput.slice(viewerOutput.indexOf('{'))).open;
    await Promise.all(peers.map((peer) => peer.close()));
    // The last one out makes the room write its revision; read the model as anyone would.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const final = await (
      await fetch(`${url}/api/v1/models/${created.id}`, {
        headers: { authorization: `Bearer ${created.token}` },
      })
    ).json();
    const ids = new Set(final.nodes.map((node) => node.id));
    const missing = made.flat().filter((id) => !ids.has(id));
    return {
      delays: delays.sort((a, b) => a - b),
      changes: ticks * CLIENTS,
      acknowledged,
      missing: missing.length,
      viewersOpen,
      rssBefore,
      rssPeak,
    };
  } finally {
    await stopProcess(server);
  }
}

async function bareRun() {
  const port = 26000 + Math.floor(Math.random() * 5000);
  const server = await startProcess('bench/bare-broadcast.mjs', port, { HOST: '127.0.0.1' });
  try {
    const sockets = await Promise.all(
      Array.from(
        { length: CLIENTS },
        () =>
          new Promise((resolve) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}`);
            ws.on('open', () => resolve(ws));
          }),
      ),
    );
    const delays = [];
    for (const ws of sockets)
      ws.on('message', (data) => delays.push(Date.now() - JSON.parse(String(data)).sentAt));
    await drive((i, n) => sockets[i].send(JSON.stringify({ id: `c${i}-n${n}`, sentAt: Date.now() })));
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const ws of sockets) ws.close();
    return { delays: delays.sort((a, b) => a - b) };
  } finally {
    await stopProcess(server);
  }
}

const bare = await bareRun();
const live = await liveRun();
const row = (name, r) =>
  console.log(
    `${name.padEnd(8)} deliveries ${String(r.delays.length).padStart(7)}  p50 ${percentile(r.delays, 50)} ms  p99 ${percentile(r.delays, 99)} ms  max ${r.delays.at(-1)} ms`,
  );
console.log(
  `${CLIENTS} clients, ${CHANGES_PER_SECOND} changes a second each, ${VIEWERS} idle viewers, ${SECONDS} s, loopback`,
);
row('bare', bare);
row('live', live);
console.log(
  `live: ${live.changes} changes made, ${live.acknowledged} acknowledged, ${live.missing} missing from the final model`,
);
console.log(
  `server memory: ${live.rssBefore} MB before the room, ${live.rssPeak} MB at most during the run; ${live.viewersOpen} of ${VIEWERS} viewers still connected`,
);
const p99 = percentile(live.delays, 99);
const checks = [
  check('live p99 delay to every other client (ms)', p99, '<=', 100),
  check('idle viewers still connected at the end', live.viewersOpen, '>=', VIEWERS),
  check('live p99 / bare relay p99', p99 / Math.max(1, percentile(bare.delays, 99)), '<=', 20),
  check('acknowledged changes missing from the final model', live.missing, '<=', 0),
  check(
    'deliveries seen, of changes × (clients − 1)',
    live.delays.length / (live.changes * (CLIENTS - 1)),
    '>=',
    0.999,
  ),
];
printChecks(checks);
writeResult('live', {
  clients: CLIENTS,
  seconds: SECONDS,
  bare: { p50: percentile(bare.delays, 50), p99: percentile(bare.delays, 99) },
  live: {
    p50: percentile(live.delays, 50),
    p99,
    changes: live.changes,
    acknowledged: live.acknowledged,
    missing: live.missing,
  },
  viewers: VIEWERS,
  serverMemoryMb: { before: live.rssBefore, peak: live.rssPeak },
  checks,
});
