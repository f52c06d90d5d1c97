import { type Box, diagramProblems, movedBetween, nodeBoxes } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { type Finding, lint } from '@meshplan/rules';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Commands, createCommands } from './commands.js';
import { createEditorStore, type EditorStore } from './editor.js';

const blank: Model = { format: 'meshplan/v1', name: 'Test', nodes: [], edges: [], contexts: [] };
let store: EditorStore;
let commands: Commands;
const state = () => store.getState();

beforeEach(() => {
  store = createEditorStore({ modelId: 'm', model: structuredClone(blank), solo: true });
  commands = createCommands(store);
});
afterEach(() => store.dispose());

describe('a new bounded context', () => {
  it('is selected as a new node is, so that the inspector shows its name to change', () => {
    const id = commands.addContext({ x: 0, y: 0 });
    expect(id).toBe('ctx-1');
    expect(state().selection).toEqual(['ctx-1']);
  });

  it('is renamed in one undoable step; an empty name is refused', () => {
    const id = commands.addContext({ x: 0, y: 0 }) as string;
    expect(commands.rename(id, '  Ordering ')).toEqual([]);
    expect(state().model.contexts?.[0]?.name).toBe('Ordering');
    expect(commands.rename(id, '   ')).toEqual(['A name cannot be empty.']);
    expect(state().model.contexts?.[0]?.name).toBe('Ordering');
    state().undo();
    expect(state().model.contexts?.[0]?.name).toBe('Context 1');
  });
});

it('says "an" before a kind that begins with a vowel', () => {
  const external = commands.addNode('external', { x: 0, y: 0 }) as string;
  const topic = commands.addNode('topic', { x: 300, y: 0 }) as string;
  expect(commands.connect(external, topic, 'publish')).toBe(false);
  expect(state().message).toBe('A publish edge cannot go from an external to a topic.');
});

describe('placement by commands: nothing placed moves, nothing lands on anything', () => {
  /** Two contexts, each with a service writing to one shared store (in the first). */
  const shared: Model = {
    format: 'meshplan/v1',
    name: 'Shared store',
    contexts: [
      { id: 'orders', name: 'Orders', position: { x: 0, y: 0 }, size: { width: 460, height: 150 } },
      { id: 'billing', name: 'Billing', position: { x: 600, y: 0 }, size: { width: 260, height: 150 } },
    ],
    nodes: [
      {
        id: 'orders-api',
        kind: 'service',
        name: 'Orders API',
        context: 'orders',
        position: { x: 24, y: 48 },
      },
      {
        id: 'db',
        kind: 'datastore',
        name: 'Shop DB',
        engine: 'postgres',
        context: 'orders',
        position: { x: 250, y: 48 },
      },
      {
        id: 'billing-api',
        kind: 'service',
        name: 'Billing API',
        context: 'billing',
        position: { x: 624, y: 48 },
      },
    ],
    edges: [
      { id: 'w1', kind: 'data', from: 'orders-api', to: 'db', access: 'readwrite' },
      { id: 'w2', kind: 'data', from: 'billing-api', to: 'db', access: 'readwrite' },
    ],
  };

  beforeEach(() => {
    store.dispose();
    store = createEditorStore({ modelId: 'm', model: structuredClone(shared), solo: true });
    commands = createCommands(store);
  });

  it("a fix places the store it adds beside its owner, inside the owner's context, as one step; the view does not move", () => {
    const finding = lint(state().model).find((f) => f.rule === 'shared-datastore' && f.fix !== undefined);
    expect(finding).toBeDefined();
    const fits = state().fitRequest;
    commands.applyFinding(finding as Finding);
    const after = state().model;
    const added = after.nodes.find((n) => !shared.nodes.some((o) => o.id === n.id));
    expect(added?.context).toBe('billing');
    expect(movedBetween(shared, after)).toEqual([]);
    expect(diagramProblems(after)).toEqual([]);
    const owner = nodeBoxes(after).get('billing-api') as Box;
    const store = nodeBoxes(after).get(added?.id as string) as Box;
    // Beside: within a box and a gap of its owner, not under another context's border.
    expect(Math.abs(store.x - owner.x) + Math.abs(store.y - owner.y)).toBeLessThan(300);
    expect(state().fitRequest).toBe(fits);
    state().undo();
    expect(state().model.nodes.length).toBe(shared.nodes.length);
  });

  it('paste puts the copy beside the original, never on it, and its context grows to hold it', () => {
    state().select(['db']);
    commands.copy();
    commands.paste();
    const after = state().model;
    expect(after.nodes.some((n) => n.id === 'db-copy')).toBe(true);
    expect(movedBetween(shared, after)).toEqual([]);
    expect(diagramProblems(after)).toEqual([]);
    commands.paste();
    expect(diagramProblems(state().model)).toEqual([]);
  });

  it("a node added at a context's edge grows the context to hold it", () => {
    commands.addNode('service', { x: 24, y: 140 }, 'orders');
    expect(diagramProblems(state().model)).toEqual([]);
    expect(movedBetween(shared, state().model)).toEqual([]);
  });
});

describe('pins', () => {
  it('pins the selection in one step, unpins it when all of it is pinned, and the model stays valid', async () => {
    const { parseModel } = await import('@meshplan/model');
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const b = commands.addNode('service', { x: 300, y: 0 }) as string;
    commands.pin([a]);
    const pinned = () =>
      state()
        .model.nodes.filter((n) => (n as { pinned?: boolean }).pinned === true)
        .map((n) => n.id);
    expect(pinned()).toEqual([a]);
    expect(parseModel(state().model).ok).toBe(true);
    // Some pinned, some not: all become pinned.
    commands.pin([a, b]);
    expect(pinned()).toEqual([a, b]);
    // All pinned: all are unpinned.
    commands.pin([a, b]);
    expect(pinned()).toEqual([]);
    state().undo();
    expect(pinned()).toEqual([a, b]);
  });
});

describe('a node that lands after a drag or an arrow key', () => {
  it('joins the context under its centre, leaves the one it left, and its context grows to hold it', async () => {
    const { produce } = await import('immer');
    const { settleDrag } = await import('./commands.js');
    const model: Model = {
      format: 'meshplan/v1',
      name: 'Landing',
      contexts: [
        { id: 'orders', name: 'Orders', position: { x: 0, y: 0 }, size: { width: 300, height: 200 } },
      ],
      nodes: [
        // Its centre inside Orders, its right side past the frame.
        { id: 'in', kind: 'service', name: 'Order API', position: { x: 200, y: 60 } },
        // Out of Orders now, though it still says it belongs there.
        { id: 'out', kind: 'service', name: 'Billing', position: { x: 900, y: 60 }, context: 'orders' },
        { id: 'still', kind: 'service', name: 'Stays', position: { x: 2000, y: 60 } },
      ],
      edges: [],
    };
    const after = produce(model, (draft) => settleDrag(draft, new Set(['in', 'out'])));
    expect(after.nodes.map((n) => n.context)).toEqual(['orders', undefined, undefined]);
    const frame = after.contexts?.[0];
    expect((frame?.position?.x ?? 0) + (frame?.size?.width ?? 0)).toBeGreaterThan(200 + 150);
    // What was not moved is the same object.
    expect(after.nodes[2]).toBe(model.nodes[2]);
  });
});
