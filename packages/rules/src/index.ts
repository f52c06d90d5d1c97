export { defineRule } from './define.js';
export { compareFindings, type LintOptions, lint } from './engine.js';
export { applyFix, FixError } from './fix.js';
export * from './impact/index.js';
export { RULES } from './rules/index.js';
export { type SarifOptions, type SarifRule, toSarif } from './sarif.js';
export { checkSettings, type Level, type ResolvedRule, type RuleSettings, resolveRules } from './settings.js';
export type {
  Finding,
  Fix,
  OptionMeta,
  PatchOperation,
  Rule,
  RuleContext,
  RuleMeta,
  RuleOptions,
} from './types.js';
