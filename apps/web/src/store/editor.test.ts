import type { Model } from '@meshplan/model';
import { lint } from '@meshplan/rules';
import { beforeEach, describe, expect, it } from 'vitest';
import { toFlow } from '../canvas/mapping.js';
import { commands } from './commands.js';
import { canEdit, useEditor, whyReadOnly } from './editor.js';

const blank: Model = { format: 'meshplan/v1', name: 'Test', nodes: [], edges: [], contexts: [] };
const state = () => useEditor.getState();

beforeEach(() => {
  state().load(structuredClone(blank));
});

describe('history', () => {
  it('makes every change one undoable step, and redoes it', () => {
    const a = commands.addNode('service', { x: 0, y: 0 });
    const b = commands.addNode('datastore', { x: 300, y: 0 });
    expect(state().model?.nodes.map((n) => n.id)).toEqual([a, b]);
    state().undo();
    expect(state().model?.nodes.map((n) => n.id)).toEqual([a]);
    state().undo();
    expect(state().model?.nodes).toEqual([]);
    state().redo();
    state().redo();
    expect(state().model?.nodes.map((n) => n.id)).toEqual([a, b]);
  });

  it('records a drag as one step, however many moves it has', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    state().beginGesture();
    for (let x = 1; x <= 20; x++) {
      state().changeQuietly((draft) => {
        const node = draft.nodes.find((n) => n.id === a);
        if (node) node.position = { x, y: 0 };
      });
    }
    expect(state().model?.nodes[0]?.position).toEqual({ x: 20, y: 0 });
    state().undo();
    expect(state().model?.nodes[0]?.position).toEqual({ x: 0, y: 0 });
  });

  it('keeps the content model while a drag only moves things, so views without positions stay put', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const before = state().content;
    expect(before).toBe(state().model);
    state().beginGesture();
    state().moveQuietly(new Map([[a, { x: 50, y: 60 }]]));
    expect(state().model?.nodes[0]?.position).toEqual({ x: 50, y: 60 });
    expect(state().content).toBe(before);
    // The end of a drag may change a context: content follows every change but moves.
    state().changeQuietly(() => undefined);
    expect(state().content).toBe(state().model);
    state().undo();
    expect(state().content).toBe(state().model);
  });

  it('leaves selection and loads out of history', () => {
    commands.addNode('service', { x: 0, y: 0 });
    const steps = state().past.length;
    state().select(['x']);
    expect(state().past.length).toBe(steps);
    state().load(blank);
    expect(state().past).toEqual([]);
  });

  it('refuses a change that would make the model invalid, and keeps the model', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const before = state().model;
    const errors = state().change('Break', (draft) => {
      const node = draft.nodes.find((n) => n.id === a);
      if (node) node.name = 5 as unknown as string;
    });
    expect(errors[0]).toMatch(/^nodes\[0\]\.name: expected a string/);
    expect(state().model).toBe(before);
  });
});

describe('commands', () => {
  it('connects nodes with an edge kind that fits, and refuses one that does not', () => {
    const service = commands.addNode('service', { x: 0, y: 0 }) as string;
    const store = commands.addNode('datastore', { x: 300, y: 0 }) as string;
    const topic = commands.addNode('topic', { x: 600, y: 0 }) as string;
    expect(commands.connect(service, store, 'data')).toBe(true);
    expect(commands.connect(store, topic, 'publish')).toBe(false);
    expect(state().message).toBe('A publish edge cannot go from a datastore to a topic.');
    expect(state().model?.edges.map((e) => e.kind)).toEqual(['data']);
  });

  it('puts a node added inside a context into it', () => {
    commands.addContext({ x: 0, y: 0 });
    const inside = commands.addNode('service', { x: 100, y: 100 }) as string;
    const outside = commands.addNode('service', { x: 2000, y: 100 }) as string;
    const nodes = state().model?.nodes ?? [];
    expect(nodes.find((n) => n.id === inside)?.context).toBe(state().model?.contexts?.[0]?.id);
    expect(nodes.find((n) => n.id === outside)?.context).toBeUndefined();
  });

  it('adds a saga and selects it for the inspector', () => {
    commands.addSaga();
    expect(state().model?.sagas?.map((saga) => saga.name)).toEqual(['Saga 1']);
    expect(state().selection).toEqual([state().model?.sagas?.[0]?.id]);
  });

  it('deletes a node with its edges', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const b = commands.addNode('datastore', { x: 300, y: 0 }) as string;
    commands.connect(a, b, 'data');
    commands.remove([b]);
    expect(state().model?.nodes.map((n) => n.id)).toEqual([a]);
    expect(state().model?.edges).toEqual([]);
  });

  it('applies a fix as one step, placing what it adds', () => {
    const a = commands.addNode('service', { x: 0, y: 0 }) as string;
    const b = commands.addNode('service', { x: 200, y: 0 }) as string;
    const store = commands.addNode('datastore', { x: 100, y: 200 }) as string;
    commands.connect(a, store, 'data');
    commands.connect(b, store, 'data');
    const finding = lint(state().model as Model).find((f) => f.rule === 'shared-datastore');
    expect(finding?.fix).toBeDefined();
    const steps = state().past.length;
    commands.applyFinding(finding as NonNullable<typeof finding>);
    expect(state().past.length).toBe(steps + 1);
    expect(lint(state().model as Model).map((f) => f.rule)).not.toContain('shared-datastore');
    expect(state().model?.nodes.every((n) => n.position !== undefined)).toBe(true);
  });
});

describe('toFlow', () => {
  it('maps contexts to groups, children relative to them, with sizes and handles set up front', () => {
    const model: Model = {
      ...blank,
      contexts: [{ id: 'c', name: 'C', position: { x: 100, y: 100 }, size: { width: 400, height: 300 } }],
      nodes: [{ id: 's', kind: 'service', name: 'S', context: 'c', position: { x: 150, y: 160 } }],
      edges: [],
    };
    const { nodes } = toFlow(model, new Set(['s']), new Map([['s', { count: 2, worst: 'error' }]]));
    expect(nodes[0]).toMatchObject({ id: 'c', type: 'context', width: 400, height: 300 });
    expect(nodes[1]).toMatchObject({
      id: 's',
      parentId: 'c',
      position: { x: 50, y: 60 },
      selected: true,
      width: 180,
      height: 64,
    });
    expect(nodes[1]?.handles).toHaveLength(2);
    expect(nodes[1]?.data).toMatchObject({ findings: 2, worst: 'error' });
  });
});

describe('read-only', () => {
  it('changes nothing through a view link or while a revision is on show, and says why', () => {
    expect(canEdit(state())).toBe(true);
    expect(whyReadOnly(state())).toBeUndefined();
    try {
      useEditor.setState({ readOnly: true });
      expect(canEdit(state())).toBe(false);
      expect(commands.addNode('service', { x: 0, y: 0 })).toBeUndefined();
      expect(state().message).toBe('This link can view the model, not change it.');
      useEditor.setState({ readOnly: false, view: { title: 'Revision 1, read-only', model: blank } });
      expect(canEdit(state())).toBe(false);
      const rename = (draft: Model) => {
        draft.name = 'x';
      };
      expect(state().change('Rename', rename)).toEqual(['read-only']);
      expect(state().message).toBe(whyReadOnly(state()));
      expect(state().message).toBe('Back to the current model to change it.');
      expect(state().model?.nodes).toEqual([]);
      // Not even a drag moves anything.
      useEditor.setState({
        view: undefined,
        readOnly: true,
        model: { ...blank, contexts: [{ id: 'c', name: 'C' }] },
      });
      const before = state().model;
      state().beginGesture();
      state().moveQuietly(new Map([['c', { x: 5, y: 5 }]]));
      expect(state().model).toBe(before);
      expect(state().past).toEqual([]);
    } finally {
      useEditor.setState({ readOnly: false, view: undefined, message: undefined });
    }
  });
});

describe('names on the canvas', () => {
  it('labels an edge for screen readers by the names of its ends, not their ids', () => {
    const model: Model = {
      ...blank,
      nodes: [
        { id: 'service-3', kind: 'service', name: 'Orders' },
        { id: 'service-5', kind: 'service', name: 'Payments' },
      ],
      edges: [{ id: 'sync-1', kind: 'sync', from: 'service-3', to: 'service-5', protocol: 'rest' }],
    };
    const [edge] = toFlow(model, new Set(), new Map()).edges;
    expect(edge?.ariaLabel).toBe('Sync call from Orders to Payments');
  });
});
