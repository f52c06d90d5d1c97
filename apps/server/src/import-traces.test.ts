// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACE_BODY_LIMIT } from './routes/import.js';
import { testServer } from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.close());

const post = (path: string, body: string, contentType: string) =>
  fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

/** One OTLP document: `web` serving a request that calls `api`. */
function otlpLine(i: number): string {
  const span = (service: string, spanId: string, parentSpanId: string | undefined, ms: number) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [
      {
        spans: [
          {
            traceId: i.toString(16).padStart(32, '0'),
            spanId,
            ...(parentSpanId === undefined ? {} : { parentSpanId }),
            name: 'POST /pay',
            kind: 2,
            startTimeUnixNano: '1760000000000000000',
            endTimeUnixNano: String(1760000000000000000n + BigInt(ms) * 1000000n),
            attributes: [
              { key: 'http.request.method', value: { stringValue: 'POST' } },
              { key: 'http.route', value: { stringValue: '/pay' } },
            ],
          },
        ],
      },
    ],
  });
  return JSON.stringify({ resourceSpans: [span('web', 'a1', undefined, 10), span('api', 'b2', 'a1', 2)] });
}

describe('POST /import?from=traces', () => {
  it('streams a trace export larger than the 5 MB body limit into a model with observed calls', async () => {
    const lines = Array.from({ length: 14_000 }, (_, i) => otlpLine(i)).join('\n');
    expect(lines.length).toBeGreaterThan(5 * 1024 * 1024);
    const res = await post('/import?from=traces&filename=prod.jsonl', lines, 'application/json');
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.report.traces).toEqual({ format: 'otlp', traces: 14_000, spans: 28_000, dropped: 0 });
    expect(body.model.edges).toEqual([
      expect.objectContaining({
        kind: 'sync',
        from: 'web',
        to: 'api',
        operations: ['POST /pay'],
        observed: expect.objectContaining({ calls: 14_000, errors: 0 }),
      }),
    ]);
    const stored = await fetch(`${server.url}${res.headers.get('location')}`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(((await stored.json()) as any).edges[0].observed.calls).toBe(14_000);
  });

  it('takes application/x-ndjson without ?from', async () => {
    const res = await post('/import', `${otlpLine(1)}\n${otlpLine(2)}\n`, 'application/x-ndjson');
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).report.traces.spans).toBe(4);
  });

  it('answers 422 naming the place in a truncated export', async () => {
    const res = await post(
      '/import?from=traces&filename=cut.json',
      otlpLine(1).slice(0, 150),
      'application/json',
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).detail).toMatch(/^cut\.json:1: .*ends/);
  });

  it('answers 413 before reading a body announced larger than the trace limit', async () => {
    // The write budget (MESHPLAN_WRITE_BYTES_PER_MINUTE, 100 MB by default) would refuse it first.
    const roomy = await testServer({ writeBytesPerMinute: 4 * TRACE_BODY_LIMIT });
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${roomy.url}/api/v1/import?from=traces`);
      const req = request(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(TRACE_BODY_LIMIT + 1) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('{"resourceSpans": [');
    }).finally(() => roomy.close());
    expect(status).toBe(413);
  });

  it('leaves the JSON form {"files": [...], "from": "traces"} to the usual route', async () => {
    const res = await post(
      '/import',
      JSON.stringify({ files: [{ path: 't.json', text: otlpLine(3) }], from: 'traces' }),
      'application/json',
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).model.edges).toHaveLength(1);
  });
});
