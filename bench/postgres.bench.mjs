// Issue 17: GET and PUT of a 1,000-service model with 20 concurrent clients against the real
// server on PostgreSQL and on SQLite, in the same run (the SQLite server is the baseline). The
// PostgreSQL cluster is started here (initdb/pg_ctl in a temporary folder, fsync on, as SQLite's
// synchronous=FULL is); each server runs in its own process; autocannon drives them from this one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { postgresMissing, startCluster } from '../apps/server/dist/postgres-cluster.js';
import { syntheticModel } from '../packages/model/dist/index.js';
import { check, printChecks, startProcess, stopProcess, writeResult } from './lib.mjs';

const missing = postgresMissing();
if (missing !== undefined) {
  console.log(`skipped: ${missing}`);
  process.exit(0);
}

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 20;
const dir = mkdtempSync(join(tmpdir(), 'meshplan-bench-pg-'));
const body = JSON.stringify(syntheticModel({ services: 1000 }));

async function load(url, options) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${options.method ?? 'GET'} ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

/** The same limits as server.bench.mjs: on, but far above what the run writes. */
const serverEnv = {
  HOST: '127.0.0.1',
  MESHPLAN_WRITE_RATE_LIMIT: '100000000',
  MESHPLAN_WRITE_BYTES_PER_MINUTE: String(100 * 1024 ** 3),
  MESHPLAN_MAX_MODEL_BYTES: String(100 * 1024 ** 3),
  MESHPLAN_MAX_TOTAL_BYTES: String(100 * 1024 ** 3),
};

async function measure(port) {
  const created = await (
    await fetch(`http://127.0.0.1:${port}/api/v1/models`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
  ).json();
  const headers = { authorization: `Bearer ${created.token}` };
  const url = `http://127.0.0.1:${port}/api/v1/models/${created.id}`;
  return {
    get: await load(url, { headers }),
    // If-Match: * as in server.bench.mjs: every PUT is validated and committed as a revision.
    put: await load(url, {
      method: 'PUT',
      body,
      headers: { ...headers, 'content-type': 'application/json', 'if-match': '*' },
    }),
  };
}

const cluster = await startCluster({ durable: true });
try {
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE meshplan_bench');
  await admin.end();
  const databaseUrl = cluster.adminUrl.replace(/\/postgres$/, '/meshplan_bench');
  const port = 19080 + Math.floor(Math.random() * 1000);
  const results = {};
  // One server at a time: the two cores are not shared between the two under test.
  for (const [name, env] of [
    ['sqlite', { MESHPLAN_DATA_DIR: join(dir, 'sqlite') }],
    ['postgres', { MESHPLAN_DATA_DIR: join(dir, 'postgres'), DATABASE_URL: databaseUrl }],
  ]) {
    const server = await startProcess('apps/server/dist/main.js', port, { ...serverEnv, ...env });
    try {
      results[name] = await measure(port);
    } finally {
      await stopProcess(server);
    }
  }
  console.log(`model: 1,000 services, ${body.length} bytes; ${CONNECTIONS} connections, ${DURATION} s each`);
  console.log('store      GET req/s  p99 ms   PUT req/s  p99 ms');
  for (const [name, r] of Object.entries(results))
    console.log(
      `${name.padEnd(9)} ${r.get.rps.toFixed(1).padStart(10)} ${String(r.get.p99).padStart(7)} ${r.put.rps.toFixed(1).padStart(11)} ${String(r.put.p99).padStart(7)}`,
    );
  const checks = [
    check('GET req/s, PostgreSQL / SQLite', results.postgres.get.rps / results.sqlite.get.rps, '>=', 0.5),
    check('PUT req/s, PostgreSQL / SQLite', results.postgres.put.rps / results.sqlite.put.rps, '>=', 0.5),
  ];
  printChecks(checks);
  writeResult('postgres', {
    bytes: body.length,
    connections: CONNECTIONS,
    seconds: DURATION,
    results,
    checks,
  });
} finally {
  cluster.stop();
}
