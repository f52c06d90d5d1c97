// Issue 3: GET and PUT of a 1,000-service model with 20 concurrent clients against the real
// server, and against bare Express handlers (bench/bare-server.mjs) in the same run. Each server
// runs in its own process; autocannon drives them from this one, on loopback.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { syntheticModel } from '../packages/model/dist/index.js';
import { check, printChecks, startProcess, stopProcess, writeResult } from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 20;
const dir = mkdtempSync(join(tmpdir(), 'meshplan-bench-'));
const model = syntheticModel({ services: 1000 });
const body = JSON.stringify(model);
const bodyFile = join(dir, 'model.json');
writeFileSync(bodyFile, body);

async function load(url, options) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${options.method ?? 'GET'} ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const ourPort = 18080 + Math.floor(Math.random() * 1000);
const barePort = ourPort + 1000;
const ours = await startProcess('apps/server/dist/main.js', ourPort, {
  HOST: '127.0.0.1',
  MESHPLAN_DATA_DIR: join(dir, 'data'),
  MESHPLAN_WRITE_RATE_LIMIT: '100000000',
  // Hundreds of 1 MB revisions in a few seconds from one address: the limits stay on (their checks
  // are part of what a PUT costs) but far above what the run writes.
  MESHPLAN_WRITE_BYTES_PER_MINUTE: String(100 * 1024 ** 3),
  MESHPLAN_MAX_MODEL_BYTES: String(100 * 1024 ** 3),
  MESHPLAN_MAX_TOTAL_BYTES: String(100 * 1024 ** 3),
});
const bare = await startProcess('bench/bare-server.mjs', barePort, { BENCH_BODY_FILE: bodyFile });
try {
  const created = await (
    await fetch(`http://127.0.0.1:${ourPort}/api/v1/models`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
  ).json();
  const auth = { authorization: `Bearer ${created.token}` };
  const modelUrl = `http://127.0.0.1:${ourPort}/api/v1/models/${created.id}`;
  const put = { method: 'PUT', body, headers: { 'content-type': 'application/json' } };

  // PUT uses If-Match: * (store whatever is current): 20 clients racing on one ETag would
  // measure 412s, not writes. Each PUT still validates the model and commits a revision.
  const results = {
    getBare: await load(`http://127.0.0.1:${barePort}/doc`, {}),
    getOurs: await load(modelUrl, { headers: auth }),
    putBare: await load(`http://127.0.0.1:${barePort}/doc`, put),
    putOurs: await load(modelUrl, { ...put, headers: { ...put.headers, ...auth, 'if-match': '*' } }),
  };
  console.log(`model: 1,000 services, ${body.length} bytes; ${CONNECTIONS} connections, ${DURATION} s each`);
  console.log('scenario        req/s      p99 ms');
  for (const [name, r] of Object.entries(results))
    console.log(`${name.padEnd(12)} ${r.rps.toFixed(1).padStart(8)}  ${String(r.p99).padStart(8)}`);
  const checks = [
    check('GET req/s, ours / bare', results.getOurs.rps / results.getBare.rps, '>=', 0.7),
    check('PUT req/s, ours / bare', results.putOurs.rps / results.putBare.rps, '>=', 0.5),
  ];
  printChecks(checks);
  writeResult('server', { bytes: body.length, connections: CONNECTIONS, seconds: DURATION, results, checks });
} finally {
  await stopProcess(ours);
  await stopProcess(bare);
}
