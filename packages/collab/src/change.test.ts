import {
  EDGE_KINDS,
  type EdgeKind,
  type Model,
  referenceErrors,
  structureErrors,
  syntheticModel,
} from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { modelToDoc } from './apply.js';
import { applyChange, changeBetween, changeErrors, readChange } from './change.js';
import { docToModel } from './layout.js';

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

type Edit = (model: Model, pick: () => number) => Model;

const index = (length: number, pick: () => number) => Math.floor(pick() * length);

/** Edits as an editor makes them: new objects on the path to what changed, the rest shared. */
const EDITS: Edit[] = [
  (model, pick) => {
    const i = index(model.nodes.length, pick);
    return { ...model, nodes: model.nodes.map((n, k) => (k === i ? { ...n, name: `${n.name}!` } : n)) };
  },
  (model, pick) => {
    const i = index(model.nodes.length, pick);
    return {
      ...model,
      nodes: model.nodes.map((n, k) =>
        k === i ? { ...n, position: { x: k * 3, y: Math.round(pick() * 900) } } : n,
      ),
    };
  },
  (model, pick) => {
    const a = model.nodes[index(model.nodes.length, pick)];
    const b = model.nodes[index(model.nodes.length, pick)];
    if (a === undefined || b === undefined || a.kind !== 'service' || b.kind !== 'service') return model;
    const id = `e-new-${model.edges.length}-${Math.round(pick() * 1e6)}`;
    return {
      ...model,
      edges: [...model.edges, { id, kind: 'sync', from: a.id, to: b.id, protocol: 'rest' }],
    };
  },
  (model, pick) => {
    const i = index(model.edges.length, pick);
    return { ...model, edges: model.edges.filter((_, k) => k !== i) };
  },
  (model) => ({ ...model, name: `${model.name}.` }),
  (model, pick) => {
    // A move within the array: the order changes, no element does.
    const i = index(model.edges.length, pick);
    const moved = model.edges[i];
    if (moved === undefined) return model;
    const rest = model.edges.filter((_, k) => k !== i);
    return { ...model, edges: [moved, ...rest] };
  },
  (model) => ({ ...model, contexts: model.contexts === undefined ? [] : undefined }),
];

describe('changes that cost what they touch', () => {
  it('writes a change into the doc so that every peer reads the model it came from', () => {
    let applied = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const pick = random(seed);
      let model = syntheticModel({ services: 12, seed });
      const local = new Y.Doc();
      const remote = new Y.Doc();
      modelToDoc(model, local);
      Y.applyUpdate(remote, Y.encodeStateAsUpdate(local));
      let seen = docToModel(remote);
      remote.on('afterTransaction', (transaction: Y.Transaction) => {
        seen = readChange(remote, transaction, seen);
      });
      local.on('update', (update: Uint8Array) => Y.applyUpdate(remote, update));
      for (let step = 0; step < 25; step++) {
        const edit = EDITS[index(EDITS.length, pick)] as Edit;
        const next = edit(model, pick);
        const change = changeBetween(model, next);
        if (changeErrors(next, change).length > 0) continue;
        applyChange(local, next, change, 'local');
        model = next;
        applied++;
        expect(docToModel(local), `seed ${seed}, step ${step}`).toEqual(JSON.parse(JSON.stringify(model)));
        expect(seen, `seed ${seed}, step ${step}`).toEqual(docToModel(remote));
      }
    }
    expect(applied).toBeGreaterThan(600);
  });

  it('reads again only what a change touched: the other elements stay the same objects', () => {
    const model = syntheticModel({ services: 50, seed: 3 });
    const doc = new Y.Doc();
    modelToDoc(model, doc);
    const before = docToModel(doc);
    const first = before.nodes[0];
    if (first === undefined) throw new Error('no node');
    let after = before;
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      after = readChange(doc, transaction, after);
    });
    const renamed = {
      ...before,
      nodes: before.nodes.map((n, i) => (i === 7 ? { ...n, name: 'Renamed' } : n)),
    };
    applyChange(doc, renamed, changeBetween(before, renamed));
    expect(after.nodes[7]?.name).toBe('Renamed');
    expect(after.nodes[0]).toBe(first);
    expect(after.edges).toBe(before.edges);
  });

  it('finds only the elements that are new objects, and whether links changed', () => {
    const model = syntheticModel({ services: 20, seed: 5 });
    const renamed = { ...model, nodes: model.nodes.map((n, i) => (i === 2 ? { ...n, name: 'X' } : n)) };
    const change = changeBetween(model, renamed);
    expect(change.top).toBe(false);
    expect([...change.collections.keys()]).toEqual(['nodes']);
    expect(change.collections.get('nodes')).toMatchObject({
      at: [2],
      removed: [],
      reordered: false,
      relinked: false,
    });
  });

  it('names the place of an error in the whole model, not in the part it checked', () => {
    const model = syntheticModel({ services: 20, seed: 5 });
    const broken = {
      ...model,
      nodes: model.nodes.map((n, i) => (i === 9 ? { ...n, name: 42 as unknown as string } : n)),
    };
    expect(changeErrors(broken, changeBetween(model, broken))[0]?.path).toBe('nodes[9].name');
    const [edge] = model.edges;
    if (edge === undefined) throw new Error('no edge');
    const dangling = { ...model, edges: [...model.edges, { ...edge, id: 'e-x', to: 'svc-nowhere' }] };
    expect(changeErrors(dangling, changeBetween(model, dangling))).toContainEqual({
      path: `edges[${model.edges.length}].to`,
      message: 'no node "svc-nowhere"',
    });
  });
});

describe('a connection drawn: the appended edges checked alone', () => {
  it('refuses exactly what the whole check refuses', () => {
    const base = syntheticModel({ services: 30 });
    const ids = [
      ...base.nodes.map((n) => n.id),
      ...(base.contexts ?? []).map((c) => c.id),
      base.edges[0]?.id ?? 'e',
      'nowhere',
    ];
    const services = base.nodes.filter((n) => n.kind === 'service').map((n) => n.id);
    const pick = random(7);
    let refused = 0;
    let accepted = 0;
    for (let round = 0; round < 400; round++) {
      const count = 1 + index(2, pick);
      // Every edge well formed (a sync call names its protocol): only references can be wrong.
      const added = Array.from({ length: count }, (_, k) => {
        const plausible = pick() < 0.5;
        const kind = plausible ? 'sync' : (EDGE_KINDS[index(EDGE_KINDS.length, pick)] as EdgeKind);
        const end = () =>
          plausible && pick() < 0.9
            ? (services[index(services.length, pick)] as string)
            : (ids[index(ids.length, pick)] as string);
        return {
          id:
            pick() < 0.1
              ? (ids[index(ids.length, pick)] as string)
              : `new-${round}-${k % (pick() < 0.1 ? 1 : 2)}`,
          kind,
          from: end(),
          to: end(),
          ...(kind === 'sync' ? { protocol: 'rest' } : {}),
        };
      });
      const after = { ...base, edges: [...base.edges, ...added] } as Model;
      // A kind that needs more fields than these is the schema's to refuse: not this test's.
      if (structureErrors(after).length > 0) continue;
      const errors = changeErrors(after, changeBetween(base, after));
      const whole = referenceErrors(after);
      expect(errors.length > 0, `round ${round}: ${JSON.stringify(added)}`).toBe(whole.length > 0);
      if (whole.length > 0) {
        expect(errors).toEqual(whole);
        refused++;
      } else accepted++;
    }
    // Both answers were asked for: some connections fit, some do not.
    expect(refused).toBeGreaterThan(20);
    expect(accepted).toBeGreaterThan(20);
  });
});
