import { exportModel } from '@meshplan/exporters';
import { dnsName, type Model, type Runtime } from '@meshplan/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importModel } from './import.js';

/**
 * A model exported to compose and to Kubernetes and imported again keeps its services, its
 * datastores and the sync and data edges between them (issue 6). Topics do not come back one to
 * one (a broker container carries every topic of its product), so publish/subscribe are left out;
 * so are clients, gateways and external systems, which neither format deploys.
 */
const ENGINES = ['postgres', 'mysql', 'mongodb', 'redis', 'cassandra', 'elasticsearch'] as const;
const WORDS = [
  'orders',
  'payments',
  'catalog',
  'users',
  'billing',
  'search',
  'stock',
  'ship',
  'auth',
  'cart',
];

const modelArbitrary = fc
  .record({
    services: fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }),
    stores: fc.array(fc.constantFrom(...ENGINES), { maxLength: 5 }),
    calls: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 14 }),
    writers: fc.array(fc.nat(), { maxLength: 5 }),
    ports: fc.array(fc.integer({ min: 1024, max: 9999 }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ services, stores, calls, writers, ports }): Model => {
    const nodes: Model['nodes'] = services.map((word, i) => ({
      id: `svc-${i}`,
      kind: 'service',
      name: `${word} Service`,
      runtime: { port: ports[i] ?? 8080 },
    }));
    const edges: Model['edges'] = [];
    const seen = new Set<string>();
    for (const [a, b] of calls) {
      const from = `svc-${a % services.length}`;
      const to = `svc-${b % services.length}`;
      if (from === to || seen.has(`${from}>${to}`)) continue;
      seen.add(`${from}>${to}`);
      edges.push({ id: `call-${edges.length}`, kind: 'sync', from, to, protocol: 'rest' });
    }
    stores.forEach((engine, j) => {
      // Every store has a writer: an unreferenced store is paired with a service by name on import (a guess).
      const owner = `svc-${(writers[j] ?? j) % services.length}`;
      nodes.push({ id: `store-${j}`, kind: 'datastore', name: `Store ${j} ${engine}`, engine });
      edges.push({ id: `data-${j}`, kind: 'data', from: owner, to: `store-${j}`, access: 'readwrite' });
    });
    return { format: 'meshplan/v1', id: 'shop', name: 'Shop', nodes, edges };
  });

/** Services, datastores and sync/data edges, by the DNS names the exports give them. */
function shape(model: Model, name: (node: Model['nodes'][number]) => string) {
  const names = new Map(model.nodes.map((node) => [node.id, name(node)]));
  return {
    services: model.nodes
      .filter((n) => n.kind === 'service')
      .map(name)
      .sort(),
    datastores: model.nodes
      .filter((n) => n.kind === 'datastore')
      .map((n) => `${name(n)} ${n.kind === 'datastore' ? n.engine : ''}`)
      .sort(),
    edges: model.edges
      .filter((e) => e.kind === 'sync' || e.kind === 'data')
      .map((e) => `${e.kind} ${names.get(e.from)} → ${names.get(e.to)}`)
      .sort(),
  };
}

const text = (content: string | Uint8Array) =>
  typeof content === 'string' ? content : new TextDecoder().decode(content);

describe('export, then import: the same services, datastores and edges', () => {
  for (const [target, from] of [
    ['compose', 'compose'],
    ['kubernetes', 'k8s'],
  ] as const) {
    it(`through ${target}`, async () => {
      await fc.assert(
        fc.asyncProperty(modelArbitrary, async (model) => {
          const files = (await exportModel(model, { targets: [target] })).files.map((f) => ({
            path: f.path,
            text: text(f.content),
          }));
          const imported = importModel({ files }, { from }).model;
          expect(shape(imported, (n) => n.name)).toEqual(shape(model, (n) => dnsName(n.name)));
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('import, export to compose, import again (issue 15)', () => {
  const robotShop = `services:
  rabbitmq:
    image: rabbitmq:3.7-management-alpine
  mongodb:
    image: mongo:5
  catalogue:
    build: ./catalogue
    image: robotshop/rs-catalogue
    ports: ["8080:8080"]
    environment: { MONGO_URL: "mongodb://mongodb:27017/catalogue" }
  payment:
    image: robotshop/rs-payment
    ports: ["8002:8081"]
    environment: { AMQP_HOST: rabbitmq }
`;

  it('keeps names (the broker is not renamed rabbitmq-2), service images and ports, and edges', async () => {
    const first = importModel({ files: [{ path: 'docker-compose.yml', text: robotShop }] }).model;
    const exported = (await exportModel(first, { targets: ['compose'] })).files.map((f) => ({
      path: f.path,
      text: text(f.content),
    }));
    expect(exported[0]?.text).not.toContain('rabbitmq-2');
    const second = importModel({ files: exported }, { from: 'compose' }).model;
    const summary = (model: Model) =>
      model.nodes
        .map((node) =>
          [
            node.name,
            node.kind,
            node.kind === 'service' ? `${node.runtime?.image} ${node.runtime?.port}` : '',
          ]
            .join(' ')
            .trim(),
        )
        .sort();
    expect(summary(second)).toEqual(summary(first));
    expect(summary(second)).toContain('payment service robotshop/rs-payment 8081');
    const edges = (model: Model) => {
      const names = new Map(model.nodes.map((node) => [node.id, node.name]));
      return model.edges
        .map((edge) => `${names.get(edge.from)} -${edge.kind}-> ${names.get(edge.to)}`)
        .sort();
    };
    expect(edges(second)).toEqual(edges(first));
    expect(edges(second)).toContain('payment -publish-> rabbitmq');
  });

  it('keeps builds, published ports and the images of datastores, brokers and gateways', async () => {
    const shop = `services:
  rabbitmq:
    image: rabbitmq:3.7-management-alpine
    ports: ["15672:15672"]
  mongodb:
    build: ./mongo
    image: robotshop/rs-mongodb
  web:
    build: ./web
    image: robotshop/rs-web
    ports: ["8080:8080"]
    environment: { CATALOGUE_HOST: catalogue }
  catalogue:
    build: ./catalogue
    image: robotshop/rs-catalogue
    environment: { MONGO_URL: "mongodb://mongodb:27017/catalogue", AMQP_HOST: rabbitmq }
`;
    const first = importModel({ files: [{ path: 'docker-compose.yml', text: shop }] }).model;
    const exported = (await exportModel(first, { targets: ['compose'] })).files.map((f) => ({
      path: f.path,
      text: text(f.content),
    }));
    const written = parse(exported[0]?.text ?? '') as {
      services: Record<string, { image?: string; build?: string; ports?: string[] }>;
    };
    // Each container as the file had it: the seeded database is not swapped for mongo:7.
    expect(written.services.mongodb).toMatchObject({ image: 'robotshop/rs-mongodb', build: './mongo' });
    expect(written.services.rabbitmq).toMatchObject({
      image: 'rabbitmq:3.7-management-alpine',
      ports: ['15672:15672'],
    });
    expect(written.services.catalogue).toMatchObject({
      image: 'robotshop/rs-catalogue',
      build: './catalogue',
    });
    const second = importModel({ files: exported }, { from: 'compose' }).model;
    const deployed = (model: Model) =>
      model.nodes
        .map((node) => {
          const runtime: Runtime | undefined = 'runtime' in node ? (node.runtime as Runtime) : undefined;
          return `${node.name} ${node.kind} ${runtime?.image ?? ''} ${runtime?.build ?? ''} ${(runtime?.published ?? []).join(',')}`.trim();
        })
        .sort();
    expect(deployed(second)).toEqual(deployed(first));
    expect(deployed(second)).toContain('mongodb datastore robotshop/rs-mongodb ./mongo');
  });
});
