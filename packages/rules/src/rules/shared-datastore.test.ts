import { context, data, datastore, model, service, sync, testRule } from '../testing.js';
import rule from './shared-datastore.js';

const three = [
  service('a', { context: 'c' }),
  service('b', { context: 'c' }),
  service('r', { context: 'c' }),
  datastore('d', { context: 'c' }),
];

testRule(rule, {
  valid: [
    {
      name: 'each service its own store',
      model: model({
        nodes: [service('a'), service('b'), datastore('da'), datastore('db')],
        edges: [data('a', 'da'), data('b', 'db')],
      }),
    },
    {
      name: 'one service, several edges to its store',
      model: model({
        nodes: [service('a'), datastore('d')],
        edges: [data('a', 'd', 'read'), data('a', 'd', 'write', { id: 'w' })],
      }),
    },
    { name: 'a store nobody uses', model: model({ nodes: [datastore('d')] }) },
  ],
  invalid: [
    {
      name: 'two writers: an error',
      model: model({
        contexts: [context('c')],
        nodes: three,
        edges: [data('a', 'd', 'readwrite'), data('b', 'd', 'write')],
      }),
      findings: [
        {
          elements: ['d', 'a', 'b', 'a-data-d', 'b-data-d'],
          severity: 'error',
          message: /written by 2 services \("a", "b"\)/,
        },
      ],
      fixes: true,
    },
    {
      name: 'one writer and a reader: a warning',
      model: model({
        contexts: [context('c')],
        nodes: three,
        edges: [data('a', 'd', 'write'), data('r', 'd', 'read')],
      }),
      findings: [
        {
          elements: ['d', 'a', 'r', 'a-data-d', 'r-data-d'],
          severity: 'warning',
          message: /shared by "a", "r"/,
        },
      ],
      fixes: true,
    },
    {
      name: 'two writers and a reader that already calls the owner',
      model: model({
        contexts: [context('c')],
        nodes: three,
        edges: [data('a', 'd'), data('b', 'd'), data('r', 'd', 'read'), sync('r', 'a')],
      }),
      findings: [{ elements: ['d', 'a', 'b', 'r', 'a-data-d', 'b-data-d', 'r-data-d'], severity: 'error' }],
      fixes: true,
    },
    {
      name: 'readers only: a warning',
      model: model({
        nodes: [service('a'), service('b'), datastore('d')],
        edges: [data('a', 'd', 'read'), data('b', 'd', 'read')],
      }),
      findings: [{ elements: ['d', 'a', 'b', 'a-data-d', 'b-data-d'], severity: 'warning' }],
      fixes: true,
    },
    {
      name: 'a new store id that would collide gets a suffix',
      model: model({
        nodes: [service('a'), service('b'), datastore('d'), datastore('d-b')],
        edges: [data('a', 'd'), data('b', 'd'), data('b', 'd-b', 'read', { id: 'other' })],
      }),
      findings: [{ elements: ['d', 'a', 'b', 'a-data-d', 'b-data-d'] }],
      fixes: true,
    },
  ],
});
