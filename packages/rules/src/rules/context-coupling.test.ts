import { context, external, model, service, sync, testRule } from '../testing.js';
import rule from './context-coupling.js';

const contexts = [context('mine'), context('other')];
const mine = (id: string) => service(id, { context: 'mine' });
const other = (id: string) => service(id, { context: 'other' });

testRule(rule, {
  valid: [
    {
      name: 'four cross calls, five inside',
      model: model({
        contexts,
        nodes: [mine('a'), mine('b'), other('x')],
        edges: [
          ...['1', '2', '3', '4'].map((n) => sync('a', 'x', { id: `out${n}` })),
          ...['1', '2', '3', '4', '5'].map((n) => sync('a', 'b', { id: `in${n}` })),
        ],
      }),
    },
    {
      name: 'three cross calls, below minEdges',
      model: model({
        contexts,
        nodes: [mine('a'), other('x'), other('y'), other('z')],
        edges: [sync('a', 'x'), sync('a', 'y'), sync('a', 'z')],
      }),
    },
    {
      name: 'calls to externals do not count',
      model: model({
        contexts,
        nodes: [mine('a'), external('p'), external('q'), external('r'), external('s')],
        edges: [sync('a', 'p'), sync('a', 'q'), sync('a', 'r'), sync('a', 's')],
      }),
    },
  ],
  invalid: [
    {
      name: 'four cross calls and none inside',
      model: model({
        contexts,
        nodes: [mine('a'), mine('b'), other('x'), other('y'), service('loose')],
        edges: [sync('a', 'x'), sync('a', 'y'), sync('b', 'x'), sync('b', 'loose')],
      }),
      findings: [
        {
          elements: ['mine', 'a.x', 'a.y', 'b.x', 'b.loose'],
          severity: 'warning',
          message: /"mine" makes 4 synchronous calls to other contexts and 0 inside/,
        },
      ],
    },
    {
      name: 'minEdges 2',
      model: model({
        contexts,
        nodes: [mine('a'), other('x'), other('y')],
        edges: [sync('a', 'x'), sync('a', 'y')],
      }),
      options: { minEdges: 2 },
      findings: [{ elements: ['mine', 'a.x', 'a.y'] }],
    },
  ],
});
