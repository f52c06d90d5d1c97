import { type Model, parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyModel, diffModels, docToModel, jsonEqual, modelToDoc } from './index.js';
import { cloneJson } from './json.js';

/** A model with prototype-named keys where users write keys: schemas, env, unknown fields. */
function modelWithPrototypeKeys(): Model {
  // JSON.parse makes `__proto__` an own key, as a request body would.
  return JSON.parse(`{
    "format": "meshplan/v1", "name": "Keys",
    "nodes": [{
      "id": "orders", "kind": "service", "name": "Orders", "__proto__": "field",
      "runtime": { "env": { "__proto__": "x", "constructor": "y", "prototype": "z", "$__proto__": "w" } },
      "api": { "style": "rest", "endpoints": [{ "method": "POST", "path": "/orders",
        "request": { "type": "object", "properties": {
          "__proto__": { "type": "string" }, "constructor": { "type": "object",
            "properties": { "prototype": { "type": "number" }, "__proto__": { "type": "boolean" } } } } } }] }
    }],
    "edges": [],
    "__proto__": { "top": true }
  }`) as Model;
}

/** The doc as another peer gets it: encoded, sent, decoded into a doc of its own. */
function throughTheWire(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('keys named __proto__, constructor and prototype', () => {
  it('round-trip model → Y.Doc → update → another Y.Doc → model as data', () => {
    const model = modelWithPrototypeKeys();
    expect(parseModel(model).ok).toBe(true);
    const doc = new Y.Doc();
    modelToDoc(model, doc);
    const local = docToModel(doc);
    const remote = docToModel(throughTheWire(doc));
    for (const read of [local, remote]) {
      expect(JSON.stringify(read)).toBe(JSON.stringify(model));
      const env = (read.nodes[0] as { runtime: { env: Record<string, string> } }).runtime.env;
      expect(Object.keys(env)).toEqual(['__proto__', 'constructor', 'prototype', '$__proto__']);
      expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
      expect(Object.hasOwn(read, '__proto__')).toBe(true);
    }
    expect(({} as Record<string, unknown>).top).toBeUndefined();
  });

  it('survive live edits: a change next to them keeps them, removing one is a change', () => {
    const model = modelWithPrototypeKeys();
    const doc = new Y.Doc();
    modelToDoc(model, doc);
    const edited = JSON.parse(JSON.stringify(model)) as Model;
    (edited.nodes[0] as { runtime: { env: Record<string, string> } }).runtime.env.PORT = '80';
    expect(applyModel(doc, edited)).toBe(true);
    expect(JSON.stringify(docToModel(throughTheWire(doc)))).toBe(JSON.stringify(edited));
    // Applying the same model again changes nothing.
    expect(applyModel(doc, JSON.parse(JSON.stringify(edited)) as Model)).toBe(false);

    const without = JSON.parse(JSON.stringify(edited)) as Model & Record<string, unknown>;
    Reflect.deleteProperty(without.nodes[0] as object, '__proto__');
    expect(Object.hasOwn(without.nodes[0] as object, '__proto__')).toBe(false);
    expect(applyModel(doc, without)).toBe(true);
    expect(JSON.stringify(docToModel(throughTheWire(doc)))).toBe(JSON.stringify(without));
    expect(diffModels(edited, without).changed.map((item) => item.fields)).toEqual([['__proto__']]);
  });
});

describe('no recursion over values', () => {
  const nested = (levels: number) => {
    const root: Record<string, unknown> = {};
    let current = root;
    for (let i = 1; i < levels; i++) {
      const next: Record<string, unknown> = {};
      current.a = [next];
      current = next;
    }
    return root;
  };

  it('compares and copies values nested 100,000 levels deep', () => {
    const a = nested(100_000);
    const b = nested(100_000);
    expect(jsonEqual(a, b)).toBe(true);
    const copy = cloneJson(a);
    expect(copy === a).toBe(false);
    expect(jsonEqual(copy, a)).toBe(true);
    const diffs = nested(100_000);
    let leaf = diffs;
    while (Array.isArray(leaf.a)) leaf = leaf.a[0] as Record<string, unknown>;
    leaf.b = 1;
    expect(jsonEqual(a, diffs)).toBe(false);
  });
});
