import { type Model, syntheticModel } from '@meshplan/model';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { applyListPatch, applyReplicaMessage, listPatchByKey, type ReplicaMessage } from './replica.js';
import { createModelSender } from './sender.js';

/** What a worker holds after each message, as the worker receives it (structured clone). */
function replicaOf(models: Model[]): { replica: Model; messages: ReplicaMessage[] } {
  const send = createModelSender();
  let replica: Model | undefined;
  const messages: ReplicaMessage[] = [];
  for (const model of models) {
    const message = structuredClone(send(model));
    messages.push(message);
    replica = applyReplicaMessage(replica, message);
    expect(replica).toEqual(model);
  }
  return { replica: replica as Model, messages };
}

const base = syntheticModel({ services: 40 });

describe('a worker replica kept by patches', () => {
  it('is sent the first model whole', () => {
    const { messages } = replicaOf([base]);
    expect(messages[0]?.kind).toBe('whole');
  });

  it('is sent only the element an edit changed', () => {
    const renamed = produce(base, (draft) => {
      (draft.nodes[3] as { name: string }).name = 'Renamed';
    });
    const { messages } = replicaOf([base, renamed]);
    expect(messages[1]).toEqual({
      kind: 'patch',
      patch: { collections: { nodes: { length: base.nodes.length, changed: [renamed.nodes[3]], at: [3] } } },
    });
  });

  it('follows elements appended, removed and reordered, and a top-level field', () => {
    const edge = base.edges[0];
    if (edge === undefined) throw new Error('the synthetic model has no edge');
    const appended = produce(base, (draft) => {
      draft.edges.push({ ...edge, id: 'edge-new' });
    });
    const removed = produce(appended, (draft) => {
      draft.nodes.splice(5, 1);
      draft.edges = draft.edges.filter((e) => e.from !== base.nodes[5]?.id && e.to !== base.nodes[5]?.id);
    });
    const reordered = produce(removed, (draft) => {
      draft.nodes.reverse();
      draft.name = 'Reordered';
      draft.description = 'and described';
    });
    const { messages } = replicaOf([base, appended, removed, reordered]);
    expect(messages.map((m) => m.kind)).toEqual(['whole', 'patch', 'patch', 'patch']);
    const last = messages[3];
    if (last?.kind !== 'patch') throw new Error('expected a patch');
    // Reversed, not changed: only where each element came from travels.
    expect(last.patch.collections.nodes?.changed).toEqual([]);
    expect(last.patch.top?.fields).toMatchObject({ name: 'Reordered', description: 'and described' });
  });

  it('keeps the replica’s own objects where nothing changed, so a worker sees what did', () => {
    const renamed = produce(base, (draft) => {
      (draft.nodes[0] as { name: string }).name = 'Renamed';
    });
    const send = createModelSender();
    const first = applyReplicaMessage(undefined, structuredClone(send(base)));
    const second = applyReplicaMessage(first, structuredClone(send(renamed)));
    expect(second.nodes[1]).toBe(first.nodes[1]);
    expect(second.edges).toBe(first.edges);
    expect(second.nodes[0]).not.toBe(first.nodes[0]);
  });

  it('sends the whole model when most of it changed (a view’s scene is rebuilt each time)', () => {
    const rebuilt = structuredClone(base);
    rebuilt.name = 'Rebuilt';
    const { messages } = replicaOf([base, rebuilt]);
    expect(messages[1]?.kind).toBe('whole');
  });

  it('adds and drops optional collections, and keeps a `__proto__` key as data', () => {
    const withViews = produce(base, (draft) => {
      draft.views = [{ id: 'view-1', name: 'One', elements: [base.nodes[0]?.id ?? ''] }];
    });
    const withoutContexts = produce(withViews, (draft) => {
      delete draft.contexts;
    });
    const hostile = JSON.parse(JSON.stringify({ ...withoutContexts, ['__proto__']: { polluted: true } }));
    replicaOf([base, withViews, withoutContexts, hostile]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses a patch with no model to apply it to, or one that leaves a hole', () => {
    const patch: ReplicaMessage = {
      kind: 'patch',
      patch: { collections: { nodes: { length: 3, changed: [], at: [] } } },
    };
    expect(() => applyReplicaMessage(undefined, patch)).toThrow(/before the model/);
    expect(() => applyReplicaMessage({ ...base, nodes: [] }, patch)).toThrow(
      /nodes: the patch leaves a hole/,
    );
  });
});

describe('a list kept by key (findings)', () => {
  const finding = (rule: string, element: string) => ({ rule, element, message: `${rule} on ${element}` });
  const keysOf = (list: unknown[]) => list.map((item) => JSON.stringify(item));

  it('sends only the elements with a new key, and rebuilds the list in its new order', () => {
    const before = [finding('a', '1'), finding('b', '2'), finding('b', '2'), finding('c', '3')];
    const after = [finding('c', '3'), finding('new', '9'), finding('b', '2'), finding('a', '1')];
    // Made afresh, as the worker's lint makes them: equal by value, never by identity.
    const patch = structuredClone(listPatchByKey(keysOf(before), keysOf(after), structuredClone(after)));
    expect(patch.changed).toEqual([finding('new', '9')]);
    const rebuilt = applyListPatch(before, patch, 'findings');
    expect(rebuilt).toEqual(after);
    // What the list held already is kept, not copied.
    expect(rebuilt[0]).toBe(before[3]);
  });

  it('empties and fills a list', () => {
    const some = [finding('a', '1'), finding('b', '2')];
    expect(applyListPatch(some, listPatchByKey(keysOf(some), [], []), 'findings')).toEqual([]);
    expect(applyListPatch([], listPatchByKey([], keysOf(some), some), 'findings')).toEqual(some);
  });
});
