import { readFileSync } from 'node:fs';
import { type Model, parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyModel, docToModel, modelToDoc, repairModel } from './index.js';

const ecommerce = JSON.parse(
  readFileSync(new URL('../../../apps/server/templates/ecommerce.json', import.meta.url), 'utf8'),
) as Model;

/** Two peers that start from the same doc, as a collaboration server would set them up. */
function twoPeers(model: Model): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  modelToDoc(model, a);
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

function edit(doc: Y.Doc, change: (model: Model) => void): void {
  const model = docToModel(doc);
  change(model);
  applyModel(doc, model, 'local');
}

function node(model: Model, id: string) {
  const found = model.nodes.find((n) => n.id === id);
  if (found === undefined) throw new Error(`no node ${id}`);
  return found;
}

const [x, y] = ecommerce.nodes.filter((n) => n.kind === 'service').map((n) => n.id) as [string, string];

describe('concurrent edits', () => {
  it('keeps a rename of one node and a move of another', () => {
    const [a, b] = twoPeers(ecommerce);
    edit(a, (model) => {
      node(model, x).name = 'Renamed by A';
    });
    edit(b, (model) => {
      node(model, y).position = { x: 1234, y: 5678 };
    });
    exchange(a, b);
    const merged = docToModel(a);
    expect(merged).toEqual(docToModel(b));
    expect(node(merged, x).name).toBe('Renamed by A');
    expect(node(merged, y).position).toEqual({ x: 1234, y: 5678 });
  });

  it('keeps a rename and a move of the same node', () => {
    const [a, b] = twoPeers(ecommerce);
    edit(a, (model) => {
      node(model, x).name = 'Renamed by A';
    });
    edit(b, (model) => {
      node(model, x).position = { x: 1, y: 2 };
    });
    exchange(a, b);
    const merged = docToModel(b);
    expect(node(merged, x)).toMatchObject({ name: 'Renamed by A', position: { x: 1, y: 2 } });
  });

  it('settles two values of one field on the same one in both docs', () => {
    const [a, b] = twoPeers(ecommerce);
    edit(a, (model) => {
      node(model, x).name = 'Name from A';
    });
    edit(b, (model) => {
      node(model, x).name = 'Name from B';
    });
    exchange(a, b);
    const name = node(docToModel(a), x).name;
    expect(['Name from A', 'Name from B']).toContain(name);
    expect(node(docToModel(b), x).name).toBe(name);
    expect(docToModel(a)).toEqual(docToModel(b));
  });

  it('leaves an edge to a node deleted concurrently for repairModel to remove', () => {
    const [a, b] = twoPeers(ecommerce);
    edit(a, (model) => {
      model.nodes = model.nodes.filter((n) => n.id !== x);
      model.edges = model.edges.filter((e) => e.from !== x && e.to !== x);
    });
    edit(b, (model) => {
      model.edges.push({ id: 'e-new', kind: 'sync', from: y, to: x, protocol: 'rest' });
    });
    exchange(a, b);
    const merged = docToModel(a);
    expect(merged).toEqual(docToModel(b));
    expect(merged.edges.some((e) => e.id === 'e-new')).toBe(true);
    expect(parseModel(merged).ok).toBe(false);

    const { model: repaired, repairs } = repairModel(merged);
    expect(repaired.edges.some((e) => e.id === 'e-new')).toBe(false);
    expect(repairs).toHaveLength(1);
    expect(repairs[0]).toMatch(/^Removed sync edge ".+ → .+": node ".+" no longer exists$/);
    expect(parseModel(repaired)).toMatchObject({ ok: true });
  });

  it('keeps nodes added by both peers, in the same order in both docs', () => {
    const [a, b] = twoPeers(ecommerce);
    edit(a, (model) => {
      model.nodes.push({ id: 'added-by-a', kind: 'service', name: 'A' });
    });
    edit(b, (model) => {
      model.nodes.push({ id: 'added-by-b', kind: 'service', name: 'B' });
    });
    exchange(a, b);
    const idsA = docToModel(a).nodes.map((n) => n.id);
    const idsB = docToModel(b).nodes.map((n) => n.id);
    expect(idsA).toEqual(idsB);
    expect(idsA).toEqual(expect.arrayContaining(['added-by-a', 'added-by-b']));
    expect(idsA).toHaveLength(ecommerce.nodes.length + 2);
    expect(a.getArray('nodes:order').toArray()).toEqual(b.getArray('nodes:order').toArray());
  });

  it('reads one element once when two peers move it to different places', () => {
    const [a, b] = twoPeers(ecommerce);
    edit(a, (model) => {
      const [first] = model.nodes.splice(0, 1);
      model.nodes.push(first as Model['nodes'][number]);
    });
    edit(b, (model) => {
      const [first] = model.nodes.splice(0, 1);
      model.nodes.splice(3, 0, first as Model['nodes'][number]);
    });
    exchange(a, b);
    const merged = docToModel(a);
    expect(merged).toEqual(docToModel(b));
    expect(merged.nodes).toHaveLength(ecommerce.nodes.length);
    expect(new Set(merged.nodes.map((n) => n.id)).size).toBe(ecommerce.nodes.length);
    // Writing the merged model back cleans the repeated id out of the order.
    applyModel(a, merged);
    expect(a.getArray('nodes:order').length).toBe(ecommerce.nodes.length);
  });

  it('keeps a node edited by one peer out when the other deleted it', () => {
    const [a, b] = twoPeers(ecommerce);
    edit(a, (model) => {
      model.nodes = model.nodes.filter((n) => n.id !== x);
      model.edges = model.edges.filter((e) => e.from !== x && e.to !== x);
    });
    edit(b, (model) => {
      node(model, x).name = 'Edited';
    });
    exchange(a, b);
    expect(docToModel(a)).toEqual(docToModel(b));
    expect(docToModel(a).nodes.some((n) => n.id === x)).toBe(false);
  });
});
