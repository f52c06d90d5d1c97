import { indexModel, type Model, type ModelIndex, SEVERITIES } from '@meshplan/model';
import { type RuleSettings, resolveRules } from './settings.js';
import type { Finding } from './types.js';

export interface LintOptions {
  /** Per-rule settings that win over the model's own (`--rule id=off` on the command line). */
  overrides?: RuleSettings;
  /** An index already built for this model, to share it with other work. */
  index?: ModelIndex;
}

/**
 * Runs every enabled rule over a valid model (see `parseModel` and `checkSettings`) and returns
 * the findings sorted by severity, then rule id, then first element id. The same in the browser,
 * on the server and in the CLI.
 */
export function lint(model: Model, options: LintOptions = {}): Finding[] {
  const index = options.index ?? indexModel(model);
  const findings: Finding[] = [];
  for (const { rule, level, options: ruleOptions } of resolveRules(model, options.overrides)) {
    if (level === 'off') continue;
    rule.check(model, {
      index,
      options: ruleOptions,
      report({ message, elements, fix, severity }) {
        const graded = level === rule.meta.severity && severity !== undefined ? severity : level;
        const finding: Finding = { rule: rule.meta.id, severity: graded, message, elements };
        if (fix !== undefined) finding.fix = fix;
        findings.push(finding);
      },
    });
  }
  return findings.sort(compareFindings);
}

const SEVERITY_ORDER = new Map(SEVERITIES.map((severity, i) => [severity, i]));

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (SEVERITY_ORDER.get(a.severity) ?? 0) - (SEVERITY_ORDER.get(b.severity) ?? 0) ||
    compareText(a.rule, b.rule) ||
    compareText(a.elements[0] ?? '', b.elements[0] ?? '') ||
    compareText(a.message, b.message)
  );
}

/** Code-unit order, not locale order: the same everywhere the engine runs. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
