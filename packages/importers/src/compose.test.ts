import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { edgeList, nodeNamed } from './test-support.js';

const compose = (text: string) =>
  importModel({ files: [{ path: 'docker-compose.yml', text }] }, { from: 'compose' });

describe('compose importer', () => {
  const text = `
name: shop
services:
  proxy:
    image: nginx:1.27
    ports: ["80:80"]
    depends_on: [web]
  web:
    build: ./web
    ports: ["8080"]
    environment:
      - ORDERS_URL=http://orders:8080/v1
      - CATALOG_ADDR=catalog:50051
      - BROKERS=kafka:9092
      - CACHE_HOST=cache
      - SELF=http://web:8080
  orders:
    build: ./orders
    environment:
      DATABASE_URL: postgres://app:pw@orders-db:5432/orders
      ORDERS_HOST: orders
      AMQP: amqp://rabbit
    depends_on:
      orders-db: { condition: service_healthy }
      catalog: { condition: service_started }
    links: ["catalog:catalogue"]
    deploy:
      replicas: 3
      resources: { limits: { cpus: '0.5', memory: 256M }, reservations: { memory: 128M } }
    healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:8080/health"] }
  catalog:
    build: ./catalog
    expose: ["50051"]
  orders-db:
    image: postgres:15
  cache:
    image: redis:7
  kafka:
    image: bitnami/kafka:3.7
  rabbit:
    image: rabbitmq:3-management
  internal-nginx:
    image: nginx
`;

  it('maps kinds by image, and edges by depends_on, links and env in their common forms', () => {
    const { model, report } = compose(text);
    expect(parseModel(model).ok).toBe(true);
    expect(model.name).toBe('shop');
    expect(nodeNamed(model, 'proxy')).toMatchObject({ kind: 'gateway', product: 'nginx' });
    expect(nodeNamed(model, 'internal-nginx')).toMatchObject({ kind: 'service' });
    expect(nodeNamed(model, 'orders-db')).toMatchObject({ kind: 'datastore', engine: 'postgres' });
    expect(nodeNamed(model, 'cache')).toMatchObject({ kind: 'datastore', engine: 'redis' });
    expect(nodeNamed(model, 'kafka')).toMatchObject({ kind: 'topic', broker: 'kafka' });
    expect(nodeNamed(model, 'rabbit')).toMatchObject({ kind: 'topic', broker: 'rabbitmq' });
    expect(edgeList(model)).toEqual([
      'orders -data-> orders-db',
      'orders -publish-> rabbit',
      'orders -sync-> catalog',
      'proxy -sync-> web',
      'web -data-> cache',
      'web -publish-> kafka',
      'web -sync-> catalog',
      'web -sync-> orders',
    ]);
    const grpc = model.edges.find((edge) => edge.from === 'web' && edge.to === 'catalog');
    expect(grpc).toMatchObject({ kind: 'sync', protocol: 'grpc' });
    expect(model.edges.find((edge) => edge.from === 'web' && edge.to === 'orders')).toMatchObject({
      protocol: 'rest',
    });
    expect(model.edges.find((edge) => edge.kind === 'data')).toMatchObject({ access: 'readwrite' });
    expect(model.nodes.every((node) => node.position === undefined)).toBe(true);
    const guess = report.guesses.find((item) => item.message.startsWith('env ORDERS_URL'));
    expect(guess).toEqual({
      message: 'env ORDERS_URL=http://orders:8080/v1 names orders: sync edge web → orders (rest)',
      source: { path: 'docker-compose.yml', line: 12, column: 9, pointer: '/services/web/environment/0' },
    });
    expect(report.guesses.map((item) => item.message)).toContain(
      'orders-db: image postgres:15 says a datastore (postgres)',
    );
  });

  it('keeps runtime: image, port, replicas, resources, health, env', () => {
    const { model } = compose(text);
    expect(nodeNamed(model, 'orders')).toMatchObject({
      runtime: {
        replicas: 3,
        cpuLimit: '0.5',
        memoryLimit: '256M',
        memory: '128M',
        health: '/health',
        env: { ORDERS_HOST: 'orders', AMQP: 'amqp://rabbit' },
      },
    });
    expect(nodeNamed(model, 'web')).toMatchObject({ runtime: { port: 8080 } });
    expect(nodeNamed(model, 'catalog')).toMatchObject({ runtime: { port: 50051 } });
  });

  it('draws no self edges and no duplicates', () => {
    const { model } = compose(text);
    expect(model.edges.some((edge) => edge.from === edge.to)).toBe(false);
    const pairs = model.edges.map((edge) => `${edge.from}>${edge.to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('reports what it cannot map, at its line', () => {
    const { report } = compose(`services:
  api:
    image: acme/api
    restart: always
    environment: [PAYMENTS_URL=https://payments.example.com/v2]
    volumes: [data:/data]
volumes: { data: {} }
`);
    expect(report.unmapped).toContainEqual({
      message: 'api: restart, volumes not mapped',
      source: expect.objectContaining({ line: 4 }),
    });
    expect(report.unmapped).toContainEqual({
      message: 'top-level "volumes" is not mapped',
      source: expect.objectContaining({ line: 7 }),
    });
    expect(report.unmapped.map((item) => item.message)).toContain(
      'env PAYMENTS_URL=https://payments.example.com/v2 names host "payments.example.com", which nothing in these files deploys; no edge drawn',
    );
  });

  it('reports an edge that no edge kind allows instead of drawing it', () => {
    const { model, report } = compose(`services:
  db:
    image: mysql:8
    environment: [REPLICA_OF=api:8080]
  api:
    build: .
`);
    expect(model.edges).toEqual([]);
    expect(report.unmapped.map((item) => item.message)).toContain(
      'env REPLICA_OF=api:8080 names api, but no edge kind joins datastore "db" to service "api"',
    );
  });
});
