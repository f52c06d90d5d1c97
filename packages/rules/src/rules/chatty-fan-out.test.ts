import { external, model, service, sync, testRule } from '../testing.js';
import rule from './chatty-fan-out.js';

const callees = (n: number) => Array.from({ length: n }, (_, i) => service(`s${i}`));
const calls = (n: number) => Array.from({ length: n }, (_, i) => sync('hub', `s${i}`));

testRule(rule, {
  valid: [
    { name: 'five callees', model: model({ nodes: [service('hub'), ...callees(5)], edges: calls(5) }) },
    {
      name: 'externals do not count',
      model: model({
        nodes: [service('hub'), ...callees(5), external('x'), external('y')],
        edges: [...calls(5), sync('hub', 'x'), sync('hub', 'y')],
      }),
    },
    {
      name: 'two edges to the same service count once',
      model: model({
        nodes: [service('hub'), ...callees(5)],
        edges: [...calls(5), sync('hub', 's0', { id: 'again' })],
      }),
    },
  ],
  invalid: [
    {
      name: 'six callees',
      model: model({ nodes: [service('hub'), ...callees(6)], edges: calls(6) }),
      findings: [
        {
          elements: [
            'hub',
            's0',
            's1',
            's2',
            's3',
            's4',
            's5',
            'hub.s0',
            'hub.s1',
            'hub.s2',
            'hub.s3',
            'hub.s4',
            'hub.s5',
          ],
          severity: 'warning',
          message: /"hub" calls 6 services synchronously \(more than 5\)/,
        },
      ],
    },
    {
      name: 'maxFanOut 1',
      model: model({ nodes: [service('hub'), ...callees(2)], edges: calls(2) }),
      options: { maxFanOut: 1 },
      findings: [{ elements: ['hub', 's0', 's1', 'hub.s0', 'hub.s1'] }],
    },
  ],
});
