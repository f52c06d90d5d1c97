import {
  client,
  gateway,
  model,
  publish,
  route,
  service,
  subscribe,
  sync,
  testRule,
  topic,
} from '../testing.js';
import rule from './single-replica.js';

const one = (id: string) => service(id, { runtime: { image: 'x', replicas: 1 } });

testRule(rule, {
  valid: [
    {
      name: 'two replicas behind a gateway',
      model: model({
        nodes: [gateway('g'), service('a', { runtime: { replicas: 2 } })],
        edges: [route('g', 'a')],
      }),
    },
    {
      name: 'no runtime: nothing to say',
      model: model({ nodes: [client('c'), service('a')], edges: [sync('c', 'a')] }),
    },
    {
      name: 'one replica reached only by events',
      model: model({
        nodes: [gateway('g'), service('a', { runtime: { replicas: 2 } }), topic('t', ['E']), one('w')],
        edges: [route('g', 'a'), publish('a', 't', ['E']), subscribe('t', 'w', ['E'])],
      }),
    },
    { name: 'one replica nobody calls', model: model({ nodes: [one('a')] }) },
  ],
  invalid: [
    {
      name: 'one replica (the default) deep in a chain from a client',
      model: model({
        nodes: [
          client('c'),
          gateway('g'),
          service('a', { runtime: { replicas: 3 } }),
          service('b', { runtime: { image: 'b' } }),
        ],
        edges: [route('c', 'g'), route('g', 'a'), sync('a', 'b')],
      }),
      findings: [
        { elements: ['b'], severity: 'info', message: /"b" serves synchronous requests with 1 replica/ },
      ],
    },
    {
      name: 'zero replicas called by a client',
      model: model({
        nodes: [client('c'), service('a', { runtime: { replicas: 0 } })],
        edges: [sync('c', 'a')],
      }),
      findings: [{ elements: ['a'], message: /0 replicas/ }],
    },
  ],
});
