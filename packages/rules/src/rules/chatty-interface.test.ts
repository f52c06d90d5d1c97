import { client, model, service, sync, testRule } from '../testing.js';
import rule from './chatty-interface.js';

const ops = (n: number) => Array.from({ length: n }, (_, i) => `GET /v1/items/${i}`);

testRule(rule, {
  valid: [
    {
      name: 'six operations',
      model: model({ nodes: [service('a'), service('b')], edges: [sync('a', 'b', { operations: ops(6) })] }),
    },
    {
      name: 'a client is not a service',
      model: model({ nodes: [client('c'), service('b')], edges: [sync('c', 'b', { operations: ops(9) })] }),
    },
    {
      name: 'the same operation on two edges counts once',
      model: model({
        nodes: [service('a'), service('b')],
        edges: [sync('a', 'b', { operations: ops(6) }), sync('a', 'b', { id: 'again', operations: ops(3) })],
      }),
    },
  ],
  invalid: [
    {
      name: 'seven operations on one edge',
      model: model({ nodes: [service('a'), service('b')], edges: [sync('a', 'b', { operations: ops(7) })] }),
      findings: [{ elements: ['a.b', 'a', 'b'], severity: 'info', message: /"a" uses 7 operations of "b"/ }],
    },
    {
      name: 'operations spread over two edges between the same services',
      model: model({
        nodes: [service('a'), service('b')],
        edges: [
          sync('a', 'b', { operations: ops(4) }),
          sync('a', 'b', { id: 'more', operations: ['POST /v1/x', 'POST /v1/y', 'POST /v1/z'] }),
        ],
      }),
      findings: [{ elements: ['a.b', 'more', 'a', 'b'] }],
    },
    {
      name: 'maxOperations 2',
      model: model({ nodes: [service('a'), service('b')], edges: [sync('a', 'b', { operations: ops(3) })] }),
      options: { maxOperations: 2 },
      findings: [{ elements: ['a.b', 'a', 'b'] }],
    },
  ],
});
