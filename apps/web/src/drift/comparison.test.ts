import { readFileSync } from 'node:fs';
import { analyzeDrift } from '@meshplan/drift';
import type { Model } from '@meshplan/model';
import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import {
  adoption,
  type DriftComparison,
  driftItems,
  driftMarks,
  ghostEdgeId,
  ghostNodeId,
  withGhosts,
} from './comparison.js';

const design = JSON.parse(
  readFileSync(new URL('../../../server/templates/ecommerce.json', import.meta.url), 'utf8'),
) as Model;

/**
 * What runs, as traces would show it: the design without the call from Orders to Inventory, with
 * a call from Orders into the Catalog's database (another context's store) and a service nobody
 * designed that Orders calls.
 */
function observation(): Model {
  const observed = structuredClone(design);
  observed.edges = observed.edges.filter((edge) => edge.id !== 'orders-inventory');
  observed.nodes.push({ id: 'legacy-pricing', kind: 'service', name: 'legacy-pricing' });
  observed.edges.push(
    { id: 'seen-1', kind: 'sync', from: 'orders', to: 'legacy-pricing', protocol: 'grpc' },
    { id: 'seen-2', kind: 'data', from: 'orders', to: 'catalog-db', access: 'read' },
  );
  return observed;
}

function compared(model: Model = design): DriftComparison {
  const observed = observation();
  const analysis = analyzeDrift(model, observed);
  return {
    source: 'traces.json',
    from: 'traces',
    observed,
    analysis,
    model: withGhosts(model, observed, analysis),
  };
}

describe('a comparison with what runs', () => {
  it('lists the observed call that breaks a rule first, then what runs undesigned, then what was not seen', () => {
    const items = driftItems(compared().analysis);
    expect(items[0]?.text).toBe('Runs, not designed: Order service reads or writes Catalog database');
    expect(items[0]?.breaks.length).toBeGreaterThan(0);
    const texts = items.map((item) => item.text);
    expect(texts).toContain('Runs, not designed: legacy-pricing');
    expect(texts).toContain('Runs, not designed: Order service calls legacy-pricing');
    expect(texts.at(-1)).toBe('Designed, not seen: Order service calls Inventory service');
    // What runs can be adopted; what was not seen cannot.
    expect(items.filter((item) => item.adopt !== undefined).length).toBe(3);
  });

  it('draws what only runs as ghosts beside the design, and marks what was not seen', () => {
    const { model, analysis, observed } = compared();
    expect(model.nodes.filter((node) => node.id.startsWith('observed:')).map((n) => n.id)).toEqual([
      ghostNodeId('legacy-pricing'),
    ]);
    const ghostEdges = model.edges.filter((edge) => edge.id.startsWith('observed-edge:'));
    expect(ghostEdges.map((edge) => [edge.from, edge.to]).sort()).toEqual(
      [
        ['orders', 'catalog-db'],
        ['orders', ghostNodeId('legacy-pricing')],
      ].sort(),
    );
    // The design itself is all there, unchanged.
    for (const node of design.nodes) expect(model.nodes).toContainEqual(node);
    const marks = driftMarks(analysis, observed);
    expect(marks.get(ghostNodeId('legacy-pricing'))).toBe('observed');
    expect(marks.get('orders-inventory')).toBe('unseen');
    for (const edge of ghostEdges) expect(marks.get(edge.id)).toBe('observed');
    // Ghost ids hold a character no id of a model may have: they never clash with the design's.
    for (const node of model.nodes)
      if (node.id.includes(':')) expect(design.nodes.some((n) => n.id === node.id)).toBe(false);
  });

  it('adopts an observed call with the node it needs, and then no longer sees it as drift', () => {
    const comparison = compared();
    const call = driftItems(comparison.analysis).find((item) => item.text.endsWith('calls legacy-pricing'));
    if (call?.adopt === undefined) throw new Error('the call to legacy-pricing can be adopted');
    const { nodes, edges } = adoption(design, comparison, call.adopt);
    expect(nodes.map((node) => [node.id, node.kind, node.name])).toEqual([
      ['legacy-pricing', 'service', 'legacy-pricing'],
    ]);
    expect(edges.map((edge) => [edge.kind, edge.from, edge.to])).toEqual([
      ['sync', 'orders', 'legacy-pricing'],
    ]);
    const adopted: Model = {
      ...design,
      nodes: [...design.nodes, ...nodes],
      edges: [...design.edges, ...edges],
    };
    expect(parseModel(adopted).ok).toBe(true);
    const after = driftItems(compared(adopted).analysis).map((item) => item.text);
    expect(after).not.toContain('Runs, not designed: Order service calls legacy-pricing');
    expect(after).not.toContain('Runs, not designed: legacy-pricing');
  });

  it('gives an adopted element an id of its own where the observed one is taken', () => {
    const taken: Model = {
      ...design,
      sagas: [...(design.sagas ?? []), { id: 'legacy-pricing', name: 'x', style: 'orchestrated', steps: [] }],
    };
    const comparison = compared(taken);
    const node = driftItems(comparison.analysis).find(
      (item) => item.text === 'Runs, not designed: legacy-pricing',
    );
    if (node?.adopt === undefined) throw new Error('the node can be adopted');
    expect(adoption(taken, comparison, node.adopt).nodes.map((n) => n.id)).toEqual(['legacy-pricing-2']);
    expect(ghostEdgeId(3)).toBe('observed-edge:3');
  });
});
