import type { BROKERS, DATASTORE_ENGINES } from '@meshplan/model';

export type Engine = (typeof DATASTORE_ENGINES)[number];
export type Broker = (typeof BROKERS)[number];

/** What a well-known image is: a datastore, a message broker, or a gateway product. */
export type ImageRole =
  | { kind: 'datastore'; engine: Engine; product: string }
  | { kind: 'topic'; broker: Broker; product: string }
  | { kind: 'gateway'; product: string };

const DATASTORES: Record<string, Engine> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  postgis: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  percona: 'mysql',
  mongo: 'mongodb',
  mongodb: 'mongodb',
  redis: 'redis',
  valkey: 'redis',
  cassandra: 'cassandra',
  scylla: 'cassandra',
  elasticsearch: 'elasticsearch',
  opensearch: 'elasticsearch',
  dynamodb: 'dynamodb',
};
const BROKER_IMAGES: Record<string, Broker> = {
  kafka: 'kafka',
  redpanda: 'kafka',
  rabbitmq: 'rabbitmq',
  nats: 'nats',
  // The model has no ActiveMQ broker: `other`, with the product in the node's description.
  activemq: 'other',
  artemis: 'other',
};
const GATEWAYS = new Set(['nginx', 'envoy', 'kong', 'traefik', 'haproxy']);
// Tools that carry a product's name without being it: `mongo-express`, `rabbitmq-exporter`.
const COMPANIONS = new Set([
  'admin',
  'cli',
  'client',
  'commander',
  'connect',
  'exporter',
  'express',
  'insight',
  'manager',
  'operator',
  'proxy',
  'registry',
  'rest',
  'schema',
  'sentinel',
  'ui',
]);

/** The words of an image's own name: `docker.io/bitnami/postgresql:15` → `["postgresql"]`. */
export function imageWords(image: string): string[] {
  const withoutDigest = image.split('@')[0] ?? image;
  const name = withoutDigest.split('/').pop() ?? withoutDigest;
  const repository = name.split(':')[0] ?? name;
  return repository
    .toLowerCase()
    .split(/[-_.]+/)
    .filter(Boolean);
}

/** The role of a well-known image, or undefined for an application image. */
export function imageRole(image: string): ImageRole | undefined {
  const words = imageWords(image);
  if (words.some((word) => COMPANIONS.has(word))) return undefined;
  for (const word of words) {
    const engine = DATASTORES[word];
    if (engine !== undefined) return { kind: 'datastore', engine, product: word };
    const broker = BROKER_IMAGES[word];
    if (broker !== undefined) return { kind: 'topic', broker, product: word };
    if (GATEWAYS.has(word)) return { kind: 'gateway', product: word };
  }
  return undefined;
}

const ENGINE_PORTS: Record<number, Engine> = {
  5432: 'postgres',
  3306: 'mysql',
  27017: 'mongodb',
  6379: 'redis',
  9042: 'cassandra',
  9200: 'elasticsearch',
};
const ENGINE_WORDS: [RegExp, Engine][] = [
  [/postgres|pg(?![a-z])/i, 'postgres'],
  [/mysql|mariadb/i, 'mysql'],
  [/mongo/i, 'mongodb'],
  [/redis/i, 'redis'],
  [/cassandra/i, 'cassandra'],
  [/elastic/i, 'elasticsearch'],
];

/** The engine that a port number suggests (27017 → mongodb), if any. */
export function engineOfPort(port: number): Engine | undefined {
  return ENGINE_PORTS[port];
}

/** The engine a word suggests (`MYSQL_DATABASE`, `orders-mongo`, `mongodb://`), if any. */
export function engineOfWord(word: string): Engine | undefined {
  return ENGINE_WORDS.find(([pattern]) => pattern.test(word))?.[1];
}

// Names that people give datastores: `orders-db`, `ts-auth-mongo`, `redis-cart`, `session-cache`.
const STORE_SUFFIX =
  /[-_](db|database|mongo|mongodb|mysql|mariadb|postgres|postgresql|pg|redis|cache|store|cassandra|elasticsearch|es)$/i;
const STORE_PREFIX = /^(db|mongo|mongodb|mysql|postgres|postgresql|pg|redis|cassandra|elasticsearch)[-_]/i;

/** Whether a name reads like a datastore's. */
export function looksLikeStoreName(name: string): boolean {
  return STORE_SUFFIX.test(name) || STORE_PREFIX.test(name);
}

/** The part of a datastore's name that names its owner: `orders-db` → `orders`, `redis-cart` → `cart`. */
export function storeStem(name: string): string | undefined {
  if (STORE_SUFFIX.test(name)) return name.replace(STORE_SUFFIX, '');
  if (STORE_PREFIX.test(name)) return name.replace(STORE_PREFIX, '');
  return undefined;
}

const GATEWAY_NAME = /(^|[-_])(gateway|gw|edge-router|edge|router|ingress|proxy)([-_]|$)/i;

/** Whether a name reads like a gateway's: `api-gateway`, `edge-router`. */
export function looksLikeGatewayName(name: string): boolean {
  return GATEWAY_NAME.test(name);
}
