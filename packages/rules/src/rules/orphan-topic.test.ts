import { model, publish, service, subscribe, testRule, topic } from '../testing.js';
import rule from './orphan-topic.js';

testRule(rule, {
  valid: [
    {
      name: 'a topic with a publisher and a subscriber',
      model: model({
        nodes: [service('a'), service('b'), topic('t', ['E'])],
        edges: [publish('a', 't', ['E']), subscribe('t', 'b', ['E'])],
      }),
    },
    { name: 'a topic nobody uses yet (disconnected-node reports it)', model: model({ nodes: [topic('t')] }) },
  ],
  invalid: [
    {
      name: 'publishers only',
      model: model({ nodes: [service('a'), topic('t', ['E'])], edges: [publish('a', 't', ['E'])] }),
      findings: [{ elements: ['t', 'a', 'a-pub-t'], severity: 'warning', message: /no subscribers/ }],
    },
    {
      name: 'subscribers only',
      model: model({ nodes: [service('b'), topic('t', ['E'])], edges: [subscribe('t', 'b', ['E'])] }),
      findings: [{ elements: ['t', 'b', 't-sub-b'], message: /no publishers/ }],
    },
  ],
});
