import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import {
  type IVirtualService,
  VirtualService,
} from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import type { ServiceNode, SyncEdge } from '@meshplan/model';
import type { ExportContext } from '../context.js';
import type { ExportDocument } from '../types.js';
import { NAME_LABEL } from './kubernetes.js';

type HttpRoute = NonNullable<NonNullable<IVirtualService['spec']>['http']>[number];

/**
 * `istio/<svc>.yaml` for every service called over sync edges: a VirtualService with one route per
 * calling service (matched by its pod labels) carrying that edge's timeout and retries, then a
 * default route; a DestinationRule with outlier detection where a caller wants a circuit breaker.
 */
export function istio(ctx: ExportContext): ExportDocument[] {
  const files: ExportDocument[] = [];
  for (const service of ctx.index.services) {
    const calls = ctx.index.inEdges(service.id, 'sync');
    if (calls.length === 0) continue;
    const objects: unknown[] = [virtualService(ctx, service, calls).toJSON()];
    if (calls.some((edge) => edge.resilience?.circuitBreaker === true)) {
      objects.push(destinationRule(ctx, service).toJSON());
    }
    files.push({
      path: `istio/${ctx.name(service.id)}.yaml`,
      target: 'istio',
      format: 'yaml',
      documents: objects,
    });
  }
  return files;
}

function hostOf(ctx: ExportContext, service: ServiceNode): string {
  return `${ctx.host(ctx.name(service.id), 'kubernetes')}.cluster.local`;
}

function virtualService(
  ctx: ExportContext,
  service: ServiceNode,
  calls: readonly SyncEdge[],
): VirtualService {
  const host = hostOf(ctx, service);
  const destination = { host, port: { number: ctx.port(service) } };
  const routes: HttpRoute[] = [];
  const seen = new Set<string>();
  for (const edge of calls) {
    const caller = ctx.index.node(edge.from);
    // Only pods have labels to match: clients and gateways take the default route.
    if (caller?.kind !== 'service' || edge.resilience === undefined) continue;
    const callerName = ctx.name(caller.id);
    if (seen.has(callerName)) continue;
    seen.add(callerName);
    routes.push({
      name: `from-${callerName}`.slice(0, 63),
      match: [{ sourceLabels: { [NAME_LABEL]: callerName } }],
      route: [{ destination }],
      ...resilience(edge),
    });
  }
  routes.push({ name: 'default', route: [{ destination }] });
  return new VirtualService({
    metadata: { name: ctx.name(service.id), namespace: ctx.namespace },
    spec: { hosts: [host], http: routes },
  });
}

function resilience(edge: SyncEdge): Pick<HttpRoute, 'timeout' | 'retries'> {
  const result: Pick<HttpRoute, 'timeout' | 'retries'> = {};
  const { timeoutMs, retries } = edge.resilience ?? {};
  if (timeoutMs !== undefined) result.timeout = `${timeoutMs}ms`;
  if (retries !== undefined) {
    result.retries = { attempts: retries, retryOn: 'connect-failure,refused-stream,unavailable,5xx' };
    // Each try gets its share of the overall timeout, so retries cannot outlive it.
    if (timeoutMs !== undefined && retries > 0) {
      result.retries.perTryTimeout = `${Math.max(1, Math.floor(timeoutMs / (retries + 1)))}ms`;
    }
  }
  return result;
}

function destinationRule(ctx: ExportContext, service: ServiceNode): DestinationRule {
  return new DestinationRule({
    metadata: { name: ctx.name(service.id), namespace: ctx.namespace },
    spec: {
      host: hostOf(ctx, service),
      trafficPolicy: {
        outlierDetection: {
          consecutive5xxErrors: 5,
          interval: '10s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 50,
        },
      },
    },
  });
}
