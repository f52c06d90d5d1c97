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
  keydb: 'redis',
  dragonfly: 'redis',
  // No engine of the model fits these: `other`, with the product in the node's description.
  memcached: 'other',
  mssql: 'other',
  couchdb: 'other',
  couchbase: 'other',
  influxdb: 'other',
  neo4j: 'other',
  clickhouse: 'other',
};
/** How a product is called where its image word does not say it plainly. */
export const PRODUCT_NAMES: Record<string, string> = {
  mssql: 'SQL Server',
  activemq: 'ActiveMQ',
  artemis: 'ActiveMQ Artemis',
};
// `mcr.microsoft.com/mssql/server`: the product is in the path, the image's own name is `server`.
const SQL_SERVER_IMAGE = /(^|\/)mssql(\/|$)|(^|[/-])sql-?server([:/-]|$)|azure-sql-edge/i;
const BROKER_IMAGES: Record<string, Broker> = {
  kafka: 'kafka',
  redpanda: 'kafka',
  rabbitmq: 'rabbitmq',
  nats: 'nats',
  // The model has no ActiveMQ broker: `other`, with the product in the node's description.
  activemq: 'other',
  artemis: 'other',
};
const GATEWAYS = new Set([
  'nginx',
  'openresty',
  'envoy',
  'kong',
  'traefik',
  'haproxy',
  'apisix',
  'krakend',
  'tyk',
]);
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
  if (SQL_SERVER_IMAGE.test(image.split('@')[0] ?? image)) {
    return { kind: 'datastore', engine: 'other', product: 'mssql' };
  }
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

/** The role a server's own port says (3306 → mysql, 9092 → kafka, 61616 → ActiveMQ). */
const SERVER_PORTS: Record<number, ImageRole> = {
  5432: { kind: 'datastore', engine: 'postgres', product: 'postgres' },
  3306: { kind: 'datastore', engine: 'mysql', product: 'mysql' },
  1433: { kind: 'datastore', engine: 'other', product: 'mssql' },
  27017: { kind: 'datastore', engine: 'mongodb', product: 'mongodb' },
  6379: { kind: 'datastore', engine: 'redis', product: 'redis' },
  11211: { kind: 'datastore', engine: 'other', product: 'memcached' },
  9042: { kind: 'datastore', engine: 'cassandra', product: 'cassandra' },
  9092: { kind: 'topic', broker: 'kafka', product: 'kafka' },
  5672: { kind: 'topic', broker: 'rabbitmq', product: 'rabbitmq' },
  61616: { kind: 'topic', broker: 'other', product: 'activemq' },
  4222: { kind: 'topic', broker: 'nats', product: 'nats' },
};

export function roleOfServerPort(port: number): ImageRole | undefined {
  return SERVER_PORTS[port];
}

/**
 * Variables that only the server itself reads (the official images' settings), so that a
 * container carrying one is that server: `MYSQL_ROOT_PASSWORD`, `POSTGRES_PASSWORD`,
 * `MSSQL_SA_PASSWORD`, `MONGO_INITDB_ROOT_USERNAME`, `RABBITMQ_DEFAULT_USER`, `KAFKA_BROKER_ID`.
 * A client's variables (`MYSQL_HOST`, `POSTGRES_USER`) are not among them.
 */
const SERVER_ENV: [RegExp, ImageRole][] = [
  [
    /^(MYSQL_(ROOT_PASSWORD|ALLOW_EMPTY_PASSWORD|RANDOM_ROOT_PASSWORD|ROOT_HOST|ONETIME_PASSWORD)|MARIADB_ROOT_PASSWORD)$/,
    { kind: 'datastore', engine: 'mysql', product: 'mysql' },
  ],
  [
    /^(POSTGRES_(PASSWORD|INITDB_ARGS|INITDB_WALDIR|HOST_AUTH_METHOD)|PGDATA)$/,
    { kind: 'datastore', engine: 'postgres', product: 'postgres' },
  ],
  [
    /^(MSSQL_SA_PASSWORD|MSSQL_PID|SA_PASSWORD|ACCEPT_EULA)$/,
    { kind: 'datastore', engine: 'other', product: 'mssql' },
  ],
  [/^MONGO_INITDB_ROOT_(USERNAME|PASSWORD)$/, { kind: 'datastore', engine: 'mongodb', product: 'mongodb' }],
  [
    /^RABBITMQ_(DEFAULT_USER|DEFAULT_PASS|DEFAULT_VHOST|ERLANG_COOKIE|NODENAME)$/,
    { kind: 'topic', broker: 'rabbitmq', product: 'rabbitmq' },
  ],
  [
    /^KAFKA_(BROKER_ID|NODE_ID|ADVERTISED_LISTENERS|ZOOKEEPER_CONNECT|PROCESS_ROLES|CFG_.*)$/,
    { kind: 'topic', broker: 'kafka', product: 'kafka' },
  ],
  [
    /^(ARTEMIS_(USER|PASSWORD)|ACTIVEMQ_(ADMIN_LOGIN|ADMIN_PASSWORD|CONFIG_.*))$/,
    { kind: 'topic', broker: 'other', product: 'activemq' },
  ],
];

/** The server a variable's name says the container is, if it is one only servers read. */
export function roleOfServerEnv(variable: string): ImageRole | undefined {
  return SERVER_ENV.find(([pattern]) => pattern.test(variable))?.[1];
}
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

const GATEWAY_NAME =
  /(^|[-_])(gateway|gw|edge-router|edge|router|ingress|proxy)([-_]|$)|(apigw|gateway)$|^gateway/i;

/** Whether a name reads like a gateway's: `api-gateway`, `edge-router`. */
export function looksLikeGatewayName(name: string): boolean {
  return GATEWAY_NAME.test(name);
}
