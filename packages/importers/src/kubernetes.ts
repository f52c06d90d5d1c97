import { FORMAT, type Model, type Runtime } from '@meshplan/model';
import { ImportError } from './errors.js';
import { isRecord, readDocuments, type SourceDocument, scalarText } from './input.js';
import { applyMeshResilience, MESH_KINDS } from './mesh.js';
import { modelName } from './names.js';
import { Reporter } from './report.js';
import { type Alias, buildTopology, type Reference, type Workload } from './topology.js';
import type { ImportFile, ImportResult, SourceLocation } from './types.js';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

interface KubernetesObject {
  kind: string;
  name: string;
  namespace: string;
  body: Record<string, unknown>;
  document: SourceDocument;
}

interface PodWorkload {
  workload: Workload;
  namespace: string;
  labels: Record<string, string>;
}

/**
 * Kubernetes manifests (one multi-document file or a folder's files) → nodes from Deployments,
 * StatefulSets and DaemonSets; Services name them (by selector) for the env vars that call them.
 */
export function importKubernetes(files: readonly ImportFile[]): ImportResult {
  const reporter = new Reporter();
  const objects: KubernetesObject[] = [];
  for (const file of files) {
    for (const document of readDocuments(file)) {
      const object = document.value;
      if (isRecord(object) && Array.isArray(object.items) && String(object.kind).endsWith('List')) {
        object.items.forEach((item, index) => {
          const found = asObject(item, {
            ...document,
            locate: (keys = []) => document.locate(['items', index, ...keys]),
          });
          if (found !== undefined) objects.push(found);
        });
        continue;
      }
      const found = asObject(object, document);
      if (found === undefined) {
        reporter.unmapped(
          'document is not a Kubernetes object (no apiVersion and kind); skipped',
          document.locate(),
        );
        continue;
      }
      objects.push(found);
    }
  }
  if (objects.length === 0) {
    throw new ImportError('no Kubernetes objects (documents with apiVersion and kind) in these files', {
      path: files[0]?.path ?? '(input)',
    });
  }

  const pods: PodWorkload[] = [];
  for (const object of objects) {
    if (!WORKLOAD_KINDS.has(object.kind)) continue;
    if (pods.some((pod) => pod.workload.name === object.name)) {
      reporter.unmapped(
        `${object.kind} ${object.name} is defined again; the first is kept`,
        object.document.locate(),
      );
      continue;
    }
    pods.push(readWorkload(object, reporter));
  }
  if (pods.length === 0) {
    throw new ImportError('no Deployments, StatefulSets or DaemonSets in these files: nothing to model', {
      path: files[0]?.path ?? '(input)',
    });
  }
  const aliases = new Map<string, Alias>();
  for (const object of objects) {
    if (WORKLOAD_KINDS.has(object.kind)) continue;
    if (object.kind === 'Service') readService(object, pods, aliases, reporter);
    else if (object.kind === 'HorizontalPodAutoscaler') readAutoscaler(object, pods, reporter);
    else if (!MESH_KINDS.has(object.kind)) {
      reporter.unmapped(`${object.kind} ${object.name} is not mapped`, object.document.locate());
    }
  }
  const { nodes, edges, guessedEdges } = buildTopology(
    pods.map((pod) => pod.workload),
    aliases,
    reporter,
  );
  // Istio and Linkerd resources in the folder: the resilience of the calls they govern.
  applyMeshResilience(
    objects.filter((object) => MESH_KINDS.has(object.kind)),
    nodes,
    edges,
    aliases,
    reporter,
  );
  const namespaces = [...new Set(objects.map((object) => object.namespace))].filter((ns) => ns !== 'default');
  const name =
    namespaces.length === 1 && namespaces[0] !== undefined
      ? namespaces[0]
      : modelName(files, 'Kubernetes manifests');
  const model: Model = { format: FORMAT, name, nodes, edges };
  return { model, report: reporter.report, guessedEdges };
}

function asObject(value: unknown, document: SourceDocument): KubernetesObject | undefined {
  if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string')
    return undefined;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  return {
    kind: value.kind,
    name: scalarText(metadata.name) ?? '(unnamed)',
    namespace: scalarText(metadata.namespace) ?? 'default',
    body: value,
    document,
  };
}

function readWorkload(object: KubernetesObject, reporter: Reporter): PodWorkload {
  const at = (...keys: (string | number)[]) => object.document.locate(keys);
  const spec = record(object.body.spec);
  const template = record(spec.template);
  const podSpec = record(template.spec);
  const labels = stringRecord(record(template.metadata).labels);
  const containers = list(podSpec.containers);
  const initContainers = list(podSpec.initContainers);
  const runtime: Runtime = {};
  const main = containers[0];
  const references: Reference[] = [];
  const envNames: string[] = [];
  const ports: { port: number; name?: string }[] = [];
  let servesGrpc = false;
  const images: { image: string; source: SourceLocation }[] = [];

  const visit = (container: Record<string, unknown>, group: string, index: number) => {
    const path = ['spec', 'template', 'spec', group, index];
    const image = scalarText(container.image);
    if (image !== undefined && group === 'containers') images.push({ image, source: at(...path, 'image') });
    list(container.env).forEach((entry, envIndex) => {
      const variable = scalarText(entry.name);
      if (variable === undefined) return;
      envNames.push(variable);
      const value = scalarText(entry.value);
      if (value === undefined) {
        if (entry.valueFrom !== undefined) {
          reporter.unmapped(
            `env ${variable} of ${object.name} comes from valueFrom; not read`,
            at(...path, 'env', envIndex),
          );
        }
        return;
      }
      references.push({ via: 'env', variable, text: value, source: at(...path, 'env', envIndex, 'value') });
      if (container === main) {
        runtime.env ??= {};
        runtime.env[variable] = value;
      }
    });
    for (const key of ['command', 'args'] as const) {
      const parts = Array.isArray(container[key])
        ? (container[key] as unknown[]).flatMap((p) => scalarText(p) ?? [])
        : [];
      if (parts.length > 0)
        references.push({ via: 'command', text: parts.join(' '), source: at(...path, key) });
    }
    if (group !== 'containers') return;
    for (const port of list(container.ports)) {
      const number = Number(port.containerPort);
      if (!Number.isInteger(number)) continue;
      const name = scalarText(port.name);
      ports.push(name === undefined ? { port: number } : { port: number, name });
      if (name !== undefined && /grpc/i.test(name)) servesGrpc = true;
    }
    for (const probe of [container.livenessProbe, container.readinessProbe]) {
      if (isRecord(probe) && probe.grpc !== undefined) servesGrpc = true;
    }
  };
  containers.forEach((container, index) => {
    visit(container, 'containers', index);
  });
  initContainers.forEach((container, index) => {
    visit(container, 'initContainers', index);
  });

  if (main !== undefined) {
    const image = scalarText(main.image);
    if (image !== undefined) runtime.image = image;
    const port = ports[0]?.port;
    if (port !== undefined && port >= 1 && port <= 65535) runtime.port = port;
    const resources = record(main.resources);
    const requests = record(resources.requests);
    const limits = record(resources.limits);
    setText(runtime, 'cpu', requests.cpu);
    setText(runtime, 'memory', requests.memory);
    setText(runtime, 'cpuLimit', limits.cpu);
    setText(runtime, 'memoryLimit', limits.memory);
    const health = probePath(main.livenessProbe);
    const readiness = probePath(main.readinessProbe);
    if (health !== undefined) runtime.health = health;
    if (readiness !== undefined) runtime.readiness = readiness;
  }
  if (typeof spec.replicas === 'number' && Number.isInteger(spec.replicas) && spec.replicas >= 0) {
    runtime.replicas = spec.replicas;
  }
  if (containers.length > 1) {
    reporter.unmapped(
      `${object.name} runs ${containers.length} containers; the first (${scalarText(main?.name) ?? 'unnamed'}) gives its runtime`,
      at('spec', 'template', 'spec', 'containers'),
    );
  }
  return {
    namespace: object.namespace,
    labels,
    workload: {
      name: object.name,
      source: at(),
      images,
      built: false,
      published: false,
      ports,
      servesGrpc,
      envNames,
      references,
      runtime,
    },
  };
}

/** A Service names the workloads its selector picks, under every DNS form the cluster gives it. */
function readService(
  object: KubernetesObject,
  pods: PodWorkload[],
  aliases: Map<string, Alias>,
  reporter: Reporter,
): void {
  const spec = record(object.body.spec);
  const selector = stringRecord(spec.selector);
  const entries = Object.entries(selector);
  const selected =
    entries.length === 0
      ? []
      : pods.filter(
          (pod) =>
            pod.namespace === object.namespace && entries.every(([key, value]) => pod.labels[key] === value),
        );
  const target = selected[0];
  if (target === undefined) {
    reporter.unmapped(
      `Service ${object.name} selects no workload in these files`,
      object.document.locate(['spec']),
    );
    return;
  }
  if (selected.length > 1) {
    reporter.guess(
      `Service ${object.name} selects ${selected.map((pod) => pod.workload.name).join(', ')}; calls to it go to ${target.workload.name}`,
      object.document.locate(['spec', 'selector']),
    );
  }
  const type = scalarText(spec.type);
  if (type === 'LoadBalancer' || type === 'NodePort') target.workload.published = true;
  const grpc = list(spec.ports).some((port) => /grpc/i.test(scalarText(port.name) ?? ''));
  const alias: Alias = { workload: target.workload.name, grpc };
  const name = object.name.toLowerCase();
  const namespace = object.namespace.toLowerCase();
  for (const host of [
    name,
    `${name}.${namespace}`,
    `${name}.${namespace}.svc`,
    `${name}.${namespace}.svc.cluster.local`,
  ]) {
    if (!aliases.has(host)) aliases.set(host, alias);
  }
}

function readAutoscaler(object: KubernetesObject, pods: PodWorkload[], reporter: Reporter): void {
  const spec = record(object.body.spec);
  const targetName = scalarText(record(spec.scaleTargetRef).name);
  const target = pods.find((pod) => pod.workload.name === targetName && pod.namespace === object.namespace);
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  const max = spec.maxReplicas;
  const cpuPercent = cpuTarget(spec);
  const valid =
    Number.isInteger(min) &&
    min >= 1 &&
    Number.isInteger(max) &&
    (max as number) >= min &&
    cpuPercent !== undefined &&
    Number.isInteger(cpuPercent) &&
    cpuPercent >= 1 &&
    cpuPercent <= 100;
  if (target === undefined || typeof max !== 'number' || cpuPercent === undefined || !valid) {
    reporter.unmapped(
      `HorizontalPodAutoscaler ${object.name} has no workload here or no CPU target; not mapped`,
      object.document.locate(),
    );
    return;
  }
  target.workload.runtime.autoscale = { min, max, cpuPercent };
}

/** autoscaling/v1 `targetCPUUtilizationPercentage`, or the v2 cpu Resource metric. */
function cpuTarget(spec: Record<string, unknown>): number | undefined {
  if (typeof spec.targetCPUUtilizationPercentage === 'number') return spec.targetCPUUtilizationPercentage;
  for (const metric of list(spec.metrics)) {
    const resource = record(metric.resource);
    if (resource.name !== 'cpu') continue;
    const utilization = record(resource.target).averageUtilization;
    if (typeof utilization === 'number') return utilization;
  }
  return undefined;
}

/**
 * A probe as the model's `health`/`readiness` text: the path of an HTTP probe (`/healthz`), else
 * `grpc:<port>`, `tcp:<port>` or `exec:<command>`: all are health checks, and the exporters
 * write each back in its own form.
 */
function probePath(probe: unknown): string | undefined {
  const spec = record(probe);
  const path = scalarText(record(spec.httpGet).path);
  if (path !== undefined) return path;
  if (isRecord(spec.httpGet)) return '/';
  if (isRecord(spec.grpc)) return `grpc:${scalarText(spec.grpc.port) ?? ''}`;
  if (isRecord(spec.tcpSocket)) return `tcp:${scalarText(spec.tcpSocket.port) ?? ''}`;
  if (isRecord(spec.exec) && Array.isArray(spec.exec.command)) {
    const command = spec.exec.command.flatMap((part) => scalarText(part) ?? []).join(' ');
    return `exec:${command.slice(0, MAX_PROBE_COMMAND)}`;
  }
  return undefined;
}

// A probe's command kept in the model; longer ones are cut (the model is no place for scripts).
const MAX_PROBE_COMMAND = 200;

function setText(runtime: Runtime, key: 'cpu' | 'memory' | 'cpuLimit' | 'memoryLimit', value: unknown): void {
  const text = scalarText(value);
  if (text !== undefined) runtime[key] = text;
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function stringRecord(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(value))) {
    const text = scalarText(entry);
    if (text !== undefined) result[key] = text;
  }
  return result;
}
