import { FORMAT, type Model, type Runtime } from '@meshplan/model';
import { ImportError } from './errors.js';
import { isRecord, readDocuments, type SourceDocument, scalarText } from './input.js';
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
]);

/** docker-compose files → services, datastores, brokers and gateways, joined as the files say. */
export function importCompose(files: readonly ImportFile[]): ImportResult {
  const reporter = new Reporter();
  const workloads: Workload[] = [];
  const aliases = new Map<string, Alias>();
  let name: string | undefined;
  for (const file of files) {
    for (const document of readDocuments(file)) {
      const root = document.value;
      if (!isRecord(root) || !isRecord(root.services)) {
        throw new ImportError(
          'not a docker-compose file: it has no "services" mapping',
          document.locate(isRecord(root) ? ['services'] : []),
        );
      }
      name ??= scalarText(root.name);
      for (const key of Object.keys(root)) {
        if (!['services', 'version', 'name'].includes(key)) {
          reporter.unmapped(`top-level "${key}" is not mapped`, document.locate([key]));
        }
      }
      for (const [serviceName, spec] of Object.entries(root.services)) {
        if (workloads.some((workload) => workload.name === serviceName)) {
          reporter.unmapped(
            `service ${serviceName} is defined again; the first definition is kept`,
            document.locate(['services', serviceName]),
          );
          continue;
        }
        if (!isRecord(spec)) {
          reporter.unmapped(
            `service ${serviceName} is not a mapping`,
            document.locate(['services', serviceName]),
          );
          continue;
        }
        const workload = readService(serviceName, spec, document, reporter);
        workloads.push(workload);
        for (const alias of serviceAliases(serviceName, spec)) {
          if (!aliases.has(alias)) aliases.set(alias, { workload: serviceName });
        }
      }
    }
  }
  if (workloads.length === 0) {
    throw new ImportError('no compose services in these files: nothing to model', {
      path: files[0]?.path ?? '(input)',
    });
  }
  const { nodes, edges } = buildTopology(workloads, aliases, reporter);
  const model: Model = { format: FORMAT, name: name ?? modelName(files, 'Compose project'), nodes, edges };
  return { model, report: reporter.report };
}

function readService(
  name: string,
  spec: Record<string, unknown>,
  document: SourceDocument,
  reporter: Reporter,
): Workload {
  const at = (...keys: (string | number)[]) => document.locate(['services', name, ...keys]);
  const image = scalarText(spec.image);
  const env = readEnvironment(spec.environment);
  const ports = readPorts(spec.ports);
  const exposed = Array.isArray(spec.expose) ? spec.expose.map(Number).filter(Number.isInteger) : [];
  const runtime: Runtime = {};
  if (image !== undefined) runtime.image = image;
  const port = ports[0]?.container ?? exposed[0];
  if (port !== undefined) runtime.port = port;
  Object.assign(runtime, readDeploy(spec.deploy));
  const health = healthPath(spec.healthcheck);
  if (health !== undefined) runtime.health = health;
  else if (spec.healthcheck !== undefined) {
    reporter.unmapped(`healthcheck of ${name} names no HTTP path; not mapped`, at('healthcheck'));
  }
  if (env.length > 0) runtime.env = Object.fromEntries(env.map(({ variable, value }) => [variable, value]));

  const references: Reference[] = [];
  env.forEach(({ variable, value, index }) => {
    references.push({ via: 'env', variable, text: value, source: at('environment', index ?? variable) });
  });
  for (const [index, target] of dependencies(spec.depends_on).entries()) {
    const key = Array.isArray(spec.depends_on) ? index : target;
    references.push({ via: 'depends_on', text: target, source: at('depends_on', key) });
  }
  if (Array.isArray(spec.links)) {
    spec.links.forEach((link, index) => {
      const text = scalarText(link);
      if (text !== undefined) references.push({ via: 'links', text, source: at('links', index) });
    });
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

/** The path of an HTTP healthcheck (`curl -f http://localhost:8080/health` → `/health`). */
function healthPath(healthcheck: unknown): string | undefined {
  if (!isRecord(healthcheck)) return undefined;
  const test = commandText(healthcheck.test) ?? '';
  const url = /https?:\/\/[^/\s"']+(\/[^\s"']*)/.exec(test);
  return url?.[1];
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
