import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { freshId, freshViewId } from './ids.js';

const model: Model = {
  format: 'meshplan/v1',
  name: 'Ids',
  contexts: [{ id: 'sync-3', name: 'A context named like an edge' }],
  nodes: [
    { id: 'service-1', kind: 'service', name: 'One' },
    { id: 'service-10', kind: 'service', name: 'Ten' },
  ],
  edges: [
    { id: 'sync-1', kind: 'sync', from: 'service-1', to: 'service-10', protocol: 'rest' },
    { id: 'sync-2', kind: 'sync', from: 'service-10', to: 'service-1', protocol: 'rest' },
  ],
  views: [{ id: 'view-1', name: 'All', kind: 'saved', elements: [] }],
};

describe('freshId', () => {
  it('takes the first number no element of any collection has', () => {
    expect(freshId(model, 'sync')).toBe('sync-4');
    expect(freshId(model, 'service')).toBe('service-2');
    expect(freshId(model, 'topic')).toBe('topic-1');
    expect(freshViewId(model)).toBe('view-2');
  });

  it('does not take an id that only starts like the prefix for one of its own', () => {
    const similar = { ...model, nodes: [{ id: 'syncer-1', kind: 'service', name: 'S' }], edges: [] } as Model;
    expect(freshId(similar, 'sync')).toBe('sync-1');
  });
});
