import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';
import type { RunningServer } from './server.js';
import { expectProblem, minimalModel, testServer } from './test-support.js';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function server(overrides: Parameters<typeof testServer>[0]) {
  const started = await testServer(overrides);
  running.push(started);
  return started;
}

/** POST /lint (a write by method, stores nothing) from a client claiming `forwardedFor`. */
function lint(url: string, forwardedFor?: string, body = JSON.stringify(minimalModel)) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  return fetch(`${url}/api/v1/lint`, { method: 'POST', headers, body });
}

describe('TRUST_PROXY: whose X-Forwarded-For is believed', () => {
  it('by default nobody’s: varying X-Forwarded-For does not escape the write limit', async () => {
    const { url } = await server({ writeRateLimit: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await lint(url, `203.0.113.${i + 1}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  });

  it('from a configured proxy it is: each forwarded client has its own limit', async () => {
    // The test's requests come from 127.0.0.1, the proxy here.
    const { url } = await server({ writeRateLimit: 5, trustProxy: ['loopback'] });
    for (let i = 0; i < 8; i++) expect((await lint(url, `203.0.113.${i + 1}`)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await lint(url, '198.51.100.7')).status).toBe(200);
    await expectProblem(await lint(url, '198.51.100.7'), 429);
  });

  it('is read as a comma list of addresses, CIDRs and presets; nonsense stops the start', async () => {
    expect(configFromEnv({ TRUST_PROXY: ' 10.0.0.0/8, loopback ,172.18.0.2' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
      '172.18.0.2',
    ]);
    expect(configFromEnv({}).trustProxy).toEqual([]);
    await expect(testServer({ trustProxy: ['not-an-address'] })).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe('MESHPLAN_WRITE_BYTES_PER_MINUTE', () => {
  it('refuses writes past the byte budget of an address with 429, whatever their count', async () => {
    const { url } = await server({ writeBytesPerMinute: 100_000 });
    const big = JSON.stringify({ ...minimalModel, description: 'x'.repeat(30_000) });
    for (let i = 0; i < 3; i++) expect((await lint(url, undefined, big)).status).toBe(200);
    const refused = await expectProblem(await lint(url, undefined, big), 429);
    expect(refused.detail).toContain('MESHPLAN_WRITE_BYTES_PER_MINUTE');
    // Reads go on.
    expect((await fetch(`${url}/api/v1/templates`)).status).toBe(200);
    // A proxy's forged header does not buy a new budget.
    await expectProblem(await lint(url, '203.0.113.9', big), 429);
  });

  it('counts a chunked body (no Content-Length) once read', async () => {
    const { url } = await server({ writeBytesPerMinute: 50_000 });
    const body = JSON.stringify({ ...minimalModel, description: 'x'.repeat(60_000) });
    const chunked = () =>
      fetch(`${url}/api/v1/lint`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Blob([body]).stream(),
        duplex: 'half',
      } as RequestInit);
    expect((await chunked()).status).toBe(200);
    await expectProblem(await chunked(), 429);
  });
});

describe('/metrics is not public', () => {
  it('answers 404 when neither a token nor a port is configured', async () => {
    const { url } = await server({});
    await expectProblem(await fetch(`${url}/metrics`), 404);
  });

  it('with MESHPLAN_METRICS_TOKEN: only with the bearer token', async () => {
    const { url } = await server({ metricsToken: 'scrape-secret' });
    await fetch(`${url}/api/v1/templates`);
    await expectProblem(await fetch(`${url}/metrics`), 401);
    await expectProblem(await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } }), 401);
    const ok = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(
      /meshplan_http_requests_total\{method="GET",route="\/api\/v1\/templates",status="200"\} \d+/,
    );
  });

  it('with METRICS_PORT: on its own listener only, counting the main port’s requests', async () => {
    const started = await server({ metricsPort: 0, metricsHost: '127.0.0.1' });
    expect(started.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.metricsUrl).not.toBe(started.url);
    await fetch(`${started.url}/api/v1/templates`);
    await expectProblem(await fetch(`${started.url}/metrics`), 404);
    const scraped = await fetch(`${started.metricsUrl}/metrics`);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(
      /meshplan_http_requests_total\{method="GET",route="\/api\/v1\/templates",status="200"\} 1/,
    );
    expect(text).toContain('meshplan_http_request_duration_seconds_bucket');
    // Only /metrics there: the API is not reachable on the metrics port.
    expect((await fetch(`${started.metricsUrl}/api/v1/templates`)).status).toBe(404);
  });
});
