import { model, publish, service, subscribe, testRule, topic } from '../testing.js';
import rule from './unknown-message.js';

testRule(rule, {
  valid: [
    {
      name: 'declared messages',
      model: model({
        nodes: [service('a'), service('b'), topic('t', ['E', 'F'])],
        edges: [publish('a', 't', ['E']), subscribe('t', 'b', ['E', 'F'])],
      }),
    },
    {
      name: 'edges that name no message',
      model: model({ nodes: [service('a'), topic('t')], edges: [publish('a', 't')] }),
    },
  ],
  invalid: [
    {
      name: 'a publisher and a subscriber naming undeclared messages',
      model: model({
        nodes: [service('a'), service('b'), topic('t', ['E'])],
        edges: [publish('a', 't', ['E', 'Typo']), subscribe('t', 'b', ['X', 'Y', 'X'])],
      }),
      findings: [
        {
          elements: ['a-pub-t', 't', 'a'],
          severity: 'error',
          message: /"a" publishes "Typo" on topic "t", which does not declare it/,
        },
        {
          elements: ['t-sub-b', 't', 'b'],
          message: /"b" subscribes to "X", "Y" on topic "t", which does not declare them/,
        },
      ],
    },
    {
      name: 'a topic that declares nothing',
      model: model({ nodes: [service('a'), topic('t')], edges: [publish('a', 't', ['E'])] }),
      findings: [{ elements: ['a-pub-t', 't', 'a'] }],
    },
  ],
});
