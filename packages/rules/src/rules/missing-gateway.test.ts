import { client, external, gateway, model, route, service, sync, testRule } from '../testing.js';
import rule from './missing-gateway.js';

testRule(rule, {
  valid: [
    {
      name: 'clients through a gateway',
      model: model({
        nodes: [client('c'), gateway('g'), service('a')],
        edges: [route('c', 'g'), route('g', 'a')],
      }),
    },
    {
      name: 'no clients, no gateway',
      model: model({ nodes: [service('a'), service('b')], edges: [sync('a', 'b')] }),
    },
    {
      name: 'a client calling an external directly is not this rule’s',
      model: model({ nodes: [client('c'), gateway('g'), external('x')], edges: [sync('c', 'x')] }),
    },
  ],
  invalid: [
    {
      name: 'a client calling a service directly, a gateway elsewhere',
      model: model({
        nodes: [client('c'), gateway('g'), service('a'), service('b')],
        edges: [route('c', 'g'), route('g', 'a'), sync('c', 'b')],
      }),
      findings: [
        { elements: ['c', 'b', 'c.b'], severity: 'warning', message: /Client "c" calls "b" directly/ },
      ],
      fixes: true,
    },
    {
      name: 'two direct calls and no gateway: one finding per call, one gateway after the fixes',
      model: model({
        nodes: [client('web'), client('app'), service('a')],
        edges: [sync('web', 'a'), sync('app', 'a')],
      }),
      findings: [{ elements: ['app', 'a', 'app.a'] }, { elements: ['web', 'a', 'web.a'] }],
      fixes: true,
    },
    {
      name: 'clients and no gateway at all',
      model: model({ nodes: [client('web'), external('x')], edges: [sync('web', 'x')] }),
      findings: [{ elements: ['web'], message: /no API gateway/ }],
      fixes: true,
    },
  ],
});
