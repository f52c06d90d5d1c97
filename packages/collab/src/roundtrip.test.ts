import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Model, parseModelOrThrow, syntheticModel } from '@meshplan/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyModel, collabTypes, docToModel, modelToDoc } from './index.js';

const templatesDir = fileURLToPath(new URL('../../../apps/server/templates/', import.meta.url));
const templates = readdirSync(templatesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(`${templatesDir}${file}`, 'utf8')) as Model] as const);
const ecommerce = templates.find(([file]) => file === 'ecommerce.json')?.[1] as Model;

function docOf(model: Model): Y.Doc {
  const doc = new Y.Doc();
  modelToDoc(model, doc);
  return doc;
}

describe('modelToDoc / docToModel', () => {
  it.each(templates)('round-trips the template %s', (_file, model) => {
    expect(docToModel(docOf(model))).toEqual(model);
  });

  it('round-trips a synthetic model of 50 services, in order, through an update', () => {
    const model = syntheticModel({ services: 50 });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(docOf(model)));
    const read = docToModel(copy);
    expect(read).toEqual(model);
    expect(read.nodes.map((node) => node.id)).toEqual(model.nodes.map((node) => node.id));
    expect(JSON.stringify(read)).toBe(JSON.stringify(model));
  });

  it('keeps unknown fields and tells an absent collection from an empty one', () => {
    const model = {
      format: 'meshplan/v1',
      name: 'x',
      $comment: 'kept, though it starts with $',
      extra: { deep: [1, 'two', null] },
      nodes: [{ id: 'a', kind: 'client', name: 'A', future: true }],
      edges: [],
      sagas: [],
    } as unknown as Model;
    const read = docToModel(docOf(model));
    expect(read).toEqual(model);
    expect('contexts' in read).toBe(false);
    expect(read.sagas).toEqual([]);
  });

  it("keeps an edge's observed figures (drift.md) through the doc and an update", () => {
    const observed = {
      calls: 1520,
      errors: 3,
      p50Ms: 12.5,
      p99Ms: 85,
      from: '2026-08-19T10:00:00Z',
      to: '2026-08-19T11:00:00Z',
    };
    const model = parseModelOrThrow({
      format: 'meshplan/v1',
      name: 'traced',
      nodes: [
        { id: 'a', kind: 'service', name: 'A' },
        { id: 'b', kind: 'service', name: 'B' },
      ],
      edges: [{ id: 'e', kind: 'sync', from: 'a', to: 'b', protocol: 'rest', observed }],
    });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(docOf(model)));
    expect(docToModel(copy).edges[0]?.observed).toEqual(observed);
  });

  it('hands out copies: mutating a read model or the written one leaves the doc alone', () => {
    const model = structuredClone(ecommerce);
    const doc = docOf(model);
    (model.nodes[0] as { position?: unknown }).position = { x: 999, y: 999 };
    const read = docToModel(doc);
    (read as { name: string }).name = 'changed';
    expect(docToModel(doc)).toEqual(ecommerce);
  });

  it('refuses a doc that already holds a model', () => {
    const doc = docOf(ecommerce);
    expect(() => modelToDoc(ecommerce, doc)).toThrow(/empty/);
  });

  it('lists every shared type for an undo manager', () => {
    const doc = docOf(ecommerce);
    // The model map, and a map and an order for each of contexts, nodes, edges, sagas and views.
    expect(collabTypes(doc)).toHaveLength(11);
  });
});

/** A model's elements, mutated: the kind of edits an editor makes, valid or not. */
const edit = fc.oneof(
  fc.record({
    op: fc.constant('remove'),
    collection: fc.constantFrom('contexts', 'nodes', 'edges', 'sagas'),
    at: fc.nat(),
  }),
  fc.record({
    op: fc.constant('copy'),
    collection: fc.constantFrom('contexts', 'nodes', 'edges', 'sagas'),
    at: fc.nat(),
    to: fc.nat(),
  }),
  fc.record({
    op: fc.constant('move'),
    collection: fc.constantFrom('contexts', 'nodes', 'edges', 'sagas'),
    at: fc.nat(),
    to: fc.nat(),
  }),
  fc.record({
    op: fc.constant('set'),
    collection: fc.constantFrom('contexts', 'nodes', 'edges', 'sagas'),
    at: fc.nat(),
    field: fc.constantFrom('name', 'description', 'position', 'team', 'future', 'api'),
    value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
  }),
  fc.record({
    op: fc.constant('top'),
    field: fc.constantFrom('name', 'description', 'settings', 'id', '$extra', 'contexts', 'sagas'),
    value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
  }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

let copies = 0;
function mutate(base: Model, edits: Edit[]): Model {
  const model = structuredClone(base) as unknown as Record<string, unknown>;
  for (const change of edits) {
    if (change.op === 'top') {
      // `contexts`/`sagas` become absent or empty; other fields take the value or go.
      if (change.field === 'contexts' || change.field === 'sagas') {
        if (change.value === undefined) delete model[change.field];
        else if (!Array.isArray(model[change.field])) model[change.field] = [];
      } else if (change.value === undefined) delete model[change.field];
      else model[change.field] = change.value;
      continue;
    }
    const list = (model[change.collection] ?? []) as Record<string, unknown>[];
    if (list.length === 0) continue;
    const at = change.at % list.length;
    const element = list[at] as Record<string, unknown>;
    if (change.op === 'remove') list.splice(at, 1);
    else if (change.op === 'copy')
      list.splice(change.to % (list.length + 1), 0, { ...element, id: `copy-${copies++}` });
    else if (change.op === 'move') {
      list.splice(at, 1);
      list.splice(change.to % (list.length + 1), 0, element);
    } else if (change.value === undefined) delete element[change.field];
    else element[change.field] = change.value;
  }
  return model as unknown as Model;
}

describe('applyModel', () => {
  it('makes the doc equal any edited model, and a second apply changes nothing', () => {
    const bases = [ecommerce, syntheticModel({ services: 12 }), ...templates.map(([, model]) => model)];
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.array(edit, { maxLength: 12 }),
        fc.array(edit, { maxLength: 12 }),
        (base, editsA, editsB) => {
          const a = mutate(base, editsA);
          const b = mutate(base, editsB);
          const doc = docOf(a);
          expect(docToModel(doc)).toEqual(a);
          expect(applyModel(doc, b)).toBe(!deepEqualJson(a, b));
          expect(docToModel(doc)).toEqual(b);
          expect(applyModel(doc, b)).toBe(false);
          // Another peer reading the updates sees the same model.
          const peer = new Y.Doc();
          Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
          expect(docToModel(peer)).toEqual(b);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reports no change for the same model', () => {
    const doc = docOf(ecommerce);
    expect(applyModel(doc, structuredClone(ecommerce))).toBe(false);
  });

  it('touches only the fields that changed', () => {
    const doc = docOf(ecommerce);
    const changedKeys: string[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const [type, keys] of transaction.changed) {
        for (const key of keys) changedKeys.push(key === null ? `${type.constructor.name}[]` : key);
      }
    });
    const next = structuredClone(ecommerce);
    const node = next.nodes[3] as { name: string; team?: string };
    node.name = 'Renamed';
    delete node.team;
    expect(applyModel(doc, next, 'local')).toBe(true);
    expect(changedKeys.sort()).toEqual(['name', 'team']);
  });

  it('moves an element in the order by one delete and one insert', () => {
    const doc = docOf(ecommerce);
    const next = structuredClone(ecommerce);
    const [first] = next.nodes.splice(0, 1);
    next.nodes.push(first as Model['nodes'][number]);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(applyModel(doc, next)).toBe(true);
    expect(updates).toBe(1);
    expect(doc.getArray('nodes:order').length).toBe(next.nodes.length);
    expect(docToModel(doc)).toEqual(next);
  });

  it('is undone by a Y.UndoManager tracking the local origin', () => {
    const doc = docOf(ecommerce);
    const undo = new Y.UndoManager(collabTypes(doc), { trackedOrigins: new Set(['local']) });
    const next = structuredClone(ecommerce);
    next.name = 'Renamed shop';
    next.nodes.splice(1, 1);
    next.nodes.push({ id: 'new-svc', kind: 'service', name: 'New' });
    expect(applyModel(doc, next, 'local')).toBe(true);
    expect(docToModel(doc)).toEqual(next);
    undo.undo();
    expect(docToModel(doc)).toEqual(ecommerce);
    undo.redo();
    expect(docToModel(doc)).toEqual(next);
  });

  it('keeps a parsed model valid through the doc', () => {
    const model = syntheticModel({ services: 20 });
    expect(() => parseModelOrThrow(docToModel(docOf(model)))).not.toThrow();
  });
});

function deepEqualJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
