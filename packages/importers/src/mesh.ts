import type { Edge, Node, Resilience } from '@meshplan/model';
import { isRecord, type SourceDocument, scalarText } from './input.js';
import type { Reporter } from './report.js';
import type { Alias } from './topology.js';

/** The service-mesh resources whose settings are the resilience of the calls they govern. */
export const MESH_KINDS = new Set(['VirtualService', 'DestinationRule', 'ServiceProfile']);

export interface MeshObject {
  kind: string;
  name: string;
  namespace: string;
  body: Record<string, unknown>;
  document: SourceDocument;
}

/**
 * Istio `VirtualService` timeouts and retries, `DestinationRule` outlier detection and connection
 * pools (Istio's circuit breaking), and Linkerd `ServiceProfile` route timeouts, set the
 * `resilience` of every sync edge into the workload that the resource's host names. What a mesh
 * adds by default is not assumed: only what the files write.
 */
export function applyMeshResilience(
  objects: readonly MeshObject[],
  nodes: readonly Node[],
  edges: Edge[],
  aliases: ReadonlyMap<string, Alias>,
  reporter: Reporter,
): void {
  const nodeByName = new Map(nodes.map((node) => [node.name, node]));
  for (const object of objects) {
    const spec = isRecord(object.body.spec) ? object.body.spec : {};
    const settings = meshSettings(object, spec, reporter);
    if (settings === undefined) continue;
    const hosts =
      object.kind === 'VirtualService'
        ? (Array.isArray(spec.hosts) ? spec.hosts : []).flatMap((host) => scalarText(host) ?? [])
        : object.kind === 'DestinationRule'
          ? [scalarText(spec.host) ?? '']
          : [object.name];
    for (const host of hosts) {
      const workload = lookup(host, object.namespace, aliases);
      const node = workload === undefined ? undefined : nodeByName.get(workload);
      const source = object.document.locate(
        object.kind === 'DestinationRule'
          ? ['spec', 'host']
          : object.kind === 'VirtualService'
            ? ['spec', 'hosts']
            : [],
      );
      if (node === undefined) {
        reporter.unmapped(
          `${object.kind} ${object.name}: host ${host} names no workload in these files`,
          source,
        );
        continue;
      }
      let governed = 0;
      for (const edge of edges) {
        if (edge.kind !== 'sync' || edge.to !== node.id) continue;
        edge.resilience = { ...edge.resilience, ...settings.resilience };
        governed++;
      }
      reporter.guess(
        `${object.kind} ${object.name}: ${settings.said} on ${governed === 1 ? 'the call' : `the ${governed} calls`} into ${node.name}`,
        source,
      );
    }
  }
}

function meshSettings(
  object: MeshObject,
  spec: Record<string, unknown>,
  reporter: Reporter,
): { resilience: Resilience; said: string } | undefined {
  const resilience: Resilience = {};
  const said: string[] = [];
  if (object.kind === 'VirtualService') {
    for (const route of Array.isArray(spec.http) ? spec.http : []) {
      if (!isRecord(route)) continue;
      const timeout = durationMs(route.timeout);
      if (timeout !== undefined && resilience.timeoutMs === undefined) {
        resilience.timeoutMs = timeout;
        said.push(`timeout ${scalarText(route.timeout)}`);
      }
      const attempts = isRecord(route.retries) ? route.retries.attempts : undefined;
      if (
        typeof attempts === 'number' &&
        Number.isInteger(attempts) &&
        attempts >= 0 &&
        resilience.retries === undefined
      ) {
        resilience.retries = attempts;
        said.push(`${attempts} retries`);
      }
    }
  } else if (object.kind === 'DestinationRule') {
    const policies = [spec.trafficPolicy, ...portPolicies(spec.trafficPolicy)].filter(isRecord);
    const outlier = policies.some((policy) => isRecord(policy.outlierDetection));
    const pool = policies.some((policy) => isRecord(policy.connectionPool));
    if (outlier || pool) {
      resilience.circuitBreaker = true;
      said.push(
        `circuit breaking (${[outlier && 'outlier detection', pool && 'connection pool'].filter(Boolean).join(' and ')})`,
      );
    }
  } else {
    const timeouts = (Array.isArray(spec.routes) ? spec.routes : []).flatMap((route) =>
      isRecord(route) ? (durationMs(route.timeout) ?? []) : [],
    );
    if (timeouts.length > 0) {
      resilience.timeoutMs = Math.max(...timeouts);
      said.push(`timeout ${resilience.timeoutMs} ms (the longest of its routes)`);
    }
    if (spec.retryBudget !== undefined) {
      reporter.unmapped(
        `ServiceProfile ${object.name}: a retry budget is a ratio, not a count of retries; not mapped`,
        object.document.locate(['spec', 'retryBudget']),
      );
    }
  }
  return said.length === 0 ? undefined : { resilience, said: said.join(', ') };
}

function portPolicies(policy: unknown): unknown[] {
  return isRecord(policy) && Array.isArray(policy.portLevelSettings) ? policy.portLevelSettings : [];
}

/** The workload a mesh host names: `reviews`, `reviews.prod`, `reviews.prod.svc.cluster.local`. */
function lookup(host: string, namespace: string, aliases: ReadonlyMap<string, Alias>): string | undefined {
  const name = host.toLowerCase();
  return (aliases.get(name) ?? aliases.get(`${name}.${namespace.toLowerCase()}`))?.workload;
}

/** An Istio/Linkerd duration (`10s`, `1.5s`, `250ms`, `1m`) in whole milliseconds, at least 1. */
export function durationMs(value: unknown): number | undefined {
  const text = scalarText(value);
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (match === null) return undefined;
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(Number(match[1]) * factor);
  return ms >= 1 && ms <= 86_400_000 ? ms : undefined;
}
