import { describe, expect, it } from 'vitest';
import { compareFindings, lint } from './engine.js';
import { applyFix, FixError } from './fix.js';
import { RULES } from './rules/index.js';
import { checkSettings, resolveRules } from './settings.js';
import { data, datastore, model, publish, service, topic } from './testing.js';
import type { Finding } from './types.js';

const allOff = Object.fromEntries([...RULES.keys()].map((id) => [id, 'off']));

describe('the catalog', () => {
  it('has the 25 rules of rules.md and impact.md, keyed by id in id order', () => {
    const ids = [...RULES.keys()];
    expect(ids).toHaveLength(25);
    expect(ids).toEqual([...ids].sort());
    for (const [id, rule] of RULES) expect(rule.meta.id).toBe(id);
  });

  it('marks as fixable exactly the five rules the catalog names', () => {
    const fixable = [...RULES.values()].filter((r) => r.meta.fixable).map((r) => r.meta.id);
    expect(fixable.sort()).toEqual([
      'missing-gateway',
      'missing-resilience',
      'shared-datastore',
      'ungrouped-service',
      'unversioned-api',
    ]);
  });

  it('has the default severities and options of the catalog', () => {
    const meta = (id: string) => RULES.get(id)?.meta;
    expect(meta('sync-cycle')?.severity).toBe('error');
    expect(meta('chatty-interface')?.severity).toBe('info');
    expect(meta('chatty-chain')?.options.maxDepth?.default).toBe(3);
    expect(meta('chatty-fan-out')?.options.maxFanOut?.default).toBe(5);
    expect(meta('chatty-interface')?.options.maxOperations?.default).toBe(6);
    expect(
      Object.fromEntries(Object.entries(meta('god-service')?.options ?? {}).map(([k, v]) => [k, v.default])),
    ).toEqual({
      maxResponsibilities: 7,
      maxEndpoints: 20,
      maxEntities: 8,
      maxCoupling: 10,
    });
    expect(meta('context-coupling')?.options.minEdges?.default).toBe(4);
    expect(meta('timeout-inversion')?.severity).toBe('warning');
    expect(meta('retry-amplification')?.severity).toBe('warning');
    expect(meta('retry-amplification')?.options.maxAttempts?.default).toBe(10);
  });
});

describe('checkSettings', () => {
  it('accepts levels and objects of known options', () => {
    expect(
      checkSettings({
        'sync-cycle': 'off',
        'chatty-chain': { severity: 'error', maxDepth: 5 },
        'god-service': {},
      }),
    ).toEqual([]);
  });

  it('refuses unknown rules, with a suggestion when one is close', () => {
    expect(checkSettings({ cycle: 'off', 'no-such': 'warning' })).toEqual([
      { path: 'settings.rules.cycle', message: 'unknown rule "cycle"; did you mean "sync-cycle"?' },
      { path: 'settings.rules.no-such', message: 'unknown rule "no-such"' },
    ]);
  });

  it('refuses unknown options, bad levels and bad values', () => {
    expect(
      checkSettings({
        'sync-cycle': { maxDepth: 2 },
        'chatty-chain': { maxDepth: -1 },
        'chatty-fan-out': { maxFanOut: 'many' },
        'god-service': 'loud',
        'orphan-topic': { severity: 'fatal' },
        'empty-context': 3,
      }),
    ).toEqual([
      {
        path: 'settings.rules.sync-cycle.maxDepth',
        message: 'rule "sync-cycle" has no option "maxDepth"; it has no options',
      },
      { path: 'settings.rules.chatty-chain.maxDepth', message: 'expected an integer of at least 0; got -1' },
      {
        path: 'settings.rules.chatty-fan-out.maxFanOut',
        message: 'expected an integer of at least 0; got "many"',
      },
      {
        path: 'settings.rules.god-service',
        message: 'expected one of "off", "error", "warning", "info"; got "loud"',
      },
      {
        path: 'settings.rules.orphan-topic.severity',
        message: 'expected one of "off", "error", "warning", "info"',
      },
      {
        path: 'settings.rules.empty-context',
        message: 'expected a level ("off", "info", "warning", "error") or an object of options',
      },
    ]);
  });
});

describe('resolveRules', () => {
  it('layers defaults, model settings and overrides', () => {
    const m = model({
      settings: { rules: { 'chatty-chain': { severity: 'error', maxDepth: 5 }, 'sync-cycle': 'off' } },
    });
    const byId = new Map(
      resolveRules(m, { 'chatty-chain': { maxDepth: 9 }, 'sync-cycle': 'info' }).map((r) => [
        r.rule.meta.id,
        r,
      ]),
    );
    expect(byId.get('chatty-chain')).toMatchObject({ level: 'error', options: { maxDepth: 9 } });
    expect(byId.get('sync-cycle')?.level).toBe('info');
    expect(byId.get('god-service')?.options).toEqual({
      maxResponsibilities: 7,
      maxEndpoints: 20,
      maxEntities: 8,
      maxCoupling: 10,
    });
  });
});

describe('lint', () => {
  const orphan = model({ nodes: [service('a'), topic('t', ['E'])], edges: [publish('a', 't', ['E'])] });

  it('reports with the configured severity and skips rules set off', () => {
    const only = { ...allOff, 'orphan-topic': 'error' };
    expect(lint(orphan, { overrides: only }).map((f) => [f.rule, f.severity])).toEqual([
      ['orphan-topic', 'error'],
    ]);
    expect(lint(orphan, { overrides: allOff })).toEqual([]);
  });

  it('lets a rule grade its findings only at its default level', () => {
    const oneWriter = model({
      nodes: [service('a'), service('b'), datastore('d')],
      edges: [data('a', 'd', 'write'), data('b', 'd', 'read')],
    });
    const graded = lint(oneWriter, { overrides: { ...allOff, 'shared-datastore': 'error' } });
    expect(graded.map((f) => f.severity)).toEqual(['warning']);
    const forced = lint(oneWriter, { overrides: { ...allOff, 'shared-datastore': 'info' } });
    expect(forced.map((f) => f.severity)).toEqual(['info']);
  });

  it('sorts by severity, then rule id, then first element', () => {
    const f = (severity: Finding['severity'], rule: string, first: string): Finding => ({
      rule,
      severity,
      message: '',
      elements: [first],
    });
    const sorted = [
      f('info', 'a', 'x'),
      f('error', 'b', 'y'),
      f('error', 'b', 'a'),
      f('warning', 'a', 'z'),
      f('error', 'a', 'z'),
    ].sort(compareFindings);
    expect(sorted.map((x) => `${x.severity}:${x.rule}:${x.elements[0]}`)).toEqual([
      'error:a:z',
      'error:b:a',
      'error:b:y',
      'warning:a:z',
      'info:a:x',
    ]);
  });

  it('gives the same findings for the same model every time', () => {
    expect(lint(orphan)).toEqual(lint(structuredClone(orphan)));
  });
});

describe('applyFix', () => {
  const shared = model({
    contexts: [{ id: 'c', name: 'C' }],
    nodes: [service('a', { context: 'c' }), service('b', { context: 'c' }), datastore('d', { context: 'c' })],
    edges: [data('a', 'd', 'write'), data('b', 'd', 'write')],
  });
  const finding = () => lint(shared, { overrides: { ...allOff, 'shared-datastore': 'error' } })[0] as Finding;

  it('returns a new valid model and leaves the original untouched', () => {
    const before = structuredClone(shared);
    const fixed = applyFix(shared, finding());
    expect(shared).toEqual(before);
    expect(fixed).not.toEqual(shared);
  });

  it('refuses a finding without a fix', () => {
    expect(() => applyFix(shared, { rule: 'x', severity: 'info', message: '', elements: [] })).toThrow(
      FixError,
    );
  });

  it('refuses a fix that no longer fits the model', () => {
    const stale = finding();
    const changed = { ...shared, edges: [...shared.edges].reverse() };
    expect(() => applyFix(changed, stale)).toThrow(/no longer fits/);
  });

  it('refuses a fix that would make the model invalid', () => {
    const broken: Finding = {
      rule: 'x',
      severity: 'info',
      message: '',
      elements: [],
      fix: { title: 'break it', patch: [{ op: 'replace', path: '/edges/0/to', value: 'ghost' }] },
    };
    expect(() => applyFix(shared, broken)).toThrow(
      /would make the model invalid: edges\[0\]\.to: no node "ghost"/,
    );
  });
});
