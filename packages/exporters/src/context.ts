import {
  type BoundedContext,
  type DatastoreNode,
  dnsName,
  indexModel,
  type Model,
  type ModelIndex,
  type Node,
  type ServiceNode,
  type TopicNode,
} from '@meshplan/model';
import { type Finding, lint } from '@meshplan/rules';
import { ExportError } from './types.js';

type Engine = DatastoreNode['engine'];
type Broker = TopicNode['broker'];

/** How a datastore engine runs in a container: its usual image, port and health check. */
export interface Infrastructure {
  image: string;
  port: number;
  scheme: string;
  healthcheck?: readonly string[];
  environment?: Readonly<Record<string, string>>;
  command?: readonly string[];
}

/** Engines without a usual image (`other`) get no container; `dynamodb` runs DynamoDB Local. */
export const DATASTORE_IMAGES: Readonly<Record<Engine, Infrastructure | undefined>> = {
  postgres: {
    image: 'postgres:16-alpine',
    port: 5432,
    scheme: 'postgres',
    healthcheck: ['CMD', 'pg_isready', '-U', 'postgres'],
    environment: { POSTGRES_PASSWORD: 'postgres' },
  },
  mysql: {
    image: 'mysql:8.4',
    port: 3306,
    scheme: 'mysql',
    healthcheck: ['CMD', 'mysqladmin', 'ping', '-h', 'localhost'],
    environment: { MYSQL_ROOT_PASSWORD: 'mysql' },
  },
  mongodb: {
    image: 'mongo:7',
    port: 27017,
    scheme: 'mongodb',
    healthcheck: ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"],
  },
  redis: {
    image: 'redis:7-alpine',
    port: 6379,
    scheme: 'redis',
    healthcheck: ['CMD', 'redis-cli', 'ping'],
  },
  cassandra: {
    image: 'cassandra:4.1',
    port: 9042,
    scheme: 'cassandra',
    healthcheck: ['CMD', 'cqlsh', '-e', 'describe keyspaces'],
  },
  elasticsearch: {
    image: 'elasticsearch:8.13.4',
    port: 9200,
    scheme: 'http',
    healthcheck: ['CMD', 'curl', '-fs', 'http://localhost:9200/_cluster/health'],
    environment: { 'discovery.type': 'single-node', 'xpack.security.enabled': 'false' },
  },
  dynamodb: { image: 'amazon/dynamodb-local:2.5.2', port: 8000, scheme: 'http' },
  other: undefined,
};

/** One container per broker product, shared by every topic on it; `other` gets none. */
export const BROKER_IMAGES: Readonly<Record<Broker, (Infrastructure & { envName: string }) | undefined>> = {
  kafka: {
    image: 'apache/kafka:3.7.0',
    port: 9092,
    scheme: 'kafka',
    envName: 'KAFKA_BROKERS',
    healthcheck: [
      'CMD',
      '/opt/kafka/bin/kafka-broker-api-versions.sh',
      '--bootstrap-server',
      'localhost:9092',
    ],
  },
  rabbitmq: {
    image: 'rabbitmq:3.13-management',
    port: 5672,
    scheme: 'amqp',
    envName: 'RABBITMQ_URL',
    healthcheck: ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'],
  },
  nats: {
    image: 'nats:2.10-alpine',
    port: 4222,
    scheme: 'nats',
    envName: 'NATS_URL',
    command: ['-m', '8222'],
    healthcheck: ['CMD', 'wget', '-q', '--spider', 'http://localhost:8222/healthz'],
  },
  'sns-sqs': {
    image: 'localstack/localstack:3.4',
    port: 4566,
    scheme: 'http',
    envName: 'AWS_ENDPOINT_URL',
    environment: { SERVICES: 'sns,sqs' },
    healthcheck: ['CMD', 'curl', '-fs', 'http://localhost:4566/_localstack/health'],
  },
  other: undefined,
};

const DEFAULT_SERVICE_PORT = 8080;

/** Where a service, datastore or broker is reached: in the cluster or inside the compose network. */
export type Network = 'kubernetes' | 'compose';

/**
 * What every target needs to know about one model: the index, the DNS name of each node (refusing
 * collisions), the names of the broker containers, and how one thing reaches another.
 */
export class ExportContext {
  readonly index: ModelIndex;
  readonly namespace: string;
  private readonly names = new Map<string, string>();
  private readonly brokerNames = new Map<Broker, string>();
  private readonly contextNames = new Map<string, string>();

  constructor(readonly model: Model) {
    this.index = indexModel(model);
    this.namespace = dnsName(model.id ?? model.name);
    const owners = new Map<string, Node>();
    for (const node of model.nodes) {
      const name = dnsName(node.name);
      const earlier = owners.get(name);
      if (earlier !== undefined) {
        throw new ExportError(
          `Nodes "${earlier.id}" (${JSON.stringify(earlier.name)}) and "${node.id}" (${JSON.stringify(node.name)}) ` +
            `both export as "${name}": rename one so that their files do not overwrite each other.`,
          [earlier.id, node.id],
        );
      }
      owners.set(name, node);
      this.names.set(node.id, name);
    }
    // Broker containers are named after their product unless a node already has that name; a
    // topic of that very product with that name (an imported `rabbitmq` container) is the broker
    // itself, and keeps it, so that the services' own addresses still point at it.
    for (const topic of this.index.nodesOfKind('topic')) {
      if (this.brokerNames.has(topic.broker) || BROKER_IMAGES[topic.broker] === undefined) continue;
      const owner = owners.get(topic.broker);
      const itself = owner?.kind === 'topic' && owner.broker === topic.broker;
      this.brokerNames.set(topic.broker, itself ? topic.broker : freeName(topic.broker, owners));
      owners.set(this.brokerNames.get(topic.broker) ?? '', topic);
    }
    const contextTaken = new Set<string>();
    for (const context of model.contexts ?? []) {
      const name = freeName(dnsName(context.name), contextTaken);
      contextTaken.add(name);
      this.contextNames.set(context.id, name);
    }
  }

  private lintFindings: Finding[] | undefined;

  /** The rule findings of the model, computed once for the docs and lint targets. */
  get findings(): readonly Finding[] {
    this.lintFindings ??= lint(this.model, { index: this.index });
    return this.lintFindings;
  }

  /** The node's DNS-1123 name: file names, object names, hosts. */
  name(nodeId: string): string {
    return this.names.get(nodeId) ?? dnsName(nodeId);
  }

  /** A context's DNS-1123 name, unique among contexts (contexts may share a name). */
  contextName(contextId: string): string {
    return this.contextNames.get(contextId) ?? dnsName(contextId);
  }

  context(contextId: string | undefined): BoundedContext | undefined {
    return contextId === undefined ? undefined : this.index.contexts.get(contextId);
  }

  /** The container / host name of a broker product, when it runs as a container. */
  brokerName(broker: Broker): string | undefined {
    return this.brokerNames.get(broker);
  }

  /** Broker products in use, in a stable order. */
  brokers(): Broker[] {
    return [...this.brokerNames.keys()].sort();
  }

  host(name: string, network: Network): string {
    return network === 'kubernetes' ? `${name}.${this.namespace}.svc` : name;
  }

  /** The service's port: `runtime.port`, else 8080. */
  port(service: ServiceNode): number {
    return service.runtime?.port ?? DEFAULT_SERVICE_PORT;
  }

  /**
   * The environment a service needs to reach what it depends on, in a stable order:
   * `<CALLEE>_URL` per sync callee, `<STORE>_URL` per datastore, one variable per broker product,
   * then the model's own `runtime.env`, which wins.
   */
  environment(service: ServiceNode, network: Network): [string, string][] {
    const env = new Map<string, string>();
    for (const edge of this.index.outEdges(service.id, 'sync')) {
      const callee = this.index.node(edge.to);
      if (callee === undefined) continue;
      const name = this.name(callee.id);
      if (callee.kind === 'service') {
        const scheme = edge.protocol === 'grpc' ? 'grpc' : 'http';
        env.set(envName(name, 'URL'), `${scheme}://${this.host(name, network)}:${this.port(callee)}`);
      } else {
        // The model does not know a third party's address: a placeholder to replace.
        env.set(envName(name, 'URL'), `https://${name}.example.com`);
      }
    }
    for (const edge of this.index.outEdges(service.id, 'data')) {
      const store = this.index.node(edge.to);
      if (store?.kind !== 'datastore') continue;
      const infra = DATASTORE_IMAGES[store.engine];
      if (infra === undefined) continue;
      const name = this.name(store.id);
      env.set(envName(name, 'URL'), `${infra.scheme}://${this.host(name, network)}:${infra.port}`);
    }
    for (const broker of this.brokersOf(service)) {
      const infra = BROKER_IMAGES[broker];
      const name = this.brokerName(broker);
      if (infra === undefined || name === undefined) continue;
      const address = `${this.host(name, network)}:${infra.port}`;
      env.set(infra.envName, infra.scheme === 'kafka' ? address : `${infra.scheme}://${address}`);
    }
    for (const [key, value] of Object.entries(service.runtime?.env ?? {})) env.set(key, value);
    return [...env];
  }

  /** Broker products of the topics a service publishes to or subscribes from, sorted. */
  brokersOf(service: ServiceNode): Broker[] {
    const brokers = new Set<Broker>();
    for (const edge of this.index.outEdges(service.id, 'publish')) {
      const topic = this.index.node(edge.to);
      if (topic?.kind === 'topic') brokers.add(topic.broker);
    }
    for (const edge of this.index.inEdges(service.id, 'subscribe')) {
      const topic = this.index.node(edge.from);
      if (topic?.kind === 'topic') brokers.add(topic.broker);
    }
    return [...brokers].sort();
  }
}

/** `orders-db` → `ORDERS_DB_URL`: DNS names have no `_`, so distinct names give distinct variables. */
function envName(dns: string, suffix: string): string {
  return `${dns.replace(/-/g, '_').toUpperCase()}_${suffix}`;
}

function freeName(base: string, taken: { has(name: string): boolean }): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
