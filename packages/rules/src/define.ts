import type { Rule } from './types.js';

/** Identity with a type: keeps every rule file's `export default defineRule({...})` checked. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
