import { styleText } from 'node:util';
import type { Severity } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';

const HEADINGS: Record<Severity, [singular: string, plural: string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'infos'],
};
const COLORS = { error: 'red', warning: 'yellow', info: 'cyan' } as const;

/** Findings grouped by severity, each line the message (elements named by name) and the rule id. */
export function formatText(
  findings: readonly Finding[],
  options: { file: string; modelName: string; color: boolean },
): string {
  const paint = (color: Parameters<typeof styleText>[0], text: string) =>
    options.color ? styleText(color, text) : text;
  if (findings.length === 0) return `${options.file}: ${options.modelName}: no problems\n`;
  const out: string[] = [`${paint('underline', options.file)}: ${options.modelName}`];
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    out.push('', paint(COLORS[severity], `${count(group.length, severity)}`));
    for (const finding of group) {
      const fixable = finding.fix === undefined ? '' : paint('dim', ' (fixable)');
      out.push(`  ${finding.message}  ${paint('dim', finding.rule)}${fixable}`);
    }
  }
  const fixable = findings.filter((finding) => finding.fix !== undefined).length;
  const totals = (['error', 'warning', 'info'] as const).map((s) =>
    count(findings.filter((f) => f.severity === s).length, s),
  );
  out.push('', `${findings.length} ${findings.length === 1 ? 'problem' : 'problems'} (${totals.join(', ')})`);
  if (fixable > 0) out.push(`${fixable} can be fixed with --fix`);
  return `${out.join('\n')}\n`;
}

function count(n: number, severity: Severity): string {
  const [singular, plural] = HEADINGS[severity];
  return `${n} ${n === 1 ? singular : plural}`;
}
