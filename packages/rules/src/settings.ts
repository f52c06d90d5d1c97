import { formatPath, type Model, type ModelError, SEVERITIES, type Severity } from '@meshplan/model';
import { RULES } from './rules/index.js';
import type { Rule, RuleOptions } from './types.js';

export type Level = Severity | 'off';
const LEVELS: readonly Level[] = ['off', ...SEVERITIES];

/** How one rule runs in one lint: its severity (or off) and its options with defaults filled in. */
export interface ResolvedRule {
  rule: Rule;
  level: Level;
  options: RuleOptions;
}

/** `settings.rules` of a model, or the same shape given on the command line. */
export type RuleSettings = Readonly<Record<string, unknown>>;

/**
 * Checks `settings.rules`: unknown rule ids, unknown option names, and option values of the wrong
 * type are errors (never silently ignored), each with its path in the model.
 */
export function checkSettings(rules: RuleSettings | undefined, pathPrefix = 'settings.rules'): ModelError[] {
  const errors: ModelError[] = [];
  if (rules === undefined) return errors;
  for (const [id, setting] of Object.entries(rules)) {
    const idPath = formatPath([id]);
    const path =
      pathPrefix === '' || idPath.startsWith('[') ? `${pathPrefix}${idPath}` : `${pathPrefix}.${idPath}`;
    const rule = RULES.get(id);
    if (rule === undefined) {
      errors.push({ path, message: `unknown rule "${id}"${suggest(id)}` });
      continue;
    }
    if (typeof setting === 'string') {
      if (!LEVELS.includes(setting as Level)) {
        errors.push({
          path,
          message: `expected one of ${LEVELS.map((l) => `"${l}"`).join(', ')}; got "${setting}"`,
        });
      }
      continue;
    }
    if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) {
      errors.push({
        path,
        message: 'expected a level ("off", "info", "warning", "error") or an object of options',
      });
      continue;
    }
    for (const [name, value] of Object.entries(setting)) {
      if (name === 'severity') {
        if (!LEVELS.includes(value as Level)) {
          errors.push({
            path: `${path}.severity`,
            message: `expected one of ${LEVELS.map((l) => `"${l}"`).join(', ')}`,
          });
        }
        continue;
      }
      const option = rule.meta.options[name];
      const known = Object.keys(rule.meta.options);
      if (option === undefined) {
        const allowed = known.length === 0 ? 'it has no options' : `its options are ${known.join(', ')}`;
        errors.push({ path: `${path}.${name}`, message: `rule "${id}" has no option "${name}"; ${allowed}` });
      } else if (typeof value !== 'number' || !Number.isInteger(value) || value < option.minimum) {
        errors.push({
          path: `${path}.${name}`,
          message: `expected an integer of at least ${option.minimum}; got ${JSON.stringify(value)}`,
        });
      }
    }
  }
  return errors;
}

/**
 * The rules of one lint run: the catalog's defaults, then the model's `settings.rules`, then
 * `overrides` (the CLI's `--rule id=level`), each later one winning. Settings must have passed
 * `checkSettings`.
 */
export function resolveRules(model: Model, overrides: RuleSettings = {}): ResolvedRule[] {
  const fromModel = model.settings?.rules ?? {};
  return [...RULES.values()].map((rule) => {
    let level: Level = rule.meta.severity;
    const options: Record<string, number> = {};
    for (const [name, option] of Object.entries(rule.meta.options)) options[name] = option.default;
    for (const setting of [fromModel[rule.meta.id], overrides[rule.meta.id]]) {
      if (typeof setting === 'string') level = setting as Level;
      else if (typeof setting === 'object' && setting !== null) {
        for (const [name, value] of Object.entries(setting)) {
          if (name === 'severity') level = value as Level;
          else options[name] = value as number;
        }
      }
    }
    return { rule, level, options };
  });
}

function suggest(id: string): string {
  const close = [...RULES.keys()].find((known) => known.includes(id) || id.includes(known));
  return close === undefined ? '' : `; did you mean "${close}"?`;
}
