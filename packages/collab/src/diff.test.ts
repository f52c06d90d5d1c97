import { readFileSync } from 'node:fs';
import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { describeDiff, diffModels } from './index.js';

const ecommerce = JSON.parse(
  readFileSync(new URL('../../../apps/server/templates/ecommerce.json', import.meta.url), 'utf8'),
) as Model;

const small: Model = {
  format: 'meshplan/v1',
  name: 'Small',
  nodes: [
    { id: 'web', kind: 'client', name: 'Web' },
    { id: 'orders', kind: 'service', name: 'Orders' },
    { id: 'payments', kind: 'service', name: 'Payments', position: { x: 0, y: 0 } },
  ],
  edges: [{ id: 'e1', kind: 'sync', from: 'web', to: 'orders', protocol: 'rest' }],
};

describe('diffModels / describeDiff', () => {
  it('finds nothing between a model and its copy', () => {
    const diff = diffModels(small, structuredClone(small));
    expect(diff).toMatchObject({ added: [], removed: [], changed: [] });
    expect(describeDiff(diff)).toEqual([]);
  });

  it('names added, removed and changed elements in words', () => {
    const after = structuredClone(small);
    after.name = 'Renamed';
    after.nodes.push({ id: 'shipping', kind: 'service', name: 'Shipping' });
    after.edges = [{ id: 'e2', kind: 'sync', from: 'orders', to: 'payments', protocol: 'grpc' }];
    const payments = after.nodes[2] as Extract<Model['nodes'][number], { kind: 'service' }>;
    payments.api = { style: 'rest' };
    payments.runtime = { port: 8080 };
    const diff = diffModels(small, after);
    expect(diff.added).toEqual([
      { id: 'shipping', kind: 'service', collection: 'nodes', label: 'Shipping' },
      { id: 'e2', kind: 'sync', collection: 'edges', label: 'Orders → Payments' },
    ]);
    expect(diff.removed).toEqual([{ id: 'e1', kind: 'sync', collection: 'edges', label: 'Web → Orders' }]);
    expect(diff.changed).toEqual([
      { id: 'payments', kind: 'service', collection: 'nodes', label: 'Payments', fields: ['api', 'runtime'] },
    ]);
    expect(describeDiff(diff)).toEqual([
      'Changed the model: name',
      'Added service "Shipping"',
      'Added sync edge "Orders → Payments"',
      'Removed sync edge "Web → Orders"',
      'Changed service "Payments": api, runtime',
    ]);
  });

  it('leaves moves and resizes out unless asked for the layout', () => {
    const after = structuredClone(small);
    (after.nodes[2] as { position: { x: number; y: number } }).position = { x: 10, y: 20 };
    expect(diffModels(small, after).changed).toEqual([]);
    expect(describeDiff(diffModels(small, after, { layout: true }))).toEqual([
      'Changed service "Payments": position',
    ]);
  });

  it('names contexts, sagas, removed fields and model settings', () => {
    const before: Model = {
      ...small,
      description: 'old',
      contexts: [{ id: 'c', name: 'Ordering', team: 'orders' }],
      sagas: [{ id: 's', name: 'Checkout', style: 'choreographed', steps: [] }],
    };
    const after: Model = {
      ...small,
      settings: { rules: { 'god-service': 'off' } },
      contexts: [{ id: 'c', name: 'Ordering' }],
      sagas: [],
    };
    expect(describeDiff(diffModels(before, after))).toEqual([
      'Changed the model: description, settings',
      'Removed saga "Checkout"',
      'Changed context "Ordering": team',
    ]);
  });

  it('describes an edited copy of the e-commerce template', () => {
    const after = structuredClone(ecommerce);
    after.nodes = after.nodes.filter((node) => node.id !== 'email');
    after.edges = after.edges.filter((edge) => edge.from !== 'email' && edge.to !== 'email');
    after.nodes.push({ id: 'reviews', kind: 'service', name: 'Review service', context: 'ctx-catalog' });
    after.edges.push({ id: 'gw-reviews', kind: 'route', from: 'gateway', to: 'reviews' });
    const orders = after.nodes.find((node) => node.id === 'orders');
    if (orders?.kind !== 'service') throw new Error('orders is a service in the template');
    orders.name = 'Orders';
    orders.runtime = { ...orders.runtime, replicas: 5 };
    orders.position = { x: 5, y: 5 };

    const sentences = describeDiff(diffModels(ecommerce, after));
    const removedEmailEdges = ecommerce.edges.filter((edge) => edge.from === 'email' || edge.to === 'email');
    expect(sentences).toEqual([
      'Added service "Review service"',
      'Added route edge "API gateway → Review service"',
      'Removed external "Email delivery API"',
      ...removedEmailEdges.map((edge) =>
        expect.stringMatching(new RegExp(`^Removed ${edge.kind} edge ".* → Email delivery API"$`)),
      ),
      'Changed service "Orders": name, runtime',
    ]);
    // Edges into a renamed node carry its new name.
    expect(sentences.join('\n')).not.toContain('Order service');
  });
});
