import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { suggestionsFor } from './find.js';

const model: Model = {
  format: 'meshplan/v1',
  name: 'Shop',
  contexts: [{ id: 'ctx-1', name: 'Ordering', position: { x: 0, y: 0 }, size: { width: 400, height: 200 } }],
  nodes: [
    { id: 'orders', kind: 'service', name: 'Orders', position: { x: 100, y: 100 } },
    { id: 'reorder', kind: 'service', name: 'Reorder bot', position: { x: 500, y: 100 } },
    { id: 'db', kind: 'datastore', name: 'Orders DB', engine: 'postgres', position: { x: 100, y: 300 } },
    { id: 'pay', kind: 'service', name: 'Payments', position: { x: 900, y: 100 } },
  ],
  edges: [],
};

describe('suggestionsFor', () => {
  it('suggests elements and contexts whose names hold the text, those beginning with it first', () => {
    expect(suggestionsFor(model, 'ord').map((s) => s.name)).toEqual([
      'Ordering',
      'Orders',
      'Orders DB',
      'Reorder bot',
    ]);
    expect(suggestionsFor(model, 'PAY').map((s) => s.id)).toEqual(['pay']);
  });

  it('gives the centre of each box, to centre the view on', () => {
    const [orders] = suggestionsFor(model, 'orders db');
    // Orders DB's box follows its name: 150 × 64 at (100, 300).
    expect(orders?.centre).toEqual({ x: 175, y: 332 });
    const [context] = suggestionsFor(model, 'ordering');
    expect(context?.centre).toEqual({ x: 200, y: 100 });
  });

  it('suggests nothing for empty text, and at most the limit', () => {
    expect(suggestionsFor(model, '  ')).toEqual([]);
    expect(suggestionsFor(model, 'o', 2)).toHaveLength(2);
  });
});
