import { describe, expect, it } from 'vitest';
import { ImportError, importModel } from '../index.js';
import { edgeList, names } from '../test-support.js';
import { importTraces, importTracesText, looksLikeTraces } from './index.js';
import { LatencySketch } from './latency.js';

// Small inputs of our own for the shapes and attribute names the public fixtures do not show.
const attributes = (values: Record<string, string>) =>
  Object.entries(values).map(([key, value]) => ({ key, value: { stringValue: value } }));
let nextId = 1;
const id = () => (nextId++).toString(16).padStart(16, '0');
const T = 'ab'.repeat(16);
const otlpSpan = (options: {
  spanId?: string;
  parent?: string;
  kind: number;
  ms?: number;
  at?: number;
  error?: boolean;
  attrs?: Record<string, string>;
}) => {
  const start = 1_760_000_000_000 + (options.at ?? 0);
  return {
    traceId: T,
    spanId: options.spanId ?? id(),
    ...(options.parent === undefined ? {} : { parentSpanId: options.parent }),
    name: 'op',
    kind: options.kind,
    startTimeUnixNano: `${start}000000`,
    endTimeUnixNano: `${start * 1e6 + (options.ms ?? 1) * 1e6}`,
    attributes: attributes(options.attrs ?? {}),
    status: options.error ? { code: 2 } : {},
  };
};
const resource = (service: string, spans: unknown[]) => ({
  resource: { attributes: attributes({ 'service.name': service }) },
  scopeSpans: [{ scope: { name: 's' }, spans }],
});
const otlp = (...resources: unknown[]) => JSON.stringify({ resourceSpans: resources });
const errorOf = (text: string, path = 'in.json') => {
  try {
    importTracesText(text, { path });
  } catch (error) {
    return error as ImportError;
  }
  throw new Error('no error');
};

describe('traces: what becomes what (drift.md)', () => {
  it('reads older attribute names: peer.service, net.peer.name, http.url, db.type', () => {
    const root = id();
    const text = otlp(
      resource('orders', [
        otlpSpan({ spanId: root, kind: 2, attrs: { 'http.method': 'GET', 'http.route': '/orders' } }),
        otlpSpan({
          parent: root,
          kind: 3,
          attrs: { 'peer.service': 'billing-legacy', 'http.method': 'POST' },
        }),
        otlpSpan({ parent: root, kind: 3, attrs: { 'net.peer.name': 'rates.example.com' } }),
        otlpSpan({ parent: root, kind: 3, attrs: { 'http.url': 'https://maps.example.org/v1/geo?q=1' } }),
        otlpSpan({
          parent: root,
          kind: 3,
          attrs: { 'db.type': 'sql', 'db.instance': 'x', 'db.statement': 'UPDATE t' },
        }),
      ]),
    );
    const { model, report } = importTracesText(text, { path: 'old.json' });
    expect(names(model, 'external')).toEqual(['billing-legacy', 'maps.example.org', 'rates.example.com']);
    expect(model.nodes.find((node) => node.kind === 'datastore')).toMatchObject({
      name: 'sql',
      engine: 'other',
    });
    expect(edgeList(model)).toContain('orders -data-> sql');
    expect(model.edges.find((edge) => edge.kind === 'data')).toMatchObject({ access: 'write' });
    expect(report.guesses.filter((item) => item.message.startsWith('external'))).toHaveLength(3);
    expect(report.guesses[0]?.source).toMatchObject({
      path: 'old.json',
      pointer: expect.stringMatching(/^\/resourceSpans\/0/),
    });
  });

  it('makes topics from messaging spans: publish from the producer, subscribe to the consumer', () => {
    const send = id();
    const text = otlp(
      resource('orders', [
        otlpSpan({
          spanId: send,
          kind: 4,
          attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'order-placed' },
        }),
      ]),
      resource('shipping', [
        otlpSpan({
          parent: send,
          kind: 5,
          attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'order-placed' },
        }),
        otlpSpan({
          parent: send,
          kind: 5,
          error: true,
          attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'order-placed' },
        }),
      ]),
    );
    const { model } = importTracesText(text, { path: 'm.json' });
    expect(model.nodes.find((node) => node.kind === 'topic')).toMatchObject({
      name: 'order-placed',
      broker: 'kafka',
    });
    expect(edgeList(model)).toEqual(['order-placed -subscribe-> shipping', 'orders -publish-> order-placed']);
    expect(model.edges.find((edge) => edge.kind === 'subscribe')?.observed).toMatchObject({
      calls: 2,
      errors: 1,
    });
  });

  it('reads Jaeger {"data": [...]} with several traces, and a client span whose server is not traced', () => {
    const trace = (traceID: string, offset: number) => ({
      traceID,
      spans: [
        {
          traceID,
          spanID: `${traceID}1`,
          operationName: 'GET /a',
          references: [],
          startTime: 1_000_000 + offset,
          duration: 2000,
          processID: 'p1',
          tags: [{ key: 'span.kind', value: 'server' }],
        },
        {
          traceID,
          spanID: `${traceID}2`,
          operationName: 'GET',
          references: [{ refType: 'CHILD_OF', traceID, spanID: `${traceID}1` }],
          startTime: 1_000_100 + offset,
          duration: 500,
          processID: 'p1',
          tags: [
            { key: 'span.kind', value: 'client' },
            { key: 'http.url', value: 'http://stock:8080/x' },
            { key: 'http.status_code', value: 503 },
          ],
        },
        {
          traceID,
          spanID: `${traceID}3`,
          operationName: 'GET /x',
          references: [{ refType: 'CHILD_OF', traceID, spanID: `${traceID}2` }],
          startTime: 1_000_150 + offset,
          duration: 300,
          processID: 'p2',
          tags: [
            { key: 'span.kind', value: 'server' },
            { key: 'http.route', value: '/x' },
            { key: 'http.method', value: 'GET' },
            { key: 'error', value: true },
          ],
        },
      ],
      processes: { p1: { serviceName: 'shop' }, p2: { serviceName: 'stock' } },
    });
    const text = JSON.stringify({ data: [trace('aa', 0), trace('bb', 10_000)] });
    const { model, report } = importTracesText(text, { path: 'jaeger.json' });
    expect(report.traces).toEqual({ format: 'jaeger', traces: 2, spans: 6, dropped: 0 });
    expect(edgeList(model)).toEqual(['shop -sync-> stock']);
    expect(model.edges[0]).toMatchObject({
      operations: ['GET /x'],
      observed: { calls: 2, errors: 2, p50Ms: 0.3 },
    });
    expect(model.edges[0]?.observed?.from).toBe('1970-01-01T00:00:01.000Z');
  });

  it('reads Zipkin lists of traces (an array of arrays) and OTLP one document per line', () => {
    const span = (id: string, parentId: string | undefined, kind: string, service: string) => ({
      traceId: 'cc',
      id,
      ...(parentId === undefined ? {} : { parentId }),
      kind,
      timestamp: 1_000_000,
      duration: 1500,
      localEndpoint: { serviceName: service },
    });
    const zipkin = JSON.stringify([
      [span('1', undefined, 'SERVER', 'web'), span('2', '1', 'CLIENT', 'web')],
      [span('3', '2', 'SERVER', 'api')],
    ]);
    expect(edgeList(importTracesText(zipkin, { path: 'z.json' }).model)).toEqual(['web -sync-> api']);
    const root = id();
    const lines = [
      otlp(resource('web', [otlpSpan({ spanId: root, kind: 2 })])),
      otlp(resource('api', [otlpSpan({ parent: root, kind: 2, ms: 4 })])),
    ].join('\n');
    expect(edgeList(importTracesText(lines, { path: 'l.jsonl' }).model)).toEqual(['web -sync-> api']);
  });

  it('waits for a resource that comes after its spans', () => {
    const root = id();
    const text = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [{ spans: [otlpSpan({ spanId: root, kind: 2 })] }],
          resource: { attributes: attributes({ 'service.name': 'late' }) },
        },
        resource('api', [otlpSpan({ parent: root, kind: 2 })]),
      ],
    });
    expect(edgeList(importTracesText(text, { path: 'x.json' }).model)).toEqual(['late -sync-> api']);
  });

  it('joins a parent to children that come before and after it, in traces of one span and of many', () => {
    const traceOf = (traceId: string, spans: ReturnType<typeof otlpSpan>[]) =>
      spans.map((span) => ({ ...span, traceId }));
    const [a, b, c] = [id(), id(), id()];
    const text = otlp(
      resource('api', traceOf('t1', [otlpSpan({ spanId: b, parent: a, kind: 2 })])),
      resource('web', traceOf('t1', [otlpSpan({ spanId: a, kind: 2 })])),
      resource('db-proxy', traceOf('t1', [otlpSpan({ spanId: c, parent: b, kind: 2 })])),
      resource('lonely', traceOf('t2', [otlpSpan({ spanId: a, kind: 2 })])),
    );
    const { model, report } = importTracesText(text, { path: 'order.json' });
    expect(edgeList(model)).toEqual(['api -sync-> db-proxy', 'web -sync-> api']);
    expect(report.traces).toMatchObject({ traces: 2, spans: 4 });
  });

  it('keeps hostile names as data', () => {
    const root = id();
    const text = otlp(
      resource('<script>alert(1)</script>', [otlpSpan({ spanId: root, kind: 2 })]),
      resource('"../../etc/passwd"', [otlpSpan({ parent: root, kind: 2 })]),
    );
    const { model } = importTracesText(text, { path: 'h.json' });
    expect(names(model, 'service')).toEqual(['"../../etc/passwd"', '<script>alert(1)</script>']);
    for (const node of model.nodes) expect(node.id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
  });

  it('reports spans dropped and why, and spans whose parent is not in the file', () => {
    const text = otlp(
      resource('web', [
        otlpSpan({ kind: 2 }),
        { ...otlpSpan({ kind: 2 }), spanId: 42 },
        { ...otlpSpan({ kind: 2 }), endTimeUnixNano: 'soon' },
        'not a span',
        otlpSpan({ kind: 2, parent: 'ffffffffffffffff' }),
      ]),
      { resource: { attributes: [] }, scopeSpans: [{ spans: [otlpSpan({ kind: 2 })] }] },
    );
    const { report } = importTracesText(text, { path: 'd.json' });
    expect(report.traces).toEqual({ format: 'otlp', traces: 1, spans: 2, dropped: 4 });
    expect(report.unmapped.map((item) => item.message)).toEqual([
      '1 spans dropped: no valid span id',
      '1 spans dropped: no valid start and end time',
      '1 spans dropped: not an object',
      '1 spans dropped: no service name (no service.name on its resource, or an unknown process)',
      '1 spans name a parent span that is not in the file (a partial trace): who called them is not known',
    ]);
    expect(report.unmapped[0]?.source).toEqual({
      path: 'd.json',
      line: 1,
      pointer: '/resourceSpans/0/scopeSpans/0/spans/1',
    });
  });

  it('ends its report with the coverage: what traces cannot see, and which sources would tell it', () => {
    const text = otlp(resource('web', [otlpSpan({ kind: 2 })]), resource('api', [otlpSpan({ kind: 2 })]));
    const { report } = importTracesText(text, { path: 'c.json' });
    expect(report.coverage?.services).toBe(2);
    expect(report.coverage?.unconnectedNames).toEqual(['api', 'web']);
    expect(report.coverage?.sources.map((source) => source.source)).toEqual(['manifests', 'api-documents']);
  });
});

describe('traces: bad input gives an ImportError naming the place', () => {
  const valid = otlp(resource('web', [otlpSpan({ kind: 2 })]));

  it.each([
    ['truncated JSON', valid.slice(0, valid.length - 20), /in\.json:1: .*ends/],
    [
      'a truncated pretty-printed file, at its line',
      JSON.stringify(JSON.parse(valid), null, 2).slice(0, 200),
      /in\.json:\d+: /,
    ],
    ['resourceSpans of the wrong type', '{"resourceSpans": {"a": 1}}', /resourceSpans must be an array/],
    [
      'spans of the wrong type',
      '{"resourceSpans": [{"scopeSpans": [{"spans": "many"}]}]}',
      /spans must be an array/,
    ],
    ['a resource that is a string', '{"resourceSpans": [{"resource": "web"}]}', /resource must be an object/],
    [
      'processes that are a list',
      '{"traceID": "a", "spans": [], "processes": []}',
      /processes must be an object/,
    ],
    ['JSON of another kind', '{"services": {"web": {}}}', /not a trace export/],
    ['a scalar', '42', /not a trace file/],
    ['only dropped spans', otlp(resource('web', [{}])), /no usable span .*1 dropped/],
    [
      'deep nesting',
      `{"resourceSpans": [{"scopeSpans": [{"spans": [{"a": ${'['.repeat(5000)}`,
      /nested more than 64 levels/,
    ],
    [
      'a huge string in a span',
      otlp(resource('web', [{ name: 'x'.repeat(9 * 1024 * 1024) }])),
      /more than 8 MB/,
    ],
    ['a huge key', `{"${'k'.repeat(100_000)}`, /key longer than/],
  ])('%s', (_what, text, message) => {
    const error = errorOf(text);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toMatch(message);
    expect(error.source.path).toBe('in.json');
  });

  it('names the JSON pointer of a value of the wrong type', () => {
    expect(errorOf('{"resourceSpans": [{"scopeSpans": [{"spans": "many"}]}]}').source).toMatchObject({
      line: 1,
      pointer: '/resourceSpans/0/scopeSpans/0/spans',
    });
  });

  it('refuses bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    await expect(importTraces([bytes], { path: 'bin.json' })).rejects.toThrow(/bin\.json: not UTF-8/);
  });

  it('refuses more spans than asked for, naming the first one past the limit', async () => {
    const text = otlp(resource('web', [otlpSpan({ kind: 2 }), otlpSpan({ kind: 2 }), otlpSpan({ kind: 2 })]));
    await expect(importTraces([text], { path: 'many.json', maxSpans: 2 })).rejects.toThrow(
      /many\.json:1: more than 2 spans/,
    );
    expect((await importTraces([text], { path: 'many.json', maxSpans: 3 })).report.traces.spans).toBe(3);
  });

  it('refuses an empty stream', async () => {
    await expect(importTraces([], { path: 'e.json' })).rejects.toThrow(
      /e\.json:1: the file holds no JSON value/,
    );
  });
});

describe('traces through importModel', () => {
  it('detects trace exports from their first keys, and reads them with --from traces', () => {
    const text = otlp(resource('web', [otlpSpan({ kind: 2 })]));
    expect(looksLikeTraces(text)).toBe(true);
    expect(looksLikeTraces('{"result": {"resourceSpans": []}}')).toBe(true);
    expect(looksLikeTraces('{"services": {}}')).toBe(false);
    expect(importModel({ files: [{ path: 'a.json', text }] }).model.nodes).toHaveLength(1);
    expect(importModel({ files: [{ path: 'a.json', text }] }, { from: 'traces' }).report.traces?.spans).toBe(
      1,
    );
  });

  it('reads one trace export at a time', () => {
    const text = otlp(resource('web', [otlpSpan({ kind: 2 })]));
    expect(() =>
      importModel(
        {
          files: [
            { path: 'a.json', text },
            { path: 'b.json', text },
          ],
        },
        { from: 'traces' },
      ),
    ).toThrow(/one trace export at a time/);
  });
});

describe('LatencySketch', () => {
  it('gives exact nearest-rank quantiles up to 256 durations', () => {
    const sketch = new LatencySketch();
    for (let ms = 100; ms >= 1; ms--) sketch.add(ms);
    expect([sketch.quantile(0.5), sketch.quantile(0.99), sketch.quantile(1)]).toEqual([50, 99, 100]);
  });

  it('stays within 1% of the true quantile beyond, merged or not', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => 0.5 + ((i * 7919) % 10_000) / 10);
    const whole = new LatencySketch();
    const halves = [new LatencySketch(), new LatencySketch()];
    values.forEach((value, i) => {
      whole.add(value);
      halves[i % 2]?.add(value);
    });
    halves[0]?.merge(halves[1] as LatencySketch);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.99]) {
      const truth = sorted[Math.ceil(q * sorted.length) - 1] as number;
      for (const sketch of [whole, halves[0] as LatencySketch]) {
        expect(Math.abs(sketch.quantile(q) - truth) / truth).toBeLessThanOrEqual(0.01);
      }
    }
    expect(halves[0]?.count).toBe(20_000);
  });
});
