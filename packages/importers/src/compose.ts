import { FORMAT, type Model, type Runtime } from '@meshplan/model';
import {
  type ComposeService,
  folderOf,
  isDotEnv,
  joinPath,
  loadComposeProject,
  normalizePath,
} from './compose-project.js';
import { ImportError } from './errors.js';
import { gatewayRoutes } from './gateway-config.js';
import { isRecord, scalarText } from './input.js';
import { modelName } from './names.js';
import { Reporter } from './report.js';
import { type Alias, buildTopology, type Reference, type Workload } from './topology.js';
import type { ImportFile, ImportResult } from './types.js';

// Keys of a compose service that the model has a place for; every other key is reported.
const MAPPED_KEYS = new Set([
  'image',
  'build',
  'ports',
  'expose',
  'environment',
  'depends_on',
  'links',
  'command',
  'entrypoint',
  'deploy',
  'healthcheck',
  'container_name',
  'hostname',
  'networks',
  'extends',
]);

/** docker-compose files → services, datastores, brokers and gateways, joined as the files say. */
export function importCompose(
  files: readonly ImportFile[],
  options: { filesAsGiven?: boolean; sideFiles?: readonly ImportFile[] } = {},
): ImportResult & { usedFiles: ReadonlySet<string> } {
  const reporter = new Reporter();
  const project = loadComposeProject(files, reporter, options.filesAsGiven === true);
  const workloads: Workload[] = [];
  const aliases = new Map<string, Alias>();
  const usedFiles = new Set<string>();
  for (const service of project.services) {
    const workload = readService(service, reporter);
    addGatewayRoutes(workload, service, options.sideFiles ?? [], usedFiles);
    workloads.push(workload);
    for (const alias of serviceAliases(service.name, service.spec)) {
      const taken = aliases.get(alias);
      if (taken === undefined) aliases.set(alias, { workload: service.name });
      else if (taken.workload !== service.name) {
        // Docker's DNS answers with every container that has the name; the model draws one edge.
        reporter.unmapped(
          `host name ${alias} is ambiguous: both ${taken.workload} and ${service.name} answer to it; calls to it are drawn to ${taken.workload}`,
          service.locate(['networks']),
        );
      }
    }
  }
  if (workloads.length === 0) {
    throw new ImportError('no compose services in these files: nothing to model', {
      path: files[0]?.path ?? '(input)',
    });
  }
  const { nodes, edges, guessedEdges } = buildTopology(workloads, aliases, reporter);
  const name =
    project.name ??
    modelName(
      files.filter((file) => !isDotEnv(file.path)),
      'Compose project',
    );
  const model: Model = { format: FORMAT, name, nodes, edges };
  return { model, report: reporter.report, guessedEdges, usedFiles };
}

/**
 * Routes of a gateway whose configuration file is among the files read: mounted into the
 * container (`./envoy.yaml:/etc/envoy/envoy.yaml`, a folder mounted whole) or inside its build
 * context (`build: ./ApiGateways/Envoy`). Each route is a reference to the host it sends to.
 */
function addGatewayRoutes(
  workload: Workload,
  service: ComposeService,
  sideFiles: readonly ImportFile[],
  usedFiles: Set<string>,
): void {
  if (sideFiles.length === 0) return;
  const folder = folderOf(normalizePath(service.locate([]).path));
  const places: string[] = [];
  for (const volume of Array.isArray(service.spec.volumes) ? service.spec.volumes : []) {
    const source = isRecord(volume)
      ? volume.type === 'bind'
        ? scalarText(volume.source)
        : undefined
      : scalarText(volume)?.split(':')[0];
    if (source !== undefined && /^\.{1,2}(\/|$)/.test(source)) places.push(joinPath(folder, source));
  }
  const build = isRecord(service.spec.build) ? scalarText(service.spec.build.context) : undefined;
  if (build !== undefined && !/^[a-z]+:\/\//i.test(build)) places.push(joinPath(folder, build));
  if (places.length === 0) return;
  for (const file of sideFiles) {
    const path = normalizePath(file.path);
    if (!places.some((place) => path === place || path.startsWith(`${place}/`))) continue;
    const routes = gatewayRoutes(file);
    if (routes.length === 0) continue;
    usedFiles.add(file.path);
    workload.routeConfig ??= { path: file.path };
    for (const route of routes) {
      workload.references.push({ via: 'route', text: route.host, path: route.path, source: route.source });
    }
  }
}

function readService(service: ComposeService, reporter: Reporter): Workload {
  const { name, spec } = service;
  const at = (...keys: string[]) => service.locate(keys);
  const image = scalarText(spec.image);
  const env = readEnvironment(spec.environment);
  const ports = readPorts(spec.ports);
  const exposed = Array.isArray(spec.expose) ? spec.expose.map(Number).filter(Number.isInteger) : [];
  const runtime: Runtime = {};
  if (image !== undefined) runtime.image = image;
  const port = ports[0]?.container ?? exposed[0];
  if (port !== undefined) runtime.port = port;
  // Built here, and published to the host: kept, so that an export writes them back.
  const build = isRecord(spec.build) ? scalarText(spec.build.context) : scalarText(spec.build);
  if (build !== undefined) runtime.build = build;
  const published = publishedPorts(spec.ports);
  if (published.length > 0) runtime.published = published;
  Object.assign(runtime, readDeploy(spec.deploy));
  // Compose gates `service_healthy` on the healthcheck: it is the liveness and the readiness check.
  const health = healthCheck(spec.healthcheck);
  if (health !== undefined) {
    runtime.health = health;
    runtime.readiness = health;
  } else if (spec.healthcheck !== undefined && !healthCheckDisabled(spec.healthcheck)) {
    reporter.unmapped(`healthcheck of ${name} has no test; not mapped`, at('healthcheck'));
  }
  if (env.length > 0) runtime.env = Object.fromEntries(env.map(({ variable, value }) => [variable, value]));

  const references: Reference[] = [];
  for (const { variable, value } of env) {
    references.push({ via: 'env', variable, text: value, source: at('environment', variable) });
  }
  for (const target of dependencies(spec.depends_on)) {
    references.push({ via: 'depends_on', text: target, source: at('depends_on', target) });
  }
  if (Array.isArray(spec.links)) {
    for (const link of spec.links) {
      const text = scalarText(link);
      if (text !== undefined) references.push({ via: 'links', text, source: at('links', text) });
    }
  }
  for (const key of ['command', 'entrypoint'] as const) {
    const command = commandText(spec[key]);
    if (command !== undefined) references.push({ via: 'command', text: command, source: at(key) });
  }
  const unknown = Object.keys(spec).filter((key) => !MAPPED_KEYS.has(key));
  if (unknown.length > 0) {
    reporter.unmapped(`${name}: ${unknown.join(', ')} not mapped`, at(unknown[0] ?? ''));
  }
  return {
    name,
    source: at(),
    images: image === undefined ? [] : [{ image, source: at('image') }],
    built: spec.build !== undefined,
    published: ports.length > 0,
    ports: [...ports.map(({ container }) => ({ port: container })), ...exposed.map((port) => ({ port }))],
    servesGrpc: false,
    envNames: env.map(({ variable }) => variable),
    references,
    runtime,
  };
}

/** `environment` as a list (`- KEY=value`) or a map (`KEY: value`); `index` locates list entries. */
function readEnvironment(environment: unknown): { variable: string; value: string; index?: number }[] {
  if (Array.isArray(environment)) {
    return environment.flatMap((entry, index) => {
      const text = scalarText(entry);
      if (text === undefined) return [];
      const equals = text.indexOf('=');
      return equals === -1
        ? [{ variable: text, value: '', index }]
        : [{ variable: text.slice(0, equals), value: text.slice(equals + 1), index }];
    });
  }
  if (isRecord(environment)) {
    return Object.entries(environment).map(([variable, value]) => ({
      variable,
      value: scalarText(value) ?? '',
    }));
  }
  return [];
}

/** Container ports of `ports`: `"80"`, `"8080:80"`, `"127.0.0.1:8080:80/tcp"`, `{ target: 80 }`. */
function readPorts(ports: unknown): { container: number }[] {
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((entry) => {
    if (isRecord(entry)) {
      const target = Number(entry.target);
      return Number.isInteger(target) && target > 0 && target < 65536 ? [{ container: target }] : [];
    }
    const text = scalarText(entry);
    if (text === undefined) return [];
    const last = text.split('/')[0]?.split(':').pop() ?? '';
    const container = Number(last.split('-')[0]);
    return Number.isInteger(container) && container > 0 && container < 65536 ? [{ container }] : [];
  });
}

/** The ports a service publishes to the host, as compose's short form (`"8080:80"`, `"127.0.0.1:53:53/udp"`). */
function publishedPorts(ports: unknown): string[] {
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((entry) => {
    if (isRecord(entry)) {
      const target = scalarText(entry.target);
      if (target === undefined) return [];
      const published = scalarText(entry.published);
      const ip = scalarText(entry.host_ip);
      const protocol = scalarText(entry.protocol);
      const host = published === undefined ? '' : `${ip === undefined ? '' : `${ip}:`}${published}:`;
      return [`${host}${target}${protocol === undefined || protocol === 'tcp' ? '' : `/${protocol}`}`];
    }
    const text = scalarText(entry);
    return text === undefined ? [] : [text];
  });
}

function readDeploy(deploy: unknown): Runtime {
  if (!isRecord(deploy)) return {};
  const runtime: Runtime = {};
  if (typeof deploy.replicas === 'number' && Number.isInteger(deploy.replicas) && deploy.replicas >= 0) {
    runtime.replicas = deploy.replicas;
  }
  const resources = isRecord(deploy.resources) ? deploy.resources : {};
  const limits = isRecord(resources.limits) ? resources.limits : {};
  const reservations = isRecord(resources.reservations) ? resources.reservations : {};
  const cpuLimit = scalarText(limits.cpus);
  const memoryLimit = scalarText(limits.memory);
  const cpu = scalarText(reservations.cpus);
  const memory = scalarText(reservations.memory);
  if (cpuLimit !== undefined) runtime.cpuLimit = cpuLimit;
  if (memoryLimit !== undefined) runtime.memoryLimit = memoryLimit;
  if (cpu !== undefined) runtime.cpu = cpu;
  if (memory !== undefined) runtime.memory = memory;
  return runtime;
}

/**
 * A healthcheck as the model's `health` text: the path of an HTTP check (`curl -f
 * http://localhost:8080/health` → `/health`), else `exec:<command>` (`pg_isready`, `nc -z`).
 */
function healthCheck(healthcheck: unknown): string | undefined {
  if (!isRecord(healthcheck) || healthCheckDisabled(healthcheck)) return undefined;
  const test = Array.isArray(healthcheck.test)
    ? healthcheck.test
        .flatMap((part) => scalarText(part) ?? [])
        .filter((part, index) => index > 0 || !/^CMD(-SHELL)?$/.test(part))
        .join(' ')
    : scalarText(healthcheck.test);
  if (test === undefined || test.trim() === '') return undefined;
  const url = /https?:\/\/[^/\s"']+(\/[^\s"']*)/.exec(test);
  if (url?.[1] !== undefined) return url[1];
  return `exec:${test.trim().slice(0, MAX_HEALTH_COMMAND)}`;
}

// A check's command kept in the model; longer ones are cut (the model is no place for scripts).
const MAX_HEALTH_COMMAND = 200;

function healthCheckDisabled(healthcheck: unknown): boolean {
  if (!isRecord(healthcheck)) return false;
  return healthcheck.disable === true || (Array.isArray(healthcheck.test) && healthcheck.test[0] === 'NONE');
}

function dependencies(dependsOn: unknown): string[] {
  if (Array.isArray(dependsOn)) return dependsOn.flatMap((entry) => scalarText(entry) ?? []);
  if (isRecord(dependsOn)) return Object.keys(dependsOn);
  return [];
}

function commandText(command: unknown): string | undefined {
  if (Array.isArray(command)) return command.flatMap((part) => scalarText(part) ?? []).join(' ');
  return scalarText(command);
}

/** The names other containers reach a service by: its name, container_name, hostname, network aliases. */
function serviceAliases(name: string, spec: Record<string, unknown>): string[] {
  const names = [name, scalarText(spec.container_name), scalarText(spec.hostname)];
  if (isRecord(spec.networks)) {
    for (const network of Object.values(spec.networks)) {
      if (isRecord(network) && Array.isArray(network.aliases)) names.push(...network.aliases.map(scalarText));
    }
  }
  return names.flatMap((alias) => (alias === undefined || alias === '' ? [] : [alias.toLowerCase()]));
}
