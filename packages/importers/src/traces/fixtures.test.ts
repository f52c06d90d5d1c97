import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { importModel } from '../index.js';
import { importTracesFile } from '../node.js';
import { edgeList, FIXTURES, HAVE_FIXTURES, NO_FIXTURES, names } from '../test-support.js';
import { importTraces, importTracesText, type TraceImportResult } from './index.js';

// What each public trace fixture shows, read off the files by hand (span by span: services, span
// kinds, parents, db.system / rpc.system attributes, status codes and durations).
const title = (what: string) => (HAVE_FIXTURES ? what : `${what} (skipped: ${NO_FIXTURES})`);
const read = (path: string) =>
  importTracesText(readFileSync(join(FIXTURES, 'traces', path), 'utf8'), { path });
const edge = (model: Model, from: string, to: string) => {
  const name = new Map(model.nodes.map((node) => [node.id, node.name]));
  return model.edges.find((item) => name.get(item.from) === from && name.get(item.to) === to);
};
const observedCounts = (result: TraceImportResult) =>
  Object.fromEntries(
    edgeList(result.model).map((label) => {
      const [from, rest] = label.split(/ -\w+-> /);
      return [label, edge(result.model, from as string, rest as string)?.observed?.calls];
    }),
  );

describe.skipIf(!HAVE_FIXTURES)(title('HotROD (OTLP from Jaeger /api/v3)'), () => {
  const serial = () => read('hotrod/jaeger-pr9263/n_plus_one_full_serial.json');

  it('reads 40 spans of one trace into frontend, customer, driver, route and the two databases', () => {
    const { model, report } = serial();
    expect(report.traces).toEqual({ format: 'otlp', traces: 1, spans: 40, dropped: 0 });
    expect(names(model, 'service')).toEqual(['customer', 'driver', 'frontend', 'route']);
    expect(names(model, 'datastore')).toEqual(['mysql', 'redis']);
    expect(model.nodes.find((node) => node.name === 'redis')).toMatchObject({ engine: 'redis' });
    expect(model.nodes.find((node) => node.name === 'mysql')).toMatchObject({ engine: 'mysql' });
    expect(observedCounts(serial())).toEqual({
      'customer -data-> mysql': 1,
      'driver -data-> redis': 14,
      'frontend -sync-> customer': 1,
      'frontend -sync-> driver': 1,
      'frontend -sync-> route': 10,
    });
  });

  it('keeps protocol, operations, errors, latency and the window on each edge', () => {
    const { model } = serial();
    expect(edge(model, 'frontend', 'driver')).toMatchObject({
      protocol: 'grpc',
      operations: ['driver.DriverService/FindNearest'],
    });
    expect(edge(model, 'frontend', 'route')).toMatchObject({ protocol: 'rest', operations: ['GET /route'] });
    // Ten GET /route server spans of 38.4 to 75.3 ms; three of fourteen redis calls failed (status 2).
    expect(edge(model, 'frontend', 'route')?.observed).toEqual({
      calls: 10,
      errors: 0,
      p50Ms: 52.399,
      p99Ms: 75.336,
      from: '2026-08-19T09:40:59.196Z',
      to: '2026-08-19T09:40:59.756Z',
    });
    expect(edge(model, 'driver', 'redis')).toMatchObject({
      access: 'read',
      observed: { calls: 14, errors: 3 },
    });
  });

  it('reports that mysql and redis-manual only record calls made for other services', () => {
    const { report } = serial();
    expect(report.guesses.map((item) => item.message)).toEqual([
      expect.stringMatching(/^"redis-manual" only records client calls/),
      expect.stringMatching(/^"mysql" only records client calls/),
    ]);
    expect(report.guesses[1]?.source).toEqual({
      path: 'hotrod/jaeger-pr9263/n_plus_one_full_serial.json',
      line: 3580,
      pointer: '/resourceSpans/5/scopeSpans/0/spans/0',
    });
  });

  it('reads the concurrent capture into the same graph', () => {
    const concurrent = read('hotrod/jaeger-pr9263/n_plus_one_full_concurrent.json');
    expect(edgeList(concurrent.model)).toEqual(edgeList(serial().model));
  });

  it('reads the older capture inside the v3 envelope {"result": …}, where the databases have no db.system', () => {
    const { model, report } = read('hotrod/jaeger-ui-pr4129/getTrace-response.json');
    expect(report.traces).toMatchObject({ format: 'otlp', spans: 40 });
    expect(observedCounts({ model, report } as TraceImportResult)).toEqual({
      'customer -data-> mysql': 1,
      'driver -data-> redis-manual': 14,
      'frontend -sync-> customer': 1,
      'frontend -sync-> driver': 1,
      'frontend -sync-> route': 10,
    });
    expect(report.guesses.map((item) => item.message)).toContain(
      'datastore mysql: customer calls "mysql", named like a mysql database (1 call; no db.system attribute)',
    );
    expect(report.guesses[0]?.source.pointer).toMatch(/^\/result\/resourceSpans\//);
  });

  it('streams the file from disk to the same result as the text', async () => {
    const path = join(FIXTURES, 'traces/hotrod/jaeger-pr9263/n_plus_one_full_serial.json');
    const streamed = await importTracesFile(path);
    const text = importTracesText(readFileSync(path, 'utf8'), { path: 'n_plus_one_full_serial.json' });
    expect(streamed).toEqual(text);
  });

  it('gives the same result whatever the chunks, even bytes split inside a character', async () => {
    const bytes = new TextEncoder().encode(
      readFileSync(join(FIXTURES, 'traces/hotrod/jaeger-ui-pr4129/getTrace-response.json'), 'utf8'),
    );
    const chunks = function* () {
      for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
    };
    const streamed = await importTraces(chunks(), { path: 'hotrod/jaeger-ui-pr4129/getTrace-response.json' });
    expect(streamed).toEqual(read('hotrod/jaeger-ui-pr4129/getTrace-response.json'));
  });

  it('is recognised by importModel from its content', () => {
    const path = 'hotrod/jaeger-pr9263/n_plus_one_full_serial.json';
    const text = readFileSync(join(FIXTURES, 'traces', path), 'utf8');
    expect(importModel({ files: [{ path, text }] }).model.edges).toHaveLength(5);
  });
});

describe.skipIf(!HAVE_FIXTURES)(title('OpenTelemetry Demo (OTLP, with injected failures)'), () => {
  const result = () => read('otel-demo/jaeger-pr9263/error_timeout_masked.json');

  it('reads the checkout and add-to-cart branches: five services, valkey and postgres', () => {
    const { model, report } = result();
    expect(report.traces).toEqual({ format: 'otlp', traces: 1, spans: 26, dropped: 0 });
    expect(names(model, 'service')).toEqual([
      'cart',
      'frontend',
      'frontend-proxy',
      'load-generator',
      'product-catalog',
    ]);
    expect(model.nodes.filter((node) => node.kind === 'datastore')).toEqual([
      expect.objectContaining({ name: 'valkey-cart', engine: 'redis' }),
      expect.objectContaining({ name: 'astronomy-db', engine: 'postgres' }),
    ]);
    expect(observedCounts(result())).toEqual({
      'cart -data-> valkey-cart': 4,
      'frontend -sync-> cart': 2,
      'frontend -sync-> product-catalog': 1,
      'frontend-proxy -sync-> frontend': 3,
      'load-generator -sync-> frontend-proxy': 3,
      'product-catalog -data-> astronomy-db': 1,
    });
  });

  it('calls gRPC what either end says is gRPC, and names the methods', () => {
    const { model } = result();
    expect(edge(model, 'frontend', 'cart')).toMatchObject({
      protocol: 'grpc',
      operations: ['oteldemo.CartService/AddItem', 'oteldemo.CartService/GetCart'],
    });
  });

  it('counts the 504 of the checkout as an error and its 15 s as the p99', () => {
    const observed = edge(result().model, 'load-generator', 'frontend-proxy')?.observed;
    expect(observed).toMatchObject({ calls: 3, errors: 1, p99Ms: 15001.462 });
    // HGET, HMSET, EXPIRE, HGET: reads and writes.
    expect(edge(result().model, 'cart', 'valkey-cart')).toMatchObject({ access: 'readwrite' });
    expect(edge(result().model, 'product-catalog', 'astronomy-db')).toMatchObject({ access: 'read' });
  });
});

describe.skipIf(!HAVE_FIXTURES)(
  title('Spring PetClinic (Jaeger JSON, one trace without the data envelope)'),
  () => {
    it('reads the gateway calling customers-service, and its JDBC calls as a datastore guessed from the URL', () => {
      const { model, report } = read('spring-petclinic/jaeger-ui/testTraceNormal.json');
      expect(report.traces).toEqual({ format: 'jaeger', traces: 1, spans: 5, dropped: 0 });
      expect(names(model, 'service')).toEqual(['api-gateway', 'customers-service']);
      expect(model.nodes.find((node) => node.kind === 'datastore')).toMatchObject({
        name: 'testdb',
        engine: 'other',
      });
      expect(observedCounts({ model, report } as TraceImportResult)).toEqual({
        'api-gateway -sync-> customers-service': 1,
        'customers-service -data-> testdb': 2,
      });
      // Jaeger durations are microseconds: 1,739 µs.
      expect(edge(model, 'api-gateway', 'customers-service')?.observed).toMatchObject({ p50Ms: 1.739 });
      expect(report.guesses.map((item) => item.message)).toEqual([
        'call api-gateway → customers-service: protocol rest assumed (its spans name no HTTP or RPC attributes)',
        'datastore testdb: engine and name read from the JDBC URL jdbc:hsqldb:mem:testdb (no db.system attribute)',
      ]);
    });

    it('reads the nine JDBC calls of the second trace, whose processes come after its spans', () => {
      const { model } = read('spring-petclinic/jaeger-ui/spansAmongEachOther.json');
      expect(edge(model, 'customers-service', 'testdb')?.observed).toMatchObject({
        calls: 9,
        p50Ms: 0.015,
        p99Ms: 0.031,
      });
      expect(edge(model, 'api-gateway', 'customers-service')?.observed?.calls).toBe(1);
    });
  },
);

describe.skipIf(!HAVE_FIXTURES)(title('Zipkin v2 (Yelp production trace, shared server halves)'), () => {
  const result = () => read('zipkin-yelp/yelp.json');

  it('joins each shared server half to its client, and reads remote-only names as guesses', () => {
    const { model, report } = result();
    expect(report.traces).toEqual({ format: 'zipkin', traces: 1, spans: 16, dropped: 0 });
    expect(names(model, 'service')).toEqual([
      'mobile_api',
      'routing',
      'spectre',
      'unknown',
      'yelp-main',
      'yelp_main/api_proxy',
    ]);
    expect(names(model, 'external')).toEqual(['blt']);
    expect(names(model, 'datastore')).toEqual(['memcache', 'mysql']);
    expect(observedCounts(result())).toEqual({
      'mobile_api -data-> memcache': 2,
      'mobile_api -sync-> blt': 1,
      'mobile_api -sync-> spectre': 1,
      'routing -sync-> unknown': 1,
      'routing -sync-> yelp-main': 1,
      'unknown -sync-> yelp_main/api_proxy': 1,
      'yelp-main -data-> memcache': 3,
      'yelp-main -data-> mysql': 2,
      'yelp-main -sync-> mobile_api': 1,
      'yelp_main/api_proxy -sync-> yelp-main': 2,
    });
    // The server half of spectre's call: 1,490 µs (the client saw 3 ms).
    expect(edge(model, 'mobile_api', 'spectre')?.observed?.p50Ms).toBe(1.49);
    expect(report.guesses.map((item) => item.message)).toContain(
      'external blt: mobile_api calls it (1 call) and no traced service serves it',
    );
  });
});
