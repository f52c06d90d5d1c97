import { type Model, parseModel } from '@meshplan/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Commands, createCommands } from './commands.js';
import { createEditorStore, type EditorStore } from './editor.js';
import { freshViewId } from './ids.js';

const shop: Model = {
  format: 'meshplan/v1',
  name: 'Shop',
  contexts: [
    { id: 'orders', name: 'Orders', position: { x: 0, y: 0 }, size: { width: 500, height: 300 } },
    { id: 'payments', name: 'Payments', position: { x: 700, y: 0 }, size: { width: 400, height: 300 } },
  ],
  nodes: [
    { id: 'web', kind: 'client', name: 'Web', position: { x: -500, y: 60 } },
    { id: 'gw', kind: 'gateway', name: 'Gateway', position: { x: -260, y: 60 } },
    {
      id: 'order-svc',
      kind: 'service',
      name: 'Order service',
      context: 'orders',
      position: { x: 40, y: 60 },
    },
    {
      id: 'orders-db',
      kind: 'datastore',
      engine: 'postgres',
      name: 'Orders DB',
      context: 'orders',
      position: { x: 40, y: 200 },
    },
    { id: 'pay-svc', kind: 'service', name: 'Payments', context: 'payments', position: { x: 740, y: 60 } },
  ],
  edges: [
    { id: 'e-web-gw', kind: 'route', from: 'web', to: 'gw' },
    { id: 'e-gw-order', kind: 'route', from: 'gw', to: 'order-svc' },
    { id: 'e-order-db', kind: 'data', from: 'order-svc', to: 'orders-db', access: 'readwrite' },
    { id: 'e-order-pay', kind: 'sync', from: 'order-svc', to: 'pay-svc', protocol: 'rest' },
  ],
};

let store: EditorStore;
let commands: Commands;
const state = () => store.getState();
const viewOf = (id: string) => state().model.views?.find((view) => view.id === id);
const nodeOf = (id: string) => state().model.nodes.find((node) => node.id === id);

beforeEach(() => {
  store = createEditorStore({ modelId: 'm', model: structuredClone(shop), solo: true });
  commands = createCommands(store);
});
afterEach(() => store.dispose());

/** A drag as the canvas makes it: a gesture of moves. */
function drag(id: string, to: { x: number; y: number }) {
  state().beginGesture();
  state().moveQuietly(new Map([[id, { x: to.x - 10, y: to.y - 10 }]]));
  state().moveQuietly(new Map([[id, to]]));
  state().endGesture();
}

describe('opening views', () => {
  it('opens the generated view of a context by its id, and refuses an id the model has no view of', () => {
    expect(commands.openView('orders')).toBe(true);
    expect(state().view).toBe('orders');
    expect(commands.openView('nope')).toBe(false);
    expect(state().view).toBeUndefined();
    expect(state().message).toContain('no view “nope”');
    // Opening a view changes nothing in the model and is no step of history.
    expect(state().canUndo).toBe(false);
  });
});

describe('saving views', () => {
  it('gives a view saved with others in the room an id of this person’s, so that two saved at once are both kept', () => {
    state().peersChanged([{ clientId: 99, name: 'Ana', role: 'edit', color: '#000', selection: [] }]);
    state().select(['orders']);
    const id = commands.saveSelectionAsView('Mine') as string;
    expect(id).toBe(`view-${store.doc.clientID.toString(36)}-1`);
    // Another person's document saves the same moment under its own client: never the same id.
    expect(freshViewId(state().content, { clientID: store.doc.clientID + 1 })).not.toBe(id);
    expect(viewOf(id)?.name).toBe('Mine');
  });

  it('saves the selection as a view (a context brings its members) at the positions they have, and opens it', () => {
    state().select(['orders', 'gw']);
    const id = commands.saveSelectionAsView('  Ordering  ');
    expect(id).toBe('view-1');
    expect(state().view).toBe('view-1');
    const view = viewOf('view-1');
    expect(view?.name).toBe('Ordering');
    expect(view?.elements).toEqual(['orders', 'gw', 'order-svc', 'orders-db']);
    expect(view?.positions?.gw).toEqual({ x: -260, y: 60 });
    expect(view?.positions?.['order-svc']).toEqual({ x: 40, y: 60 });
    expect(parseModel(state().model).ok).toBe(true);
    // One step: undone, the view is gone and the whole model is on show again.
    state().undo();
    expect(state().model.views).toBeUndefined();
    expect(state().view).toBeUndefined();
  });

  it('refuses a view without a name or without a selection', () => {
    state().select(['gw']);
    expect(commands.saveSelectionAsView('  ')).toBeUndefined();
    state().select([]);
    expect(commands.saveSelectionAsView('Empty')).toBeUndefined();
    expect(state().model.views).toBeUndefined();
  });

  it('stores a generated view as it is shown, under an id of its own', () => {
    commands.openView('orders');
    const id = commands.saveOpenView('Orders, saved');
    expect(id).toBe('view-1');
    expect(state().view).toBe('view-1');
    const view = viewOf('view-1');
    expect(view?.elements).toEqual(['orders', 'order-svc', 'orders-db', 'gw', 'payments']);
    // Every element it shows has a position now, the placed neighbours included.
    expect(Object.keys(view?.positions ?? {}).sort()).toEqual([...(view?.elements ?? [])].sort());
  });

  it('renames and deletes a saved view, each one undoable step', () => {
    state().select(['gw']);
    const id = commands.saveSelectionAsView('Edge') as string;
    expect(commands.renameView(id, ' ')).toEqual(['A view needs a name.']);
    expect(commands.renameView(id, 'Entry')).toEqual([]);
    expect(viewOf(id)?.name).toBe('Entry');
    commands.deleteView(id);
    expect(viewOf(id)).toBeUndefined();
    expect(state().view).toBeUndefined();
    // The elements it showed stay in the model.
    expect(nodeOf('gw')).toBeDefined();
    state().undo();
    expect(viewOf(id)?.name).toBe('Entry');
  });
});

describe('moving in a view', () => {
  it('moves the view’s positions, never the model’s, as one undoable step', () => {
    state().select(['orders']);
    const id = commands.saveSelectionAsView('Ordering') as string;
    drag('order-svc', { x: 400, y: 500 });
    expect(viewOf(id)?.positions?.['order-svc']).toEqual({ x: 400, y: 500 });
    expect(nodeOf('order-svc')?.position).toEqual({ x: 40, y: 60 });
    expect(nodeOf('order-svc')?.context).toBe('orders');
    state().undo();
    expect(viewOf(id)?.positions?.['order-svc']).toEqual({ x: 40, y: 60 });
  });

  it('saves a generated view on its first move, in the same step, and an undo goes back to the generated one', () => {
    commands.openView('orders');
    drag('gw', { x: -900, y: 40 });
    expect(state().view).toBe('view-1');
    expect(viewOf('view-1')?.name).toBe('Orders view');
    expect(viewOf('view-1')?.positions?.gw).toEqual({ x: -900, y: 40 });
    expect(nodeOf('gw')?.position).toEqual({ x: -260, y: 60 });
    state().undo();
    expect(state().model.views).toBeUndefined();
    expect(state().view).toBe('orders');
  });

  it('moves a node by the arrow keys in a view as a step of its own, in the view', () => {
    state().select(['gw']);
    const id = commands.saveSelectionAsView('Gateway') as string;
    state().moveQuietly(new Map([['gw', { x: -250, y: 60 }]]));
    expect(viewOf(id)?.positions?.gw).toEqual({ x: -250, y: 60 });
    expect(nodeOf('gw')?.position).toEqual({ x: -260, y: 60 });
  });
});

describe('removing elements', () => {
  it('removes a deleted element from every view, its position too, in the same step', () => {
    state().select(['orders', 'gw']);
    const first = commands.saveSelectionAsView('One') as string;
    state().select(['gw', 'web']);
    const second = commands.saveSelectionAsView('Two') as string;
    commands.remove(['gw']);
    expect(viewOf(first)?.elements).toEqual(['orders', 'order-svc', 'orders-db']);
    expect(viewOf(first)?.positions?.gw).toBeUndefined();
    expect(viewOf(second)?.elements).toEqual(['web']);
    expect(parseModel(state().model).ok).toBe(true);
    state().undo();
    // In the model's order, whatever the order of the selection.
    expect(viewOf(second)?.elements).toEqual(['web', 'gw']);
  });

  it('takes a context out of every view when any command removes it, not only Delete', () => {
    state().select(['payments']);
    const id = commands.saveSelectionAsView('Pay') as string;
    // A change of its own (a fix, say) that removes the context and its node.
    const errors = state().change('Drop payments', (draft) => {
      draft.contexts = draft.contexts?.filter((c) => c.id !== 'payments');
      draft.nodes = draft.nodes.filter((n) => n.id !== 'pay-svc');
      draft.edges = draft.edges.filter((e) => e.to !== 'pay-svc');
    });
    expect(errors).toEqual([]);
    expect(viewOf(id)?.elements).toEqual([]);
  });
});

describe('adding in a view', () => {
  it('shows what is added or pasted in a saved view in it, where it was put, in the same step', () => {
    state().select(['gw']);
    const id = commands.saveSelectionAsView('Entry') as string;
    const added = commands.addNode('service', { x: 900, y: 900 }) as string;
    expect(viewOf(id)?.elements).toEqual(['gw', added]);
    expect(viewOf(id)?.positions?.[added]).toEqual({ x: 900, y: 900 });
    state().undo();
    expect(viewOf(id)?.elements).toEqual(['gw']);
    state().select(['gw']);
    commands.copy();
    commands.paste();
    expect(viewOf(id)?.elements).toEqual(['gw', 'gw-copy']);
    // Beside the original as the view shows it, by the same offset as the copy in the model.
    const nodeAt = (nodeId: string) => state().model.nodes.find((n) => n.id === nodeId)?.position;
    const inView = viewOf(id)?.positions ?? {};
    expect({
      x: (inView['gw-copy']?.x ?? 0) - (inView.gw?.x ?? 0),
      y: (inView['gw-copy']?.y ?? 0) - (inView.gw?.y ?? 0),
    }).toEqual({
      x: (nodeAt('gw-copy')?.x ?? 0) - (nodeAt('gw')?.x ?? 0),
      y: (nodeAt('gw-copy')?.y ?? 0) - (nodeAt('gw')?.y ?? 0),
    });
  });
});

describe('the command palette', () => {
  it('opens each context’s view and each saved view, and the whole model again', async () => {
    const { commandList } = await import('../editor/command-list.js');
    const ui = {
      addInView: () => undefined,
      fitView: () => undefined,
      openExport: () => undefined,
      openCompare: () => undefined,
      focusFind: () => undefined,
      toggleTheme: () => undefined,
      openShare: undefined,
      showPanel: () => undefined,
    };
    state().select(['gw']);
    commands.saveSelectionAsView('Entry');
    const titles = commandList(state(), commands, ui).map((command) => command.title);
    expect(titles.filter((title) => title.startsWith('Open view'))).toEqual([
      'Open view: Orders',
      'Open view: Payments',
      'Open view: Entry',
    ]);
    expect(titles).toContain('Show the whole model');
    await commandList(state(), commands, ui)
      .find((command) => command.title === 'Open view: Payments')
      ?.run();
    expect(state().view).toBe('payments');
  });
});

describe('taking elements out of a view', () => {
  it('leaves them in the model; a context leaves with its members; one undoable step', () => {
    state().select(['orders', 'gw']);
    const id = commands.saveSelectionAsView('Ordering') as string;
    commands.removeFromView(['orders']);
    expect(viewOf(id)?.elements).toEqual(['gw']);
    expect(Object.keys(viewOf(id)?.positions ?? {})).toEqual(['gw']);
    expect(nodeOf('order-svc')).toBeDefined();
    expect(state().model.contexts?.map((c) => c.id)).toEqual(['orders', 'payments']);
    state().undo();
    expect(viewOf(id)?.elements).toEqual(['orders', 'gw', 'order-svc', 'orders-db']);
  });
});

describe('views with others', () => {
  it('shows a view another person saves, and follows it when they delete the view on show', async () => {
    const { docToModel, applyModel } = await import('@meshplan/collab');
    const Y = await import('yjs');
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(store.doc));
    const send = () =>
      Y.applyUpdate(store.doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(store.doc)), 'wire');
    const theirs = docToModel(other);
    applyModel(other, { ...theirs, views: [{ id: 'their-view', name: 'Theirs', elements: ['gw', 'web'] }] });
    send();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state().model.views?.map((view) => view.name)).toEqual(['Theirs']);
    commands.openView('their-view');
    applyModel(other, { ...theirs, views: [] });
    send();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state().view).toBeUndefined();
  });
});

describe('adding in a generated view', () => {
  it('adds into the context when dropped in its frame, and says so when the new node is outside the view', () => {
    commands.openView('orders');
    const inside = commands.addNode('service', { x: 60, y: 120 }) as string;
    expect(nodeOf(inside)?.context).toBe('orders');
    expect(state().message).toBeUndefined();
    commands.addNode('service', { x: 5000, y: 5000 });
    expect(state().message).toContain('outside this view');
  });
});
