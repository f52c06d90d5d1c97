import { modelToDoc } from '@meshplan/collab';
import type { Model } from '@meshplan/model';
import { lint } from '@meshplan/rules';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toFlow } from '../canvas/mapping.js';
import { type Commands, createCommands } from './commands.js';
import { canEdit, createEditorStore, type EditorStore, whyReadOnly, withMoves } from './editor.js';

const blank: Model = { format: 'meshplan/v1', name: 'Test', nodes: [], edges: [], contexts: [] };

// A fresh store per test: no module state carries from one to the next.
let store: EditorStore;
let commands: Commands;
const state = () => store.getState();

beforeEach(() => {
  store = createEditorStore({ modelId: 'm1', model: structuredClone(blank), solo: true });
  commands = createCommands(store);
});
afterEach(() => store.dispose());

/** Another person's document, synced both ways with the store's (what the room does). */
function peer(): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(store.doc));
  other.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'wire') Y.applyUpdate(store.doc, update, 'wire');
  });
  store.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'wire') Y.applyUpdate(other, update, 'wire');
  });
  return other;
}

const frame = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('history', () => {
  it('makes every change one undoable step, and redoes it', () => {
    const a = commands.addNode('service', { x: 0, y: 0 });
    const b = commands.addNode('datastore', { x: 300, y: 0 });
    expect(state().model.nodes.map((n) => n.id)).toEqual([a, b]);
    expect(state().canUndo).toBe(true);
    expect(state().canRedo).toBe(false);
    state().undo();
    expect(state().model.nodes.map((n) => n.id)).toEqual([a]);
    expect(state().canRedo).toBe(true);
    state().undo();
    expect(state().model.nodes).toEqual([]);
    expect(state().canUndo).toBe(false);
    state().redo();
    state().redo();
    expect(state().model.nodes.map((n) => n.id)).toEqual([a, b]);
    expect(state().canRedo).toBe(false);
  });

  it('records a drag as one step, however many moves it has', async () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    state().beginGesture();
    for (let x = 1; x <= 20; x++) state().moveQuietly(new Map([[a, { x, y: 0 }]]));
    await new Promise((resolve) => setTimeout(resolve, 60));
    state().endGesture();
    expect(state().model.nodes[0]?.position).toEqual({ x: 20, y: 0 });
    state().undo();
    expect(state().model.nodes[0]?.position).toEqual({ x: 0, y: 0 });
    state().undo();
    expect(state().model.nodes).toEqual([]);
  });

  it('makes each arrow-key move (a move with no gesture) a step of its own', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    state().moveQuietly(new Map([[a, { x: 5, y: 0 }]]));
    state().moveQuietly(new Map([[a, { x: 10, y: 0 }]]));
    state().undo();
    expect(state().model.nodes[0]?.position).toEqual({ x: 5, y: 0 });
  });

  it('keeps the content model while a drag only moves things, so views without positions stay put', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const before = state().content;
    expect(before).toBe(state().model);
    state().beginGesture();
    state().moveQuietly(new Map([[a, { x: 50, y: 60 }]]));
    // The canvas draws the drag over the model; nothing else is woken on each frame.
    expect(withMoves(state().model, store.moves.getState()).nodes[0]?.position).toEqual({ x: 50, y: 60 });
    expect(state().model).toBe(before);
    expect(state().content).toBe(before);
    state().endGesture();
    expect(store.moves.getState().positions.size).toBe(0);
    expect(state().model.nodes[0]?.position).toEqual({ x: 50, y: 60 });
    expect(state().content).toBe(state().model);
    state().undo();
    expect(state().content).toBe(state().model);
  });

  it('leaves selection out of history', () => {
    commands.addNode('service', { x: 0, y: 0 });
    state().select(['x']);
    state().undo();
    expect(state().canRedo).toBe(true);
    expect(state().model.nodes).toEqual([]);
  });

  it('refuses a change that would make the model invalid, and keeps the model and the document', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const before = state().model;
    const written = Y.encodeStateVector(store.doc);
    const errors = state().change('Break', (draft) => {
      const node = draft.nodes.find((n) => n.id === a);
      if (node) node.name = 5 as unknown as string;
    });
    expect(errors[0]).toMatch(/^nodes\[0\]\.name: expected a string/);
    expect(state().model).toBe(before);
    expect(Y.encodeStateVector(store.doc)).toEqual(written);
  });

  it('keeps unchanged elements as the same objects: a change costs what it touches', () => {
    for (let i = 0; i < 5; i++) commands.addNode('service', { x: i * 200, y: 0 });
    const [first, second] = state().model.nodes;
    commands.setField(second?.id as string, 'Rename', ['name'], 'Orders');
    expect(state().model.nodes[0]).toBe(first);
    expect(state().model.nodes[1]?.name).toBe('Orders');
    state().undo();
    expect(state().model.nodes[0]).toBe(first);
    expect(state().model.nodes[1]?.name).not.toBe('Orders');
  });
});

describe('writes held back until the browser is idle', () => {
  /** A store whose document writes wait for `paint()`, as the editor's wait for the painted frame. */
  function heldStore() {
    const pending: Array<() => void> = [];
    const held = createEditorStore({
      modelId: 'm2',
      model: structuredClone(blank),
      solo: true,
      holdWrites: (write) => pending.push(write),
    });
    const paint = () => {
      for (const write of pending.splice(0)) write();
    };
    return { held, heldCommands: createCommands(held), paint };
  }
  const docNodes = (doc: Y.Doc) => doc.getMap('nodes').size;

  it('shows a change at once and writes it into the document after the frame', () => {
    const { held, heldCommands, paint } = heldStore();
    const a = heldCommands.addNode('service', { x: 0, y: 0 });
    expect(held.getState().model.nodes.map((n) => n.id)).toEqual([a]);
    expect(docNodes(held.doc)).toBe(0);
    expect(held.getState().canUndo).toBe(false);
    // Not yet sent: the status must not say "Saved".
    expect(held.getState().writesHeld).toBe(true);
    paint();
    expect(docNodes(held.doc)).toBe(1);
    expect(held.getState().canUndo).toBe(true);
    expect(held.getState().writesHeld).toBe(false);
    held.dispose();
  });

  it('tells its subscribers once per command, the change shown and the writes held together', async () => {
    const { held, heldCommands, paint } = heldStore();
    const a = heldCommands.addNode('service', { x: 0, y: 0 }) as string;
    paint();
    const told: boolean[] = [];
    const unsubscribe = held.subscribe((state) => told.push(state.writesHeld));
    heldCommands.rename(a, 'Orders');
    expect(told).toEqual([true]);
    expect(held.getState().model.nodes[0]?.name).toBe('Orders');
    // A step cut with nothing shown (a gesture begins) says so before the task goes on.
    paint();
    told.length = 0;
    held.getState().beginGesture();
    expect(told).toEqual([]);
    await Promise.resolve();
    expect(told).toEqual([true]);
    unsubscribe();
    held.dispose();
  });

  it('keeps each held change a step of its own, and writes them before an undo', () => {
    const { held, heldCommands } = heldStore();
    const a = heldCommands.addNode('service', { x: 0, y: 0 });
    const b = heldCommands.addNode('datastore', { x: 300, y: 0 });
    held.getState().moveQuietly(new Map([[a as string, { x: 40, y: 0 }]]));
    // Nothing painted yet: the undo writes all three first, then takes back the last only.
    held.getState().undo();
    expect(held.getState().model.nodes.map((n) => [n.id, n.position?.x])).toEqual([
      [a, 0],
      [b, 300],
    ]);
    held.getState().undo();
    expect(held.getState().model.nodes.map((n) => n.id)).toEqual([a]);
    held.getState().redo();
    held.getState().redo();
    expect(held.getState().model.nodes.map((n) => [n.id, n.position?.x])).toEqual([
      [a, 40],
      [b, 300],
    ]);
    held.dispose();
  });

  it("reads another person's change on top of what this person's held writes changed", () => {
    const { held, heldCommands } = heldStore();
    const a = heldCommands.addNode('service', { x: 0, y: 0 }) as string;
    held.writeHeldBack();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(held.doc));
    heldCommands.rename(a, 'Orders');
    // What the live session does before a message of the room's is read.
    held.writeHeldBack();
    const remote = other.getMap('nodes').get(a) as Y.Map<unknown>;
    remote.set('technology', 'go');
    Y.applyUpdate(held.doc, Y.encodeStateAsUpdate(other), 'wire');
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        const node = held.getState().model.nodes.find((n) => n.id === a);
        expect(node?.name).toBe('Orders');
        expect(node?.technology).toBe('go');
        held.dispose();
        resolve();
      }, 20),
    );
  });

  it('writes what it holds when the model closes', () => {
    const { held, heldCommands } = heldStore();
    heldCommands.addNode('service', { x: 0, y: 0 });
    const doc = held.doc;
    let updates = 0;
    doc.on('update', () => updates++);
    held.dispose();
    expect(updates).toBe(1);
  });
});

describe('live: the document is the model, alone or with others', () => {
  it("shows another person's change without making it a step of this person's history", async () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const other = peer();
    // The other person renames the node in their document.
    const element = other.getMap<Y.Map<unknown>>('nodes').get(a);
    element?.set('name', 'Theirs');
    await frame();
    expect(state().model.nodes[0]?.name).toBe('Theirs');
    // Undo takes back this person's own change (the add), not theirs.
    state().undo();
    expect(state().model.nodes).toEqual([]);
    expect(state().canUndo).toBe(false);
  });

  it('moves between solo and live as people come and go, and stays editable', () => {
    expect(state().mode).toEqual({ kind: 'solo' });
    state().peersChanged([{ clientId: 2, name: 'Ana', role: 'edit', color: '#000', selection: [] }]);
    expect(state().mode).toEqual({ kind: 'live' });
    expect(canEdit(state())).toBe(true);
    state().peersChanged([]);
    expect(state().mode).toEqual({ kind: 'solo' });
  });

  it('keeps the very model the server sent when the room holds the same: nothing is drawn again', () => {
    const sent = structuredClone(blank);
    sent.nodes.push({ id: 's', kind: 'service', name: 'S', position: { x: 1, y: 2 } });
    const opening = createEditorStore({ modelId: 'm4', model: sent });
    const room = new Y.Doc();
    try {
      modelToDoc(structuredClone(sent), room);
      Y.applyUpdate(opening.doc, Y.encodeStateAsUpdate(room));
      const fits = opening.getState().fitRequest;
      opening.getState().opened('owner');
      expect(opening.getState().model).toBe(sent);
      expect(opening.getState().fitRequest).toBe(fits);
      // The room moved a node since: that node is new, the rest stays, and the view fits again.
      const other = createEditorStore({ modelId: 'm5', model: sent });
      room.getMap<Y.Map<unknown>>('nodes').get('s')?.set('position', { x: 50, y: 60 });
      Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(room));
      other.getState().opened('owner');
      expect(other.getState().model).not.toBe(sent);
      expect(other.getState().model.nodes[0]?.position).toEqual({ x: 50, y: 60 });
      expect(other.getState().fitRequest).toBe(1);
      other.dispose();
    } finally {
      opening.dispose();
    }
  });

  it('opens read-only until the first sync, then in the mode the credential allows', () => {
    const opening = createEditorStore({ modelId: 'm2', model: blank });
    try {
      expect(opening.getState().mode.kind).toBe('opening');
      expect(canEdit(opening.getState())).toBe(false);
      Y.applyUpdate(opening.doc, Y.encodeStateAsUpdate(store.doc));
      opening.getState().opened('view');
      expect(opening.getState().mode).toEqual({ kind: 'link', role: 'view' });
      expect(whyReadOnly(opening.getState())).toBe('This link can view the model, not change it.');
    } finally {
      opening.dispose();
    }
  });
});

describe('read-only', () => {
  it('changes nothing through a view link or while a revision is on show, and says why', () => {
    expect(canEdit(state())).toBe(true);
    expect(whyReadOnly(state())).toBeUndefined();
    state().showRevision({ title: 'Revision 1, read-only', model: blank, revision: 1 });
    expect(canEdit(state())).toBe(false);
    expect(commands.addNode('service', { x: 0, y: 0 })).toBeUndefined();
    expect(state().message).toBe('Back to the current model to change it.');
    const rename = (draft: Model) => {
      draft.name = 'x';
    };
    expect(state().change('Rename', rename)).toEqual(['read-only']);
    expect(state().model.nodes).toEqual([]);
    state().backToModel();
    expect(state().mode).toEqual({ kind: 'solo' });

    const viewer = createEditorStore({
      modelId: 'm3',
      model: { ...blank, contexts: [{ id: 'c', name: 'C' }] },
    });
    try {
      viewer.getState().opened('view');
      expect(createCommands(viewer).addNode('service', { x: 0, y: 0 })).toBeUndefined();
      expect(viewer.getState().message).toBe('This link can view the model, not change it.');
      // Not even a drag moves anything.
      const before = viewer.getState().model;
      viewer.getState().beginGesture();
      viewer.getState().moveQuietly(new Map([['c', { x: 5, y: 5 }]]));
      expect(viewer.getState().model).toBe(before);
      expect(viewer.getState().canUndo).toBe(false);
    } finally {
      viewer.dispose();
    }
  });

  it('keeps what one model showed out of the next: each opened model has its own store', () => {
    state().showRevision({ title: 'Revision 1, read-only', model: blank, revision: 1 });
    const next = createEditorStore({ modelId: 'other', model: { ...blank, name: 'B' }, solo: true });
    try {
      expect(next.getState().mode).toEqual({ kind: 'solo' });
      expect(next.getState().model.name).toBe('B');
      expect(canEdit(next.getState())).toBe(true);
    } finally {
      next.dispose();
    }
  });
});

describe('commands', () => {
  it('connects nodes with an edge kind that fits, and refuses one that does not', () => {
    const service = commands.addNode('service', { x: 0, y: 0 }) as string;
    const datastore = commands.addNode('datastore', { x: 300, y: 0 }) as string;
    const topic = commands.addNode('topic', { x: 600, y: 0 }) as string;
    expect(commands.connect(service, datastore, 'data')).toBe(true);
    expect(commands.connect(datastore, topic, 'publish')).toBe(false);
    expect(state().message).toBe('A publish edge cannot go from a datastore to a topic.');
    expect(state().model.edges.map((e) => e.kind)).toEqual(['data']);
  });

  it('puts a node added inside a context into it', () => {
    commands.addContext({ x: 0, y: 0 });
    const inside = commands.addNode('service', { x: 100, y: 100 }) as string;
    const outside = commands.addNode('service', { x: 2000, y: 100 }) as string;
    const nodes = state().model.nodes;
    expect(nodes.find((n) => n.id === inside)?.context).toBe(state().model.contexts?.[0]?.id);
    expect(nodes.find((n) => n.id === outside)?.context).toBeUndefined();
  });

  it('adds a saga and selects it for the inspector', () => {
    commands.addSaga();
    expect(state().model.sagas?.map((saga) => saga.name)).toEqual(['Saga 1']);
    expect(state().selection).toEqual([state().model.sagas?.[0]?.id]);
  });

  it('deletes a node with its edges', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const b = commands.addNode('datastore', { x: 300, y: 0 }) as string;
    commands.connect(a, b, 'data');
    commands.remove([b]);
    expect(state().model.nodes.map((n) => n.id)).toEqual([a]);
    expect(state().model.edges).toEqual([]);
  });

  it('copies and pastes nodes as new ones, selected', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    state().select([a]);
    commands.copy();
    commands.paste();
    expect(state().model.nodes.map((n) => n.name)).toEqual(['New service', 'New service (copy)']);
    expect(state().selection).toEqual([`${a}-copy`]);
  });

  it('applies a fix as one step, placing what it adds', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const b = commands.addNode('service', { x: 200, y: 0 }) as string;
    const datastore = commands.addNode('datastore', { x: 100, y: 200 }) as string;
    commands.connect(a, datastore, 'data');
    commands.connect(b, datastore, 'data');
    const finding = lint(state().model).find((f) => f.rule === 'shared-datastore');
    expect(finding?.fix).toBeDefined();
    commands.applyFinding(finding as NonNullable<typeof finding>);
    expect(lint(state().model).map((f) => f.rule)).not.toContain('shared-datastore');
    expect(state().model.nodes.every((n) => n.position !== undefined)).toBe(true);
    state().undo();
    expect(lint(state().model).map((f) => f.rule)).toContain('shared-datastore');
  });
});

describe('names on the canvas', () => {
  it('hands React Flow edges that do not change with a rename: an edge says the names of its ends itself', () => {
    const model: Model = {
      ...blank,
      nodes: [
        { id: 'service-3', kind: 'service', name: 'Orders' },
        { id: 'service-5', kind: 'service', name: 'Payments' },
      ],
      edges: [{ id: 'sync-1', kind: 'sync', from: 'service-3', to: 'service-5', protocol: 'rest' }],
    };
    const [edge] = toFlow(model, new Set()).edges;
    // No aria-label of React Flow's (it says ids): the edge's <title> names the ends (e2e names.spec).
    expect(edge?.ariaLabel).toBeNull();
    const renamed = {
      ...model,
      nodes: model.nodes.map((n) => (n.id === 'service-3' ? { ...n, name: 'Ordering' } : n)),
    };
    expect(toFlow(renamed, new Set()).edges[0]).toBe(edge);
  });
});

describe('finding badges', () => {
  it('counts findings per element in a store of their own, and leaves the flow elements be', () => {
    const model: Model = {
      ...blank,
      nodes: [
        { id: 'orders', kind: 'service', name: 'Orders' },
        { id: 'billing', kind: 'service', name: 'Billing' },
        { id: 'db', kind: 'datastore', name: 'Shop DB', engine: 'postgres' },
      ],
      edges: [
        { id: 'o-db', kind: 'data', from: 'orders', to: 'db', access: 'readwrite' },
        { id: 'b-db', kind: 'data', from: 'billing', to: 'db', access: 'readwrite' },
      ],
    };
    const flow = toFlow(model, new Set());
    const heard: number[] = [];
    store.badges.subscribe((counts) => heard.push(counts.size));
    const findings = lint(model);
    expect(findings.map((f) => f.rule)).toContain('shared-datastore');
    state().findingsArrived(findings);
    const counts = store.badges.getState();
    expect(counts.get('db')?.count).toBe(findings.filter((f) => f.elements.includes('db')).length);
    expect(counts.get('db')?.worst).toBe(
      findings.some((f) => f.elements.includes('db') && f.severity === 'error') ? 'error' : 'warning',
    );
    expect(heard).toHaveLength(1);
    // The same findings again (a lint after an edit that changed none): every entry is kept, so no badge re-renders.
    state().findingsArrived(lint(model));
    expect(store.badges.getState().get('db')).toBe(counts.get('db'));
    expect(store.badges.getState().get('o-db')).toBe(counts.get('o-db'));
    // Nothing a flow element is made from changed: React Flow is handed the same objects.
    const again = toFlow(model, new Set());
    expect(again.nodes.every((node, i) => node === flow.nodes[i])).toBe(true);
    expect(again.edges.every((edge, i) => edge === flow.edges[i])).toBe(true);
    state().findingsArrived([]);
    expect(store.badges.getState().size).toBe(0);
  });
});
