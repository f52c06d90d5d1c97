// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.close());

const post = (path: string, body: string, contentType: string) =>
  fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

const compose = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [orders]
  orders:
    build: .
    environment:
      DATABASE_URL: postgres://orders-db:5432/orders
      KAFKA_BROKERS: kafka:9092
  orders-db:
    image: postgres:16
  kafka:
    image: bitnami/kafka:3.7
`;

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as any;
}

describe('POST /import', () => {
  it('creates a model from a compose file sent as YAML, with the report, and the model opens', async () => {
    const res = await post('/import?filename=docker-compose.yml', compose, 'application/yaml');
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(res.headers.get('location')).toBe(`/api/v1/models/${body.id}`);
    const kinds = Object.fromEntries(body.model.nodes.map((n: any) => [n.id, n.kind]));
    expect(kinds).toMatchObject({
      web: 'gateway',
      orders: 'service',
      'orders-db': 'datastore',
      kafka: 'topic',
    });
    const edges = body.model.edges.map((e: any) => `${e.kind} ${e.from} → ${e.to}`).sort();
    expect(edges).toEqual(expect.arrayContaining(['data orders → orders-db', 'publish orders → kafka']));
    expect(body.report.guesses.length).toBeGreaterThan(0);
    expect(body.report.guesses[0].source.path).toBe('docker-compose.yml');
    expect(body.report.guesses.some((g: any) => typeof g.source.line === 'number')).toBe(true);
    // The report ends with its coverage (issue 15): one service; its three edges, the publish a guess.
    expect(body.report.coverage).toMatchObject({
      services: 1,
      edges: { total: 3, fromEvidence: 2, guessed: 1 },
    });
    expect(body.report.coverage.sources.map((s: any) => s.source)).toContain('traces');
    const stored = await fetch(`${server.url}/api/v1/models/${body.id}`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(((await stored.json()) as any).nodes).toHaveLength(4);
  });

  it('takes several files as JSON (a folder of manifests) and honours "from"', async () => {
    const manifest = (name: string, env = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: main
          image: example/${name}:1
${env}---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  selector: { app: ${name} }
  ports: [{ port: 80 }]
`;
    const files = [
      {
        path: 'k8s/checkout.yaml',
        text: manifest('checkout', '          env: [{ name: CART_URL, value: "http://cart:80" }]\n'),
      },
      { path: 'k8s/cart.yaml', text: manifest('cart') },
    ];
    const res = await post('/import', JSON.stringify({ files, from: 'k8s' }), 'application/json');
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.model.edges).toEqual([
      expect.objectContaining({ kind: 'sync', from: 'checkout', to: 'cart' }),
    ]);
  });

  it('answers bad input with a problem that names the place, and stores nothing', async () => {
    const broken = await problem(
      await post('/import?filename=compose.yml&from=compose', 'services:\n  a: [unclosed\n', 'text/yaml'),
      422,
    );
    expect(broken.detail).toMatch(/^compose\.yml:\d+/);
    const wrongKind = await problem(await post('/import', '{"hello": "world"}', 'text/plain'), 422);
    expect(wrongKind.detail).toEqual(expect.any(String));
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = String.fromCharCode(97 + i);
        const next = String.fromCharCode(98 + i);
        return `${next}: &${next} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
      }),
    ].join('\n');
    // A limit, not a mistake in the document: 413.
    await problem(await post('/import?from=compose', bomb, 'application/yaml'), 413);
    const badShape = await problem(
      await post('/import', JSON.stringify({ files: [{ path: 'x' }] }), 'application/json'),
      400,
    );
    expect(badShape.errors).toContainEqual({ path: 'files[0].text', message: 'expected the file text' });
    await problem(await post('/import?from=excel', compose, 'application/yaml'), 400);
    await problem(await post('/import', compose, 'application/octet-stream'), 415);
    await problem(await post('/import', 'x'.repeat(6 * 1024 * 1024), 'text/plain'), 413);
  });

  it('keeps hostile names as data', async () => {
    const hostile = `services:\n  "evil":\n    image: "example/x:1"\n    container_name: "../../etc/passwd<script>"\n    environment:\n      NOTE: "'; DROP TABLE models; --"\n`;
    const res = await post('/import', hostile, 'application/yaml');
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.model.nodes[0].runtime.env.NOTE).toBe("'; DROP TABLE models; --");
  });
});

describe('POST /export.zip', () => {
  it('exports the model sent, storing nothing: the same zip as GET for the stored model', async () => {
    const created = (await (
      await post('/models', '{"template":"ecommerce"}', 'application/json')
    ).json()) as any;
    const model = await (
      await fetch(`${server.url}/api/v1/models/${created.id}`, {
        headers: { authorization: `Bearer ${created.token}` },
      })
    ).text();
    const sent = await post('/export.zip?targets=diagrams', model, 'application/json');
    expect(sent.status).toBe(200);
    expect(sent.headers.get('content-disposition')).toBe('attachment; filename="e-commerce-platform.zip"');
    const entries = unzipSync(new Uint8Array(await sent.arrayBuffer()));
    const png = entries['diagrams/architecture.png'];
    expect([...(png?.slice(0, 4) ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(new TextDecoder().decode(entries['diagrams/architecture.svg'])).toContain('<svg');
    const stored = await fetch(`${server.url}/api/v1/models/${created.id}/export.zip?targets=diagrams`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    const storedEntries = unzipSync(new Uint8Array(await stored.arrayBuffer()));
    expect(Object.keys(entries)).toEqual(Object.keys(storedEntries));
  });

  it('refuses a body that is not a valid model, and unknown targets', async () => {
    expect((await post('/export.zip', '{"nodes": []}', 'application/json')).status).toBe(422);
    expect((await post('/export.zip', '{', 'application/json')).status).toBe(400);
    const model = JSON.stringify({ format: 'meshplan/v1', name: 'x', nodes: [], edges: [] });
    expect((await post('/export.zip?targets=helm', model, 'application/json')).status).toBe(400);
  });
});

describe('GET /models/:id/export.zip', () => {
  const get = (path: string, token?: string) =>
    fetch(`${server.url}/api/v1${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it('returns every target of the e-commerce template as a zip named after the model, the same bytes twice', async () => {
    const created = (await (
      await post('/models', '{"template":"ecommerce"}', 'application/json')
    ).json()) as any;
    const res = await get(`/models/${created.id}/export.zip`, created.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="e-commerce-platform.zip"');
    const zip = new Uint8Array(await res.arrayBuffer());
    const names = Object.keys(unzipSync(zip));
    for (const prefix of ['openapi/', 'asyncapi/', 'k8s/', 'istio/', 'diagrams/', 'docs/', 'lint/'])
      expect(names.some((n) => n.startsWith(prefix))).toBe(true);
    expect(names).toContain('docker-compose.yml');
    expect(names).toContain('README.md');
    const again = new Uint8Array(
      await (await get(`/models/${created.id}/export.zip`, created.token)).arrayBuffer(),
    );
    expect(Buffer.from(again).equals(Buffer.from(zip))).toBe(true);

    const some = await get(`/models/${created.id}/export.zip?targets=compose,diagrams`, created.token);
    const picked = Object.keys(unzipSync(new Uint8Array(await some.arrayBuffer())));
    expect(picked.every((n) => n === 'docker-compose.yml' || n.startsWith('diagrams/'))).toBe(true);
    // The diagrams drawn, each as SVG and PNG.
    for (const name of [
      'diagrams/architecture.svg',
      'diagrams/architecture.png',
      'diagrams/views/ordering.png',
    ])
      expect(picked).toContain(name);
  });

  it('needs the token, refuses unknown targets, and a model with two nodes of one DNS name', async () => {
    const clash = {
      format: 'meshplan/v1',
      name: 'Clash',
      nodes: [
        { id: 'a', kind: 'service', name: 'Order Service' },
        { id: 'b', kind: 'service', name: 'order-service' },
      ],
      edges: [],
    };
    const created = (await (await post('/models', JSON.stringify(clash), 'application/json')).json()) as any;
    await problem(await get(`/models/${created.id}/export.zip`), 401);
    await problem(await get(`/models/${created.id}/export.zip`, 'wrong-token'), 404);
    await problem(await get(`/models/${created.id}/export.zip?targets=helm`, created.token), 400);
    const refused = await problem(await get(`/models/${created.id}/export.zip`, created.token), 422);
    expect(refused.detail).toContain('Order Service');
    expect(refused.detail).toContain('order-service');
  });
});
