import { client, gateway, model, route, service, sync, testRule } from '../testing.js';
import rule from './chatty-chain.js';

const services = (...ids: string[]) => ids.map((id) => service(id));
const chain = (...ids: string[]) => ids.slice(1).map((id, i) => sync(ids[i] as string, id));

testRule(rule, {
  valid: [
    {
      name: 'client → gateway → a → b → c → d is three hops',
      model: model({
        nodes: [client('web'), gateway('g'), ...services('a', 'b', 'c', 'd')],
        edges: [route('web', 'g'), route('g', 'a'), ...chain('a', 'b', 'c', 'd')],
      }),
    },
    {
      name: 'a long chain within maxDepth 5',
      model: model({ nodes: services('a', 'b', 'c', 'd', 'e'), edges: chain('a', 'b', 'c', 'd', 'e') }),
      options: { maxDepth: 5 },
    },
    {
      name: 'a cycle with no entry point is sync-cycle’s',
      model: model({
        nodes: services('a', 'b', 'c', 'd', 'e'),
        edges: [...chain('a', 'b', 'c', 'd', 'e'), sync('e', 'a')],
      }),
    },
  ],
  invalid: [
    {
      name: 'four hops from a client',
      model: model({
        nodes: [client('web'), gateway('g'), ...services('a', 'b', 'c', 'd', 'e')],
        edges: [route('web', 'g'), route('g', 'a'), ...chain('a', 'b', 'c', 'd', 'e')],
      }),
      findings: [
        {
          elements: ['a', 'b', 'c', 'd', 'e', 'a.b', 'b.c', 'c.d', 'd.e'],
          severity: 'warning',
          message: /"a" → "b" → "c" → "d" → "e" has 4/,
        },
      ],
    },
    {
      name: 'the same chain from two clients is one finding',
      model: model({
        nodes: [client('web'), client('app'), ...services('a', 'b', 'c', 'd', 'e')],
        edges: [sync('web', 'a'), sync('app', 'a'), ...chain('a', 'b', 'c', 'd', 'e')],
      }),
      findings: [{ elements: ['a', 'b', 'c', 'd', 'e', 'a.b', 'b.c', 'c.d', 'd.e'] }],
    },
    {
      name: 'maxDepth 1 reports a two-hop chain from a service nothing calls',
      model: model({ nodes: services('a', 'b', 'c'), edges: chain('a', 'b', 'c') }),
      options: { maxDepth: 1 },
      findings: [{ elements: ['a', 'b', 'c', 'a.b', 'b.c'] }],
    },
    {
      name: 'a cycle on the way is folded into one step',
      model: model({
        nodes: services('a', 'b', 'c', 'd', 'e', 'f'),
        edges: [...chain('a', 'b', 'c', 'd', 'e', 'f'), sync('c', 'b')],
      }),
      options: { maxDepth: 3 },
      findings: [{ elements: ['a', 'b', 'c', 'd', 'e', 'f', 'a.b', 'c.d', 'd.e', 'e.f'] }],
    },
    {
      name: 'two distinct longest chains from two entry points',
      model: model({
        nodes: services('a', 'b', 'c', 'd', 'x', 'y', 'z', 'w'),
        edges: [...chain('a', 'b', 'c', 'd'), ...chain('x', 'y', 'z', 'w')],
      }),
      options: { maxDepth: 2 },
      findings: [
        { elements: ['a', 'b', 'c', 'd', 'a.b', 'b.c', 'c.d'] },
        { elements: ['x', 'y', 'z', 'w', 'x.y', 'y.z', 'z.w'] },
      ],
    },
  ],
});
