import type { Model, ModelIndex } from '@meshplan/model';
import { defineRule } from '../define.js';
import { uniqueId } from '../ids.js';
import type { Fix, PatchOperation } from '../types.js';

export default defineRule({
  meta: {
    id: 'missing-gateway',
    severity: 'warning',
    description: 'A client calling a service directly, or clients present and no gateway at all.',
    options: {},
    fixable: true,
  },
  check(model, { index, report }) {
    const clients = index.nodesOfKind('client');
    const reported = new Set<string>();
    for (const client of clients) {
      for (const edge of index.outEdges(client.id, 'sync')) {
        const service = index.node(edge.to);
        if (service?.kind !== 'service') continue;
        reported.add(client.id);
        report({
          message:
            `Client "${client.name}" calls "${service.name}" directly: every client then knows the internal topology, ` +
            'and authentication, rate limits and versioning are repeated in each service; route it through a gateway.',
          elements: [client.id, service.id, edge.id],
          fix: throughGateway(model, index, [client.id], edge.id),
        });
      }
    }
    if (index.nodesOfKind('gateway').length > 0) return;
    const rest = clients.filter((client) => !reported.has(client.id));
    if (rest.length === 0) return;
    report({
      message: `${rest.map((c) => `"${c.name}"`).join(', ')} reach the system with no API gateway in the model: add one as the single entry point for clients.`,
      elements: rest.map((client) => client.id),
      fix: throughGateway(
        model,
        index,
        rest.map((client) => client.id),
      ),
    });
  },
});

/**
 * Uses the first gateway of the model, or adds one; routes each client to it, and replaces the
 * direct call `edgeId` (if any) by a route from the gateway to the service.
 */
function throughGateway(model: Model, index: ModelIndex, clientIds: string[], edgeId?: string): Fix {
  const patch: PatchOperation[] = [];
  const taken = new Set<string>();
  let gatewayId = index.nodesOfKind('gateway')[0]?.id;
  if (gatewayId === undefined) {
    gatewayId = uniqueId(index, 'api-gateway', taken);
    patch.push({
      op: 'add',
      path: '/nodes/-',
      value: { id: gatewayId, kind: 'gateway', name: 'API gateway' },
    });
  }
  const hasRoute = (from: string, to: string) => index.outEdges(from, 'route').some((edge) => edge.to === to);
  const addRoute = (from: string, to: string) => {
    if (hasRoute(from, to)) return;
    patch.push({
      op: 'add',
      path: '/edges/-',
      value: { id: uniqueId(index, `route-${from}-${to}`, taken), kind: 'route', from, to },
    });
  };
  for (const client of clientIds) addRoute(client, gatewayId);
  if (edgeId !== undefined) {
    const i = model.edges.findIndex((edge) => edge.id === edgeId);
    const edge = model.edges[i];
    if (edge !== undefined) {
      addRoute(gatewayId, edge.to);
      patch.push(
        { op: 'test', path: `/edges/${i}/id`, value: edgeId },
        { op: 'remove', path: `/edges/${i}` },
      );
    }
  }
  const gatewayName = index.node(gatewayId)?.name ?? 'API gateway';
  return {
    title: `Route ${clientIds.map((id) => `"${index.label(id)}"`).join(', ')} through "${gatewayName}"`,
    patch,
  };
}
