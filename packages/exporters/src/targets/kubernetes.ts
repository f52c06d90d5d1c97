import { dnsName, type GatewayNode, type ServiceNode } from '@meshplan/model';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IHTTPIngressPath } from 'kubernetes-models/networking.k8s.io/v1/HTTPIngressPath';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import { Service } from 'kubernetes-models/v1/Service';
import type { ExportContext } from '../context.js';
import type { ExportDocument } from '../types.js';

export const NAME_LABEL = 'app.kubernetes.io/name';
const PART_OF_LABEL = 'app.kubernetes.io/part-of';
const NODE_ID_ANNOTATION = 'meshplan.io/node-id';

/**
 * `k8s/`: the namespace, one file per service (Deployment, Service, and HPA, PodDisruptionBudget,
 * NetworkPolicy where they apply), one Ingress per gateway with routes, and a kustomization.
 */
export function kubernetes(ctx: ExportContext): ExportDocument[] {
  const files: ExportDocument[] = [];
  const yaml = (path: string, objects: { toJSON(): unknown }[]) =>
    files.push({ path, target: 'kubernetes', format: 'yaml', documents: objects.map((o) => o.toJSON()) });

  yaml('k8s/namespace.yaml', [
    new Namespace({ metadata: { name: ctx.namespace, labels: { [PART_OF_LABEL]: ctx.namespace } } }),
  ]);
  for (const service of ctx.index.services) {
    yaml(`k8s/services/${ctx.name(service.id)}.yaml`, serviceObjects(ctx, service));
  }
  for (const gateway of ctx.index.nodesOfKind('gateway')) {
    const ingress = gatewayIngress(ctx, gateway);
    if (ingress !== undefined) yaml(`k8s/ingress/${ctx.name(gateway.id)}.yaml`, [ingress]);
  }
  const resources = files.map((file) => file.path.slice('k8s/'.length));
  files.push({
    path: 'k8s/kustomization.yaml',
    target: 'kubernetes',
    format: 'yaml',
    documents: [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: ctx.namespace,
        resources,
      },
    ],
  });
  return files;
}

function serviceObjects(ctx: ExportContext, service: ServiceNode): { toJSON(): unknown }[] {
  const name = ctx.name(service.id);
  const runtime = service.runtime ?? {};
  const port = ctx.port(service);
  const portName = service.api?.style === 'grpc' ? 'grpc' : 'http';
  const replicas = runtime.replicas ?? runtime.autoscale?.min ?? 1;
  const labels = { [NAME_LABEL]: name, [PART_OF_LABEL]: ctx.namespace };
  const selector = { [NAME_LABEL]: name };
  const metadata = {
    name,
    namespace: ctx.namespace,
    labels,
    annotations: { [NODE_ID_ANNOTATION]: service.id },
  };
  const objects: { toJSON(): unknown }[] = [
    new Deployment({
      metadata,
      spec: {
        replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name,
                image: runtime.image ?? `${name}:latest`,
                ports: [{ name: portName, containerPort: port }],
                env: ctx.environment(service, 'kubernetes').map(([key, value]) => ({ name: key, value })),
                resources: resources(runtime),
                livenessProbe: probe(runtime.health, port),
                readinessProbe: probe(runtime.readiness ?? runtime.health, port),
              },
            ],
          },
        },
      },
    }),
    new Service({
      metadata,
      spec: {
        selector,
        ports: [{ name: portName, port, targetPort: portName }],
      },
    }),
  ];
  if (runtime.autoscale !== undefined) {
    objects.push(
      new HorizontalPodAutoscaler({
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: runtime.autoscale.min,
          maxReplicas: Math.max(runtime.autoscale.min, runtime.autoscale.max),
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: runtime.autoscale.cpuPercent },
              },
            },
          ],
        },
      }),
    );
  }
  if (replicas >= 2) {
    objects.push(
      new PodDisruptionBudget({ metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } }),
    );
  }
  objects.push(networkPolicy(ctx, service, metadata, port));
  return objects;
}

/**
 * Zero trust from the drawn edges: ingress only from the services that call this one and from
 * the gateways that route to it (pods labelled with the gateway's name, in any namespace).
 * Clients are outside the cluster and are admitted through a gateway only.
 */
function networkPolicy(
  ctx: ExportContext,
  service: ServiceNode,
  metadata: Record<string, unknown>,
  port: number,
): NetworkPolicy {
  const callers = new Set<string>();
  const gateways = new Set<string>();
  for (const edge of ctx.index.inEdges(service.id, 'sync')) {
    if (ctx.index.node(edge.from)?.kind === 'service') callers.add(ctx.name(edge.from));
    if (ctx.index.node(edge.from)?.kind === 'gateway') gateways.add(ctx.name(edge.from));
  }
  for (const edge of ctx.index.inEdges(service.id, 'route')) gateways.add(ctx.name(edge.from));
  const from = [
    ...[...callers].sort().map((name) => ({ podSelector: { matchLabels: { [NAME_LABEL]: name } } })),
    ...[...gateways].sort().map((name) => ({
      namespaceSelector: {},
      podSelector: { matchLabels: { [NAME_LABEL]: name } },
    })),
  ];
  return new NetworkPolicy({
    metadata,
    spec: {
      podSelector: { matchLabels: { [NAME_LABEL]: ctx.name(service.id) } },
      policyTypes: ['Ingress'],
      // No peers at all means no ingress: an empty rule list denies everything.
      ingress: from.length === 0 ? [] : [{ from, ports: [{ protocol: 'TCP', port }] }],
    },
  });
}

function gatewayIngress(ctx: ExportContext, gateway: GatewayNode): Ingress | undefined {
  const paths: IHTTPIngressPath[] = [];
  const seen = new Set<string>();
  for (const edge of ctx.index.outEdges(gateway.id, 'route')) {
    const target = ctx.index.node(edge.to);
    if (target?.kind !== 'service') continue;
    const name = ctx.name(target.id);
    const prefixes = edge.paths !== undefined && edge.paths.length > 0 ? edge.paths : [`/${name}`];
    for (const prefix of prefixes) {
      const path = ingressPath(prefix);
      if (seen.has(path)) continue;
      seen.add(path);
      paths.push({
        path,
        pathType: 'Prefix',
        backend: { service: { name, port: { number: ctx.port(target) } } },
      });
    }
  }
  if (paths.length === 0) return undefined;
  const name = ctx.name(gateway.id);
  const product = gateway.product === undefined ? undefined : dnsName(gateway.product);
  return new Ingress({
    metadata: {
      name,
      namespace: ctx.namespace,
      labels: { [NAME_LABEL]: name, [PART_OF_LABEL]: ctx.namespace },
      annotations: { [NODE_ID_ANNOTATION]: gateway.id },
    },
    spec: {
      ingressClassName: product,
      rules: [{ http: { paths } }],
    },
  });
}

/** A Prefix path Kubernetes accepts: absolute, no parameter templates, no trailing slash. */
function ingressPath(prefix: string): string {
  const cut = prefix.split('{')[0] ?? '';
  const clean = `/${cut.replace(/[^A-Za-z0-9._~/-]+/g, '-')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return clean;
}

function resources(runtime: NonNullable<ServiceNode['runtime']>): IResourceRequirements | undefined {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (runtime.cpu !== undefined) requests.cpu = runtime.cpu;
  if (runtime.memory !== undefined) requests.memory = runtime.memory;
  if (runtime.cpuLimit !== undefined) limits.cpu = runtime.cpuLimit;
  if (runtime.memoryLimit !== undefined) limits.memory = runtime.memoryLimit;
  const result: IResourceRequirements = {};
  if (Object.keys(requests).length > 0) result.requests = requests;
  if (Object.keys(limits).length > 0) result.limits = limits;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** A probe from the model's health text: an HTTP path, or `grpc:<port>`, `tcp:<port>`, `exec:<command>`. */
function probe(path: string | undefined, port: number): IProbe | undefined {
  if (path === undefined) return undefined;
  const other = /^(grpc|tcp|exec):(.*)$/s.exec(path);
  if (other !== null) {
    const [, kind, rest = ''] = other;
    const probePort = /^\d+$/.test(rest) ? Number(rest) : rest === '' ? port : rest;
    if (kind === 'grpc') return { grpc: { port: typeof probePort === 'number' ? probePort : port } };
    if (kind === 'tcp') return { tcpSocket: { port: probePort } };
    // Word by word, never shell text: a model's text must not become a script.
    return { exec: { command: rest.split(/\s+/).filter(Boolean) } };
  }
  return { httpGet: { path: path.startsWith('/') ? path : `/${path}`, port } };
}
