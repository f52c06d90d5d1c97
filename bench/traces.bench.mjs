// Issue 15: import of a 100 MB OTLP file (synthetic, written here) by streaming, against
// `JSON.parse` of the same bytes: peak memory growth ≤ 200 MB and time ≤ 2x JSON.parse. Each side
// runs in a child process of its own, so that one's heap does not count for the other; memory is
// the peak resident set (getrusage maxRSS) less the resident set before reading.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, median, printChecks, writeResult } from './lib.mjs';

const TARGET_BYTES = 100 * 1024 * 1024;
const SERVICES = 60;
const RUNS = 3;

const attribute = (key, value) => ({ key, value: { stringValue: value } });

/**
 * One request: a server span in a service, a database call, and calls on to two more services,
 * each with the attributes OpenTelemetry's HTTP and database instrumentation write (as in the
 * HotROD and OpenTelemetry Demo captures in ../shared/fixtures/traces).
 */
function traceSpans(trace, spanSeq) {
  const traceId = trace.toString(16).padStart(32, '0');
  const start = 1_760_000_000_000_000_000n + BigInt(trace) * 3_000_000n;
  const spans = [];
  const span = (service, parentSpanId, kind, name, offsetUs, durationUs, attributes, error) => {
    const spanId = (spanSeq.next++).toString(16).padStart(16, '0');
    const begin = start + BigInt(offsetUs) * 1000n;
    spans.push({
      service,
      span: {
        traceId,
        spanId,
        ...(parentSpanId === undefined ? {} : { parentSpanId }),
        flags: 257,
        name,
        kind,
        startTimeUnixNano: String(begin),
        endTimeUnixNano: String(begin + BigInt(durationUs) * 1000n),
        attributes,
        status: error ? { code: 2, message: 'upstream failed' } : {},
      },
    });
    return spanId;
  };
  const front = trace % SERVICES;
  const failed = trace % 97 === 0;
  const serverAttributes = (service, method, route, path, status) => [
    attribute('client.address', `10.0.${trace % 200}.${trace % 250}`),
    attribute('http.request.method', method),
    attribute('http.response.body.size', String(40 + (trace % 300))),
    attribute('http.response.status_code', status),
    attribute('http.route', route),
    attribute('network.peer.address', `10.0.${trace % 200}.${trace % 250}`),
    attribute('network.peer.port', String(40000 + (trace % 20000))),
    attribute('network.protocol.version', '1.1'),
    attribute('server.address', `svc-${service}`),
    attribute('server.port', '8080'),
    attribute('url.path', path),
    attribute('url.scheme', 'http'),
    attribute('user_agent.original', 'Go-http-client/1.1'),
  ];
  const root = span(
    front,
    undefined,
    2,
    'GET /api/orders/{id}',
    0,
    2000 + (trace % 900),
    serverAttributes(front, 'GET', '/api/orders/{id}', `/api/orders/${trace}`, '200'),
  );
  span(front, root, 3, 'SELECT orders', 100, 300 + (trace % 200), [
    attribute('db.system', 'postgresql'),
    attribute('db.namespace', `orders-${front % 10}`),
    attribute('db.operation.name', 'SELECT'),
    attribute('db.query.text', 'SELECT id, total, customer_id FROM orders WHERE id = $1'),
    attribute('server.address', `orders-db-${front % 10}`),
    attribute('server.port', '5432'),
  ]);
  for (const step of [1, 2]) {
    const callee = (front + step * 7) % SERVICES;
    const status = failed ? '503' : '200';
    const client = span(front, root, 3, 'POST', 500 * step, 600 + (trace % 300), [
      attribute('http.request.method', 'POST'),
      attribute('http.response.status_code', status),
      attribute('network.protocol.version', '1.1'),
      attribute('server.address', `svc-${callee}`),
      attribute('server.port', '8080'),
      attribute('url.full', `http://svc-${callee}:8080/v1/price?order=${trace}`),
    ]);
    span(
      callee,
      client,
      2,
      'POST /v1/price',
      500 * step + 20,
      500 + (trace % 250),
      serverAttributes(callee, 'POST', '/v1/price', '/v1/price', status),
      failed,
    );
  }
  return spans;
}

/**
 * Writes the file batch by batch as an OTel collector's file exporter does: each batch one
 * resource per service holding that service's spans of a few hundred traces (children first, as
 * spans are exported when they end), one batch per line.
 */
function writeOtlp(path) {
  const fd = openSync(path, 'w');
  let bytes = 0;
  let trace = 0;
  const spanSeq = { next: 1 };
  while (bytes < TARGET_BYTES) {
    const byService = new Map();
    for (let i = 0; i < 500; i++, trace++) {
      for (const { service, span } of traceSpans(trace, spanSeq).reverse()) {
        if (!byService.has(service)) byService.set(service, []);
        byService.get(service).push(span);
      }
    }
    const resourceSpans = [...byService].map(([service, spans]) => ({
      resource: {
        attributes: [attribute('service.name', `svc-${service}`), attribute('service.version', '1.4.2')],
      },
      scopeSpans: [{ scope: { name: 'io.opentelemetry.http', version: '1.0.0' }, spans }],
    }));
    const line = `${JSON.stringify({ resourceSpans })}\n`;
    writeSync(fd, line);
    bytes += Buffer.byteLength(line);
  }
  closeSync(fd);
  return { bytes, traces: trace };
}

// The two sides, each run as `node -e` in a child process; each prints one JSON line. The file
// holds one JSON document per line, so JSON.parse reads it a line at a time: the same bytes, with
// the whole text and every parsed document held, as a reader without streaming holds them.
const BASELINE = `
const { readFileSync } = require('node:fs');
const before = process.memoryUsage().rss;
const start = performance.now();
const text = readFileSync(process.argv[1], 'utf8');
const read = performance.now();
const documents = text.split('\\n').filter(Boolean).map((line) => JSON.parse(line));
const end = performance.now();
console.log(JSON.stringify({ readMs: read - start, parseMs: end - read, peakMb: (process.resourceUsage().maxRSS * 1024 - before) / 1048576, documents: documents.length }));
`;

// Growth is counted from after the importer's modules are loaded: what reading the file costs.
const STREAMING = `
import('${new URL('../packages/importers/dist/node.js', import.meta.url).href}').then(async ({ importTracesFile }) => {
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const result = await importTracesFile(process.argv[1]);
  const end = performance.now();
  console.log(JSON.stringify({ importMs: end - start, peakMb: (process.resourceUsage().maxRSS * 1024 - before) / 1048576,
    spans: result.report.traces.spans, nodes: result.model.nodes.length, edges: result.model.edges.length }));
});
`;

function runChild(source, file) {
  const result = spawnSync(process.execPath, ['-e', source, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

const dir = mkdtempSync(join(tmpdir(), 'meshplan-traces-bench-'));
try {
  const file = join(dir, 'otlp.jsonl');
  const written = writeOtlp(file);
  const size = statSync(file).size;
  console.log(
    `  wrote ${(size / 1048576).toFixed(1)} MB of OTLP JSON (${written.traces.toLocaleString('en-US')} traces)`,
  );

  const baselines = [];
  const imports = [];
  for (let i = 0; i < RUNS; i++) {
    baselines.push(runChild(BASELINE, file));
    imports.push(runChild(STREAMING, file));
  }
  const parseMs = median(baselines.map((b) => b.parseMs));
  const readParseMs = median(baselines.map((b) => b.readMs + b.parseMs));
  const importMs = median(imports.map((b) => b.importMs));
  const baselinePeak = median(baselines.map((b) => b.peakMb));
  const importPeak = median(imports.map((b) => b.peakMb));
  const last = imports[imports.length - 1];
  console.log(
    `  JSON.parse: ${parseMs.toFixed(0)} ms (read + parse ${readParseMs.toFixed(0)} ms), memory growth ${baselinePeak.toFixed(0)} MB`,
  );
  console.log(
    `  streaming import: ${importMs.toFixed(0)} ms, memory growth ${importPeak.toFixed(0)} MB; ${last.spans.toLocaleString('en-US')} spans → ${last.nodes} nodes, ${last.edges} edges`,
  );
  const checks = [
    check('streaming import of 100 MB OTLP: peak memory growth (MB)', importPeak, '<=', 200),
    check('streaming import time / JSON.parse of the same bytes', importMs / parseMs, '<=', 2),
  ];
  printChecks(checks);
  console.log(
    `  (for comparison: import time / (read + JSON.parse) = ${(importMs / readParseMs).toFixed(2)}; JSON.parse's memory growth / streaming's = ${(baselinePeak / importPeak).toFixed(1)}x)`,
  );
  writeResult('traces', {
    fileMb: size / 1048576,
    spans: last.spans,
    parseMs,
    readParseMs,
    importMs,
    baselinePeakMb: baselinePeak,
    importPeakMb: importPeak,
    checks,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
