import { model, publish, service, testRule, topic } from '../testing.js';
import rule from './multiple-publishers.js';

testRule(rule, {
  valid: [
    {
      name: 'one publisher per message',
      model: model({
        nodes: [service('a'), service('b'), topic('t', ['E', 'F'])],
        edges: [publish('a', 't', ['E']), publish('b', 't', ['F'])],
      }),
    },
    {
      name: 'one service publishing the same message twice',
      model: model({
        nodes: [service('a'), topic('t', ['E']), topic('u', ['E'])],
        edges: [publish('a', 't', ['E']), publish('a', 'u', ['E'])],
      }),
    },
  ],
  invalid: [
    {
      name: 'two services publishing one message, on two topics',
      model: model({
        nodes: [service('a'), service('b'), topic('t', ['E']), topic('u', ['E'])],
        edges: [publish('a', 't', ['E']), publish('b', 'u', ['E'])],
      }),
      findings: [
        {
          elements: ['t', 'u', 'a', 'b', 'a-pub-t', 'b-pub-u'],
          severity: 'warning',
          message: /Message "E" is published by "a", "b"/,
        },
      ],
    },
  ],
});
