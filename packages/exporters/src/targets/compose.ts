import type { Runtime, ServiceNode } from '@meshplan/model';
import { BROKER_IMAGES, DATASTORE_IMAGES, type ExportContext, type Infrastructure } from '../context.js';
import type { ExportDocument } from '../types.js';

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: 'service_healthy' | 'service_started' }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number };
  deploy?: { replicas: number };
  labels?: Record<string, string>;
}

/**
 * `docker-compose.yml`: every service, a container per datastore and per broker product with its
 * usual image, the same environment wiring as Kubernetes (hosts are compose service names),
 * `depends_on` on what each service uses, and health checks.
 */
export function compose(ctx: ExportContext): ExportDocument[] {
  const services: Record<string, ComposeService> = {};
  const healthy = new Set<string>();
  const defined = new Set<string>();
  for (const store of ctx.index.nodesOfKind('datastore')) {
    const container = deployedAs(store.runtime, DATASTORE_IMAGES[store.engine], store.id);
    if (container === undefined) continue;
    const name = ctx.name(store.id);
    services[name] = container;
    defined.add(name);
    if (container.healthcheck !== undefined) healthy.add(name);
  }
  for (const broker of ctx.brokers()) {
    const name = ctx.brokerName(broker);
    if (name === undefined) continue;
    // The topics of one broker share its container: the first that says how it is deployed.
    const deployed = ctx.index.nodesOfKind('topic').find((topic) => topic.broker === broker && topic.runtime);
    const container = deployedAs(deployed?.runtime, BROKER_IMAGES[broker], undefined);
    if (container === undefined) continue;
    services[name] = container;
    defined.add(name);
    if (container.healthcheck !== undefined) healthy.add(name);
  }
  // A gateway is a container only where the model says how it is deployed (an import).
  const gateways = ctx.index.nodesOfKind('gateway').filter((gateway) => gateway.runtime !== undefined);
  for (const gateway of gateways) defined.add(ctx.name(gateway.id));
  for (const service of ctx.index.services) {
    if (service.runtime?.health !== undefined) healthy.add(ctx.name(service.id));
  }
  // Every service is a container, also those written after the one that depends on them.
  for (const service of ctx.index.services) defined.add(ctx.name(service.id));
  const calls = acyclicCalls(ctx);
  for (const service of ctx.index.services) {
    const callees = calls.get(service.id) ?? [];
    services[ctx.name(service.id)] = composeService(ctx, service, callees, healthy, defined);
  }
  for (const gateway of gateways) {
    const container = deployedAs(gateway.runtime, undefined, gateway.id) ?? {};
    const routed = ctx.index
      .outEdges(gateway.id, 'route')
      .map((edge) => ctx.name(edge.to))
      .filter((name) => defined.has(name));
    if (routed.length > 0)
      container.depends_on = Object.fromEntries(
        [...new Set(routed)]
          .sort()
          .map((name) => [name, { condition: healthy.has(name) ? 'service_healthy' : 'service_started' }]),
      );
    services[ctx.name(gateway.id)] = container;
  }
  return [
    {
      path: 'docker-compose.yml',
      target: 'compose',
      format: 'yaml',
      documents: [{ name: ctx.namespace, services: sortedByKey(services) }],
    },
  ];
}

/**
 * A datastore's, broker's or gateway's container: as the model says it is deployed (an import
 * keeps the image or build, ports and settings it read), over the usual one of its engine or
 * product; undefined when neither says what to run.
 */
function deployedAs(
  runtime: Runtime | undefined,
  usual: Infrastructure | undefined,
  nodeId: string | undefined,
): ComposeService | undefined {
  const image = runtime?.image ?? (runtime?.build === undefined ? usual?.image : undefined);
  if (image === undefined && runtime?.build === undefined) return undefined;
  const result: ComposeService = {};
  if (image !== undefined) result.image = image;
  if (runtime?.build !== undefined) result.build = runtime.build;
  // The usual image's own command, settings and check go with it, not with another image.
  const ownImage = usual !== undefined && image === usual.image;
  if (ownImage && usual.command !== undefined) result.command = [...usual.command];
  if (runtime?.published !== undefined && runtime.published.length > 0) result.ports = [...runtime.published];
  if (runtime?.port !== undefined && runtime.port !== usual?.port) result.expose = [String(runtime.port)];
  const environment = runtime?.env ?? (ownImage ? usual.environment : undefined);
  if (environment !== undefined) result.environment = { ...environment };
  if (runtime?.health !== undefined)
    result.healthcheck = healthcheck(healthTest(runtime.health, runtime.port ?? usual?.port ?? 80));
  else if (ownImage && usual.healthcheck !== undefined)
    result.healthcheck = healthcheck([...usual.healthcheck]);
  if (nodeId !== undefined) result.labels = { 'meshplan.io/node-id': nodeId };
  return result;
}

function composeService(
  ctx: ExportContext,
  service: ServiceNode,
  callees: readonly string[],
  healthy: ReadonlySet<string>,
  defined: ReadonlySet<string>,
): ComposeService {
  const name = ctx.name(service.id);
  const runtime = service.runtime ?? {};
  const port = ctx.port(service);
  // Built here (an import keeps `build:`), else its image, else one named after it.
  const result: ComposeService =
    runtime.build !== undefined
      ? { ...(runtime.image === undefined ? {} : { image: runtime.image }), build: runtime.build }
      : { image: runtime.image ?? `${name}:latest` };
  // The port the service listens on, inside the network (an import reads it back as runtime.port),
  // and the ports published to the host as the imported file wrote them.
  if (runtime.published !== undefined && runtime.published.length > 0) result.ports = [...runtime.published];
  if (runtime.port !== undefined) result.expose = [String(runtime.port)];
  const environment = ctx.environment(service, 'compose');
  if (environment.length > 0) result.environment = Object.fromEntries(environment);
  const dependencies = new Set<string>(callees.map((id) => ctx.name(id)));
  for (const edge of ctx.index.outEdges(service.id, 'data')) dependencies.add(ctx.name(edge.to));
  for (const broker of ctx.brokersOf(service)) {
    const brokerName = ctx.brokerName(broker);
    if (brokerName !== undefined) dependencies.add(brokerName);
  }
  // Only containers this file defines: a datastore or broker of kind `other` has none.
  const dependsOn = [...dependencies].filter((dependency) => defined.has(dependency)).sort();
  if (dependsOn.length > 0) {
    result.depends_on = Object.fromEntries(
      dependsOn.map((dependency) => [
        dependency,
        { condition: healthy.has(dependency) ? 'service_healthy' : 'service_started' },
      ]),
    );
  }
  if (runtime.health !== undefined) result.healthcheck = healthcheck(healthTest(runtime.health, port));
  if (runtime.replicas !== undefined && runtime.replicas !== 1)
    result.deploy = { replicas: runtime.replicas };
  result.labels = { 'meshplan.io/node-id': service.id };
  return result;
}

/** The healthcheck test for the model's health text: an HTTP path, or `grpc:`, `tcp:`, `exec:` (imported probes). */
function healthTest(health: string, port: number): string[] {
  const other = /^(grpc|tcp|exec):(.*)$/s.exec(health);
  if (other === null) {
    const path = health.startsWith('/') ? health : `/${health}`;
    // Exec form: the path is an argument, never shell text.
    return ['CMD', 'wget', '-q', '--spider', `http://localhost:${port}${path}`];
  }
  const [, kind, rest = ''] = other;
  const target = /^\d+$/.test(rest) ? rest : String(port);
  if (kind === 'grpc') return ['CMD', 'grpc_health_probe', `-addr=localhost:${target}`];
  if (kind === 'tcp') return ['CMD', 'nc', '-z', 'localhost', target];
  // A command the imported files ran as a check: exec form, word by word, never shell text.
  const words = rest.split(/\s+/).filter(Boolean);
  return words.length === 0 ? ['CMD', 'true'] : ['CMD', ...words];
}

function healthcheck(test: string[]): NonNullable<ComposeService['healthcheck']> {
  return { test, interval: '10s', timeout: '5s', retries: 5 };
}

/**
 * Sync calls between services, minus those that would close a cycle: compose refuses circular
 * `depends_on`. An iterative depth-first search in model order drops each back edge, so the
 * choice is stable.
 */
function acyclicCalls(ctx: ExportContext): Map<string, string[]> {
  const callees = (id: string) =>
    ctx.index
      .outEdges(id, 'sync')
      .map((edge) => edge.to)
      .filter((to) => ctx.index.node(to)?.kind === 'service');
  const state = new Map<string, 'open' | 'done'>();
  const kept = new Map<string, string[]>();
  for (const root of ctx.index.services) {
    if (state.has(root.id)) continue;
    const stack: { id: string; next: number; targets: string[] }[] = [
      { id: root.id, next: 0, targets: callees(root.id) },
    ];
    state.set(root.id, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as (typeof stack)[number];
      const target = frame.targets[frame.next++];
      if (target === undefined) {
        state.set(frame.id, 'done');
        stack.pop();
        continue;
      }
      const seen = state.get(target);
      if (seen === 'open') continue; // a back edge: keeping it would close a cycle
      const list = kept.get(frame.id) ?? [];
      list.push(target);
      kept.set(frame.id, list);
      if (seen === undefined) {
        state.set(target, 'open');
        stack.push({ id: target, next: 0, targets: callees(target) });
      }
    }
  }
  return kept;
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
