export { fixAll, parseRuleFlags } from './commands/lint.js';
export { run } from './cli.js';
export { EXIT, type Io, UsageError } from './io.js';
