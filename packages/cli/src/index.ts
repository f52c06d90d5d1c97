export { run } from './cli.js';
export { fixAll, parseRuleFlags } from './commands/lint.js';
export { EXIT, type Io, UsageError } from './io.js';
