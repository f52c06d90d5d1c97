// Issue 17's soak (by hand, not part of `npm run bench`): `node bench/soak.mjs`.
// Two instances of the built server on one PostgreSQL database (a cluster started here, fsync on),
// behind a round-robin TCP balancer without affinity (every new connection goes to the next
// instance that accepts it). 40 live clients (SOAK_CLIENTS) add nodes through it, 2 a second each,
// and reconnect as the editor does (backoff; changes not acknowledged go again with the next sync);
// a reader GETs the model and its revisions through it all along. Every SOAK_KILL_EVERY_SECONDS
// (120) one instance (in turn) is killed with SIGKILL and started again at once.
// At the end (SOAK_SECONDS, default 600): every change any client made (all acknowledged by then)
// must be in the final model, exactly once, as a fresh instance reads it; HTTP 5xx and failed
// requests are counted outside the kill windows (from the kill until the instance listens again,
// plus 5 s).
import { createServer, connect as tcpConnect } from 'node:net';
import { postgresMissing } from '../apps/server/dist/postgres-cluster.js';
import {
  addStampedNode,
  createModel,
  currentModel,
  percentile,
  stampedPeer,
  startDatabase,
  startInstance,
  stopInstance,
} from './instances.mjs';
import { check, printChecks, writeResult } from './lib.mjs';

const missingPostgres = postgresMissing();
if (missingPostgres !== undefined) {
  console.log(`skipped: ${missingPostgres}`);
  process.exit(0);
}

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 40);
const KILL_EVERY_SECONDS = Number(process.env.SOAK_KILL_EVERY_SECONDS ?? 120);
const CHANGES_PER_SECOND = 2;
const WINDOW_AFTER_MS = 5000;
// Short revision pause: many folds (and lease handovers) during the soak.
const instanceEnv = { MESHPLAN_LIVE_REVISION_PAUSE_MS: '2000', MESHPLAN_LIVE_REVISION_MAX_DELAY_MS: '15000' };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Round-robin TCP balancer on a free port: a connection goes to the next instance that accepts it. */
async function startBalancer(upstreams) {
  let next = 0;
  const open = new Set();
  const server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    client.pause();
    const first = next++;
    const attempt = (tried) => {
      if (tried >= upstreams.length) return client.destroy();
      const upstream = tcpConnect(upstreams[(first + tried) % upstreams.length], '127.0.0.1');
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.on('error', () => {
        if (!connected) attempt(tried + 1);
        else client.destroy();
      });
      upstream.once('close', () => connected && client.destroy());
      client.once('close', () => upstream.destroy());
    };
    attempt(0);
  });
  const port = await new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(server.address().port)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const started = Date.now();
const log = (text) =>
  console.log(`[${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${text}`);
const { cluster, url: databaseUrl } = await startDatabase('meshplan_soak');
const ports = [await freePort(), await freePort()];
const instances = await Promise.all(ports.map((port) => startInstance(databaseUrl, port, instanceEnv)));
const balancer = await startBalancer(ports);
const windows = [];
let killing = true;
const http = { requests: 0, errors: [], inWindow: 0 };
const inWindow = (at) => windows.some(({ from, to }) => at >= from && at <= (to ?? Number.POSITIVE_INFINITY));
let result;
try {
  const created = await createModel(balancer.url);
  log(`model ${created.id}; ${CLIENTS} clients through the balancer`);
  const delays = [];
  const peers = Array.from({ length: CLIENTS }, (_, i) =>
    stampedPeer(balancer.url, created, `client ${i}`, delays, true),
  );
  await Promise.all(peers.map((peer) => peer.ready));
  const closes = { count: 0 };
  const status = new Map(peers.map((peer) => [peer, 'live']));
  // The client reads its events from its options each time: set after it was made.
  for (const peer of peers)
    peer.options.events = {
      status: (now) => {
        status.set(peer, now);
        if (now === 'offline') closes.count++;
      },
    };

  // The reader: a GET of the model or its revisions every 100 ms, through the balancer.
  let reading = true;
  const reader = (async () => {
    for (let n = 0; reading; n++) {
      const at = Date.now();
      const path = n % 2 === 0 ? '' : '/revisions';
      try {
        const res = await fetch(`${balancer.url}/api/v1/models/${created.id}${path}`, {
          headers: { authorization: `Bearer ${created.token}` },
        });
        await res.arrayBuffer();
        http.requests++;
        if (res.status >= 500) {
          if (inWindow(at)) http.inWindow++;
          else http.errors.push({ at: at - started, status: res.status });
        }
      } catch (error) {
        http.requests++;
        if (inWindow(at)) http.inWindow++;
        else http.errors.push({ at: at - started, error: String(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  // The killer: one instance in turn, SIGKILL, started again at once on the same port.
  const killer = (async () => {
    for (let k = 0; killing; k++) {
      const wake = started + (k + 1) * KILL_EVERY_SECONDS * 1000;
      while (killing && Date.now() < wake) await new Promise((resolve) => setTimeout(resolve, 200));
      if (!killing) return;
      const which = k % 2;
      const window = { from: Date.now(), to: undefined };
      windows.push(window);
      await stopInstance(instances[which].child, 'SIGKILL');
      log(`instance ${which} killed (SIGKILL)`);
      instances[which] = await startInstance(databaseUrl, ports[which], instanceEnv);
      window.to = Date.now() + WINDOW_AFTER_MS;
      log(`instance ${which} listening again after ${Date.now() - window.from} ms`);
    }
  })();

  const made = [];
  const end = started + SECONDS * 1000;
  let n = 0;
  let lastReport = Date.now();
  while (Date.now() < end) {
    const tick = Date.now();
    for (let i = 0; i < CLIENTS; i++) {
      const id = `c${i}-n${n}`;
      addStampedNode(peers[i], id, `Client ${i} node ${n}`);
      made.push(id);
    }
    n++;
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      const sorted = [...delays].sort((a, b) => a - b);
      log(
        `${made.length} changes made; delivery p50 ${percentile(sorted, 50)} ms p99 ${percentile(sorted, 99)} ms; ${http.requests} reads, ${http.errors.length} failed outside kills`,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, 1000 / CHANGES_PER_SECOND - (Date.now() - tick))),
    );
  }
  killing = false;
  await killer;
  log(`${made.length} changes made; waiting for every client to be acknowledged`);
  // Every client connected again and all it sent acknowledged: then it has nothing the server lacks.
  const settleStart = Date.now();
  const unsettled = () => peers.filter((peer) => status.get(peer) !== 'live' || peer.acked < peer.sent);
  while (unsettled().length > 0 && Date.now() - settleStart < Number(process.env.SOAK_SETTLE_MS ?? 120_000))
    await new Promise((resolve) => setTimeout(resolve, 250));
  const neverSettled = unsettled().length;
  for (const peer of unsettled().slice(0, 5))
    log(
      `not settled: ${status.get(peer)}, acked ${peer.acked} of ${peer.sent}, last close ${peer.closeCode}`,
    );
  log(`settled in ${Date.now() - settleStart} ms; ${neverSettled} clients not settled`);
  reading = false;
  await reader;
  await Promise.all(peers.map((peer) => peer.close()));
  // The rooms close and fold; stopping the instances hands over and folds what is left.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await Promise.all(instances.map((instance) => stopInstance(instance.child)));
  const fresh = await startInstance(databaseUrl, 0, instanceEnv);
  try {
    const final = await currentModel(fresh.url, created);
    const ids = final.nodes.map((node) => node.id);
    const present = new Set(ids);
    const lost = made.filter((id) => !present.has(id));
    const revisions = (
      await (
        await fetch(`${fresh.url}/api/v1/models/${created.id}/revisions`, {
          headers: { authorization: `Bearer ${created.token}` },
        })
      ).json()
    ).revisions.length;
    const sorted = delays.sort((a, b) => a - b);
    result = {
      seconds: Math.round((Date.now() - started) / 1000),
      clients: CLIENTS,
      kills: windows.length,
      changes: made.length,
      lost: lost.length,
      lostSample: lost.slice(0, 10),
      duplicates: ids.length - present.size,
      revisions,
      reconnections: closes.count,
      clientsNotSettled: neverSettled,
      delivery: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length },
      http: { requests: http.requests, failedOutsideKills: http.errors.length, failedInKills: http.inWindow },
      httpErrors: http.errors.slice(0, 10),
    };
  } finally {
    await stopInstance(fresh.child);
  }
} finally {
  killing = false;
  await balancer.close();
  await Promise.all(instances.map((instance) => stopInstance(instance.child, 'SIGKILL')));
  cluster.stop();
}

console.log(JSON.stringify(result, null, 2));
const checks = [
  check('clients with changes not acknowledged at the end', result.clientsNotSettled, '<=', 0),
  check('changes lost (every change made, all acknowledged at the end)', result.lost, '<=', 0),
  check('nodes in the final model more than once', result.duplicates, '<=', 0),
  check('HTTP 5xx or failed requests outside the kill windows', result.http.failedOutsideKills, '<=', 0),
];
printChecks(checks);
writeResult('soak', { ...result, checks });
process.exit(checks.every((c) => c.ok) ? 0 : 1);
