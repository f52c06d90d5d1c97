import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { formatError, type Model } from '@meshplan/model';
import {
  applyFix,
  checkSettings,
  type Finding,
  FixError,
  lint,
  type RuleSettings,
  toSarif,
} from '@meshplan/rules';
import { formatText } from '../format/text.js';
import { EXIT, type Io, UsageError } from '../io.js';
import { readModelFile } from '../read-model.js';

export type LintFormat = 'text' | 'json' | 'sarif';

export interface LintCommandOptions {
  format: LintFormat;
  fix: boolean;
  /** `--rule id=level` or `--rule 'id={"severity":"error","maxDepth":4}'`, repeatable. */
  rule: string[];
  /** -1: no limit. */
  maxWarnings: number;
}

export async function lintCommand(file: string, options: LintCommandOptions, io: Io): Promise<number> {
  const overrides = parseRuleFlags(options.rule);
  const loaded = await readModelFile(file);
  let model = loaded.model;
  let text = loaded.text;
  if (options.fix) {
    const fixed = fixAll(model, overrides);
    if (fixed.applied.length > 0) {
      model = fixed.model;
      text = `${JSON.stringify(model, null, 2)}\n`;
      await writeFile(file, text);
      io.stderr(
        `Applied ${fixed.applied.length} ${fixed.applied.length === 1 ? 'fix' : 'fixes'} to ${file}:\n`,
      );
      for (const title of fixed.applied) io.stderr(`  ${title}\n`);
    }
  }
  const findings = lint(model, { overrides });
  switch (options.format) {
    case 'json':
      io.stdout(`${JSON.stringify({ findings }, null, 2)}\n`);
      break;
    case 'sarif':
      io.stdout(`${JSON.stringify(toSarif(findings, { artifactUri: toUri(file), text }), null, 2)}\n`);
      break;
    case 'text':
      io.stdout(formatText(findings, { file, modelName: model.name, color: io.color }));
      break;
  }
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  if (errors > 0) return EXIT.findings;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    io.stderr(`meshplan: ${warnings} warnings, more than --max-warnings ${options.maxWarnings} allows\n`);
    return EXIT.findings;
  }
  return EXIT.ok;
}

/**
 * Applies fixes one at a time, linting again after each (a fix changes what the others see), until
 * no finding offers one. A fix that no longer applies is skipped, never forced.
 */
export function fixAll(model: Model, overrides: RuleSettings): { model: Model; applied: string[] } {
  const applied: string[] = [];
  const tried = new Set<string>();
  let current = model;
  for (;;) {
    const next = lint(current, { overrides }).find((f) => f.fix !== undefined && !tried.has(key(f)));
    if (next?.fix === undefined) return { model: current, applied };
    tried.add(key(next));
    try {
      current = applyFix(current, next);
      applied.push(next.fix.title);
    } catch (error) {
      if (!(error instanceof FixError)) throw error;
    }
  }
}

function key(finding: Finding): string {
  return `${finding.rule}\u0000${finding.elements.join('\u0000')}`;
}

export function parseRuleFlags(flags: readonly string[]): RuleSettings {
  const settings: Record<string, unknown> = {};
  for (const flag of flags) {
    const match = /^([^=]+)=(.*)$/s.exec(flag);
    if (match === null)
      throw new UsageError(
        `--rule ${flag}: expected id=level (off, info, warning, error) or id={json options}`,
      );
    const [, id = '', value = ''] = match;
    if (value.trim().startsWith('{')) {
      try {
        settings[id.trim()] = JSON.parse(value);
      } catch {
        throw new UsageError(`--rule ${flag}: the options are not valid JSON`);
      }
    } else settings[id.trim()] = value.trim();
  }
  const errors = checkSettings(settings, '');
  if (errors.length > 0)
    throw new UsageError(
      'invalid --rule',
      errors.map((error) => `--rule ${formatError(error)}`),
    );
  return settings;
}

/** A relative, forward-slash path: what SARIF consumers expect for a file in the repository. */
function toUri(file: string): string {
  const path = relative(process.cwd(), file) || file;
  return path.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
