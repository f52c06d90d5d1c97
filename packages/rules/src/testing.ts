/**
 * Builders and a table-driven tester for rule tests (eslint's RuleTester, for models).
 * Test-only: not part of the package's public surface.
 */
import { type Model, parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { lint } from './engine.js';
import { applyFix } from './fix.js';
import { RULES } from './rules/index.js';
import type { Finding, Rule } from './types.js';

type Loose = Record<string, unknown>;

export const service = (id: string, extra: Loose = {}) => ({ id, kind: 'service', name: id, ...extra });
export const datastore = (id: string, extra: Loose = {}) => ({
  id,
  kind: 'datastore',
  name: id,
  engine: 'postgres',
  ...extra,
});
export const topic = (id: string, messages: string[] = [], extra: Loose = {}) => ({
  id,
  kind: 'topic',
  name: id,
  broker: 'kafka',
  messages: messages.map((name) => ({ name })),
  ...extra,
});
export const gateway = (id: string, extra: Loose = {}) => ({ id, kind: 'gateway', name: id, ...extra });
export const client = (id: string, extra: Loose = {}) => ({ id, kind: 'client', name: id, ...extra });
export const external = (id: string, extra: Loose = {}) => ({ id, kind: 'external', name: id, ...extra });
export const context = (id: string, extra: Loose = {}) => ({ id, name: id, ...extra });

const RESILIENT = { timeoutMs: 1000, retries: 2, circuitBreaker: true };
export const sync = (from: string, to: string, extra: Loose = {}) => ({
  id: `${from}.${to}`,
  kind: 'sync',
  from,
  to,
  protocol: 'rest',
  resilience: RESILIENT,
  ...extra,
});
export const route = (from: string, to: string, extra: Loose = {}) => ({
  id: `${from}.route.${to}`,
  kind: 'route',
  from,
  to,
  ...extra,
});
export const publish = (from: string, to: string, messages?: string[], extra: Loose = {}) => ({
  id: `${from}-pub-${to}`,
  kind: 'publish',
  from,
  to,
  ...(messages ? { messages } : {}),
  ...extra,
});
export const subscribe = (from: string, to: string, messages?: string[], extra: Loose = {}) => ({
  id: `${from}-sub-${to}`,
  kind: 'subscribe',
  from,
  to,
  ...(messages ? { messages } : {}),
  ...extra,
});
export const data = (
  from: string,
  to: string,
  access: 'read' | 'write' | 'readwrite' = 'readwrite',
  extra: Loose = {},
) => ({
  id: `${from}-data-${to}`,
  kind: 'data',
  from,
  to,
  access,
  ...extra,
});

/** A valid model from parts; throws with every error when the parts do not make one. */
export function model(parts: {
  contexts?: Loose[];
  nodes?: Loose[];
  edges?: Loose[];
  sagas?: Loose[];
  settings?: Loose;
}): Model {
  const result = parseModel({ format: 'meshplan/v1', name: 'test', nodes: [], edges: [], ...parts });
  if (!result.ok)
    throw new Error(
      `test model is invalid:\n${result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`,
    );
  return result.model;
}

export interface InvalidCase {
  name: string;
  model: Model;
  /** Options for the rule in this case (`{ maxDepth: 2 }`). */
  options?: Loose;
  /** The findings of this rule, in lint order; `elements` compared exactly, `severity` and `message` when given. */
  findings: { elements: string[]; severity?: Finding['severity']; message?: string | RegExp }[];
  /** Set for fixable rules: applying every finding's fix one by one leaves no finding of this rule. */
  fixes?: boolean;
}
export interface ValidCase {
  name: string;
  model: Model;
  options?: Loose;
}

/** Only this rule's findings, so that a case may contain other anti-patterns. */
export function findingsOf(rule: Rule, m: Model, options?: Loose): Finding[] {
  const overrides: Record<string, unknown> = Object.fromEntries([...RULES.keys()].map((id) => [id, 'off']));
  overrides[rule.meta.id] = options ?? rule.meta.severity;
  return lint(m, { overrides });
}

/** Table of valid models (no finding of the rule) and invalid ones (exactly these findings). */
export function testRule(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        expect(findingsOf(rule, c.model, c.options)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const found = findingsOf(rule, c.model, c.options);
        expect(found.map((f) => f.elements)).toEqual(c.findings.map((f) => f.elements));
        c.findings.forEach((expected, i) => {
          const actual = found[i] as Finding;
          if (expected.severity !== undefined) expect(actual.severity).toBe(expected.severity);
          if (typeof expected.message === 'string') expect(actual.message).toBe(expected.message);
          else if (expected.message !== undefined) expect(actual.message).toMatch(expected.message);
        });
        if (c.fixes) {
          let fixed = c.model;
          for (let guard = 0; guard < 50; guard++) {
            const next = findingsOf(rule, fixed)[0];
            if (next === undefined) break;
            expect(next.fix, `${rule.meta.id} finding without a fix`).toBeDefined();
            fixed = applyFix(fixed, next);
          }
          expect(findingsOf(rule, fixed)).toEqual([]);
        }
      });
    }
  });
}
