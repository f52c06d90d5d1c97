import { readFileSync } from 'node:fs';
import { type Model, parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  applyChange,
  changeBetween,
  changeErrors,
  diffModels,
  docToModel,
  ModelGuard,
  modelToDoc,
  readChange,
  repairModel,
} from './index.js';

const ecommerce = JSON.parse(
  readFileSync(new URL('../../../apps/server/templates/ecommerce.json', import.meta.url), 'utf8'),
) as Model;

const withViews: Model = {
  ...ecommerce,
  views: [
    {
      id: 'checkout',
      name: 'Checkout',
      elements: ['orders', 'payments'],
      positions: { orders: { x: 0, y: 0 }, payments: { x: 300, y: 0 } },
    },
    { id: 'stores', name: 'Stores', elements: ['orders-db', 'payments-db'] },
  ],
};

function docOf(model: Model): Y.Doc {
  const doc = new Y.Doc();
  modelToDoc(model, doc);
  return doc;
}

function twoPeers(model: Model): [Y.Doc, Y.Doc] {
  const a = docOf(model);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, fromA);
  Y.applyUpdate(a, fromB);
}

/** An edit as the editor makes it: a new model sharing what did not change, written where it changed. */
function edit(doc: Y.Doc, recipe: (model: Model) => Model): void {
  const before = docToModel(doc);
  const after = recipe(before);
  const change = changeBetween(before, after);
  expect(changeErrors(after, change)).toEqual([]);
  applyChange(doc, after, change, 'local');
}

const mapView = (
  model: Model,
  id: string,
  change: (view: NonNullable<Model['views']>[number]) => object,
) => ({
  ...model,
  views: model.views?.map((view) => (view.id === id ? { ...view, ...change(view) } : view)),
});

describe('views in the live document', () => {
  it('leaves a model without views as it was: the e-commerce example reads back unchanged, with no views key', () => {
    const read = docToModel(docOf(ecommerce));
    expect(JSON.stringify(read)).toBe(JSON.stringify(ecommerce));
    expect('views' in read).toBe(false);
    // An empty list stays a list.
    expect(docToModel(docOf({ ...ecommerce, views: [] })).views).toEqual([]);
  });

  it('round-trips a model with views, each a map of its own', () => {
    const doc = docOf(withViews);
    expect(docToModel(doc)).toEqual(withViews);
    const stored = doc.getMap('views').get('checkout');
    expect(stored).toBeInstanceOf(Y.Map);
    expect(doc.getArray('views:order').toArray()).toEqual(['checkout', 'stores']);
  });

  it('reads back a view edit where it touched (an undo, a peer)', () => {
    const doc = docOf(withViews);
    const before = docToModel(doc);
    let read: Model = before;
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      read = readChange(doc, transaction, read);
    });
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    edit(peer, (model) => mapView(model, 'stores', () => ({ name: 'Every store' })));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
    expect(read.views?.[1]?.name).toBe('Every store');
    // What the edit did not touch is the same object as before.
    expect(read.views?.[0]).toBe(before.views?.[0]);
    expect(read.nodes).toBe(before.nodes);
  });

  it('merges concurrent edits of different views, and a rename and a move in the same view', () => {
    const [a, b] = twoPeers(withViews);
    edit(a, (model) => mapView(model, 'checkout', () => ({ name: 'Checkout flow' })));
    edit(b, (model) =>
      mapView(model, 'checkout', (view) => ({
        positions: { ...view.positions, orders: { x: -40, y: 80 } },
      })),
    );
    edit(b, (model) =>
      mapView(model, 'stores', (view) => ({ elements: [...view.elements, 'inventory-db'] })),
    );
    exchange(a, b);
    const merged = docToModel(a);
    expect(merged).toEqual(docToModel(b));
    expect(merged.views?.[0]?.name).toBe('Checkout flow');
    expect(merged.views?.[0]?.positions?.orders).toEqual({ x: -40, y: 80 });
    expect(merged.views?.[1]?.elements).toEqual(['orders-db', 'payments-db', 'inventory-db']);
    expect(parseModel(merged).ok).toBe(true);
  });

  it('keeps views that two people save at once', () => {
    const [a, b] = twoPeers(ecommerce);
    edit(a, (model) => ({ ...model, views: [{ id: 'view-a', name: 'A', elements: ['gateway'] }] }));
    edit(b, (model) => ({ ...model, views: [{ id: 'view-b', name: 'B', elements: ['web'] }] }));
    exchange(a, b);
    expect(
      docToModel(a)
        .views?.map((view) => view.id)
        .sort(),
    ).toEqual(['view-a', 'view-b']);
  });

  it('repairs a merge that leaves a view naming a node another peer deleted', () => {
    const [a, b] = twoPeers(withViews);
    // A deletes payment-svc (and, as the editor does, takes it out of every view it knows).
    edit(a, (model) => {
      const { model: pruned } = repairModel({
        ...model,
        nodes: model.nodes.filter((n) => n.id !== 'payments'),
        edges: model.edges.filter((e) => e.from !== 'payments' && e.to !== 'payments'),
      });
      return pruned;
    });
    // B, meanwhile, adds it to another view.
    edit(b, (model) => mapView(model, 'stores', (view) => ({ elements: [...view.elements, 'payments'] })));
    exchange(a, b);
    const merged = docToModel(a);
    expect(parseModel(merged).ok).toBe(false);
    const { model: repaired, repairs } = repairModel(merged);
    expect(parseModel(repaired).ok).toBe(true);
    expect(repaired.views?.[1]?.elements).toEqual(['orders-db', 'payments-db']);
    expect(repairs).toContain('Removed "payments" from view "Stores": no longer in the model');
  });

  it('says in a diff which views came, went and changed', () => {
    const after = mapView({ ...withViews, views: withViews.views?.slice(0, 1) }, 'checkout', () => ({
      name: 'Pay',
    }));
    const diff = diffModels(withViews, after);
    expect(diff.removed.map((item) => [item.kind, item.label])).toEqual([['view', 'Stores']]);
    expect(diff.changed.map((item) => [item.kind, item.label, item.fields])).toEqual([
      ['view', 'Pay', ['name']],
    ]);
  });
});

describe('the guard on views', () => {
  /** The errors the guard finds in what `attack` writes into a live document of `model`. */
  function verdictOf(model: Model, attack: (doc: Y.Doc) => void): string[] {
    const doc = docOf(model);
    const guard = new ModelGuard(doc);
    let errors: string[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      errors = guard.check(transaction).errors.map((e) => `${e.path}: ${e.message}`);
    });
    doc.transact(() => attack(doc), 'candidate');
    return errors;
  }
  const viewMap = (doc: Y.Doc, id: string) => doc.getMap('views').get(id) as Y.Map<unknown>;
  const addView = (doc: Y.Doc, fields: Record<string, unknown>) => {
    doc.getMap('views').set(String(fields.id), new Y.Map(Object.entries(fields)));
    doc.getArray('views:order').push([String(fields.id)]);
  };

  it('accepts valid view edits: a new view, a rename, a move, a longer list', () => {
    expect(
      verdictOf(ecommerce, (doc) => addView(doc, { id: 'v', name: 'V', elements: ['gateway'] })),
    ).toEqual([]);
    expect(verdictOf(withViews, (doc) => viewMap(doc, 'checkout').set('name', 'Renamed'))).toEqual([]);
    expect(
      verdictOf(withViews, (doc) => viewMap(doc, 'checkout').set('positions', { orders: { x: 1, y: 2 } })),
    ).toEqual([]);
    expect(
      verdictOf(withViews, (doc) => viewMap(doc, 'stores').set('elements', ['orders-db', 'gateway'])),
    ).toEqual([]);
    expect(verdictOf(withViews, (doc) => doc.getMap('views').delete('stores'))).toEqual([]);
  });

  it('refuses invalid ones and names the place', () => {
    expect(verdictOf(withViews, (doc) => viewMap(doc, 'checkout').set('elements', 'orders'))).toEqual([
      'views["checkout"].elements: expected an array, got "orders"',
    ]);
    expect(verdictOf(withViews, (doc) => viewMap(doc, 'checkout').set('elements', ['../x']))).toEqual([
      'views["checkout"].elements[0]: must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-", got "../x"',
    ]);
    expect(verdictOf(withViews, (doc) => viewMap(doc, 'checkout').set('name', ''))).toEqual([
      'views["checkout"].name: must not be empty, got ""',
    ]);
    expect(
      verdictOf(withViews, (doc) =>
        viewMap(doc, 'checkout').set('positions', { gw: { x: Number.NaN, y: 0 } }),
      ),
    ).toEqual([
      'views["checkout"].positions.gw.x: NaN is not a number JSON can carry (finite numbers only, at most about 1.8e308)',
    ]);
    // One id space: a view cannot be stored under a node's id.
    expect(verdictOf(ecommerce, (doc) => addView(doc, { id: 'gateway', name: 'G', elements: [] }))).toEqual([
      'views["gateway"].id: "gateway" is already the id of an element of nodes',
    ]);
    expect(verdictOf(withViews, (doc) => viewMap(doc, 'checkout').set('id', 'stores'))).toEqual([
      'views["checkout"].id: must be the id the element is stored under',
    ]);
    // Nor may `views` be written as a top-level value beside its collection.
    expect(verdictOf(ecommerce, (doc) => doc.getMap('model').set('views', []))).toEqual([
      'views: is not a field the model keeps at its top level',
    ]);
  });
});
