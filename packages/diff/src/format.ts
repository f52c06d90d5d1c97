import type { Model } from '@meshplan/model';
import { type Finding, type SarifRule, toSarif } from '@meshplan/rules';
import type { ChangeSeverity, ContractChange, ContractDiff } from './contracts.js';

/** What `--fail-on` can ask about. */
export const DIFF_FAIL_ON = ['breaking', 'any'] as const;
export type DiffFailOn = (typeof DIFF_FAIL_ON)[number];

/**
 * Whether the comparison meets `--fail-on`: `breaking` when a change breaks a consumer, `any`
 * when anything is listed (info changes count only when they are listed, with `--all`).
 */
export function meetsFailOn(diff: ContractDiff, failOn: DiffFailOn): boolean {
  return failOn === 'breaking' ? diff.summary.breaking > 0 : diff.changes.length > 0;
}

/** Names and messages are data from a file: control characters escaped, so no line is forged. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
}

const HEADINGS: Record<ChangeSeverity, string> = {
  breaking: 'Breaking',
  'non-breaking': 'Not breaking',
  info: 'Other changes',
};

const SEVERITIES: readonly ChangeSeverity[] = ['breaking', 'non-breaking', 'info'];

function summaryLine(diff: ContractDiff): string {
  const { breaking, nonBreaking, info } = diff.summary;
  const parts = [`${breaking} breaking`, `${nonBreaking} not breaking`];
  if (info > 0) parts.push(`${info} other`);
  return parts.join(', ');
}

/** For people in a terminal: breaking changes first, each with its consumers and impact. */
/** How people call an element: its name where the models have one, else its id. */
export type NameOf = (id: string) => string;
const byId: NameOf = (id) => id;

/** Names of the elements of both versions (the newer one's where both have it): for the text and markdown. */
export function namesOf(before: Model, after: Model): NameOf {
  const names = new Map<string, string>();
  for (const model of [before, after])
    for (const element of [...model.nodes, ...(model.contexts ?? [])]) names.set(element.id, element.name);
  return (id) => names.get(id) ?? id;
}

export function diffText(
  diff: ContractDiff,
  title: { before: string; after: string },
  nameOf: NameOf = byId,
): string {
  const out = [
    `Contract changes from ${oneLine(title.before)} to ${oneLine(title.after)}: ${summaryLine(diff)}`,
  ];
  for (const severity of SEVERITIES) {
    const changes = diff.changes.filter((change) => change.severity === severity);
    if (changes.length === 0) continue;
    out.push('', `${HEADINGS[severity]} (${changes.length}):`);
    for (const change of changes) {
      out.push(
        `  ${change.kind}  ${oneLine(change.contract)}${change.location ? `  ${oneLine(change.location)}` : ''}`,
      );
      out.push(`    ${oneLine(change.message)}`);
      const named = (ids: readonly string[]) => ids.map((id) => `"${oneLine(nameOf(id))}"`).join(', ');
      if (change.consumers.length > 0) out.push(`    consumers: ${named(change.consumers)}`);
      if (change.impacted.length > change.consumers.length)
        out.push(`    impacted: ${named(change.impacted)}`);
    }
  }
  if (diff.changes.length === 0) out.push('', 'No changes.');
  return `${out.join('\n')}\n`;
}

/**
 * Markdown text is data: everything that could open a link, an image, HTML or a table cell is
 * escaped, so a service called `<script>` or `[x](y)` reads as itself in a pull-request comment.
 */
export function markdownEscape(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

const code = (text: string) => `\`${oneLine(text).replace(/`/g, "'")}\``;

/** For a pull-request comment: a verdict line, a table of breaking changes, the rest folded. */
export function diffMarkdown(
  diff: ContractDiff,
  title: { before: string; after: string },
  nameOf: NameOf = byId,
): string {
  const { breaking } = diff.summary;
  const out = [
    `### ${breaking > 0 ? '🔴' : '🟢'} Meshplan contract check: ${summaryLine(diff)}`,
    '',
    `Comparing ${code(title.before)} with ${code(title.after)}.`,
  ];
  const row = (change: ContractChange) =>
    `| ${code(change.contract)} | ${code(change.kind)} | ${markdownEscape(change.message)} | ${change.consumers.map((id) => markdownEscape(nameOf(id))).join(', ')} | ${change.impacted.map((id) => markdownEscape(nameOf(id))).join(', ')} |`;
  const table = (changes: readonly ContractChange[]) => [
    '| contract | change | what it means | consumers | impacted |',
    '|---|---|---|---|---|',
    ...changes.map(row),
  ];
  const breakingChanges = diff.changes.filter((change) => change.severity === 'breaking');
  if (breakingChanges.length > 0) out.push('', '#### Breaking', '', ...table(breakingChanges));
  for (const severity of ['non-breaking', 'info'] as const) {
    const changes = diff.changes.filter((change) => change.severity === severity);
    if (changes.length === 0) continue;
    out.push(
      '',
      `<details><summary>${HEADINGS[severity]} (${changes.length})</summary>`,
      '',
      ...table(changes),
      '',
      '</details>',
    );
  }
  if (diff.changes.length === 0) out.push('', 'No contract changes.');
  return `${out.join('\n')}\n`;
}

const DOCS = 'https://github.com/meshplan/meshplan/blob/main/README.md#what-a-change-breaks-meshplan-diff';

export const DIFF_SARIF_RULES: readonly SarifRule[] = [
  {
    id: 'contract-breaking',
    description: 'A change to an endpoint or a message that breaks the elements that depend on it.',
    severity: 'error',
    helpUri: DOCS,
  },
  {
    id: 'contract-non-breaking',
    description: 'A change to an endpoint or a message that its consumers can live with.',
    severity: 'info',
    helpUri: DOCS,
  },
  {
    id: 'model-change',
    description: 'A change to the model that is not a contract change.',
    severity: 'info',
    helpUri: DOCS,
  },
];

const RULE_OF: Record<ChangeSeverity, string> = {
  breaking: 'contract-breaking',
  'non-breaking': 'contract-non-breaking',
  info: 'model-change',
};

/**
 * A SARIF 2.1.0 log with the rules package's writer: one result per change, located at the line
 * of the NEW file where the owning element's id is written (the consumers follow it).
 */
export function diffSarif(
  diff: ContractDiff,
  options: { artifactUri: string; text?: string; version?: string },
): Record<string, unknown> {
  const findings: Finding[] = diff.changes.map((change) => ({
    rule: RULE_OF[change.severity],
    severity: change.severity === 'breaking' ? 'error' : 'info',
    message: `${change.kind}: ${change.message}`,
    elements: [...new Set([change.element, ...change.consumers].filter((id) => id !== ''))],
  }));
  return toSarif(findings, { ...options, extraRules: DIFF_SARIF_RULES });
}
