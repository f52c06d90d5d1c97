import type { Model } from '@meshplan/model';
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
