import { RULES } from './rules/index.js';
import type { Finding } from './types.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
const DOCS = 'https://github.com/meshplan/meshplan/blob/main/packages/rules/docs/rules';

export interface SarifOptions {
  /** Where the model file is, relative to the repository root (what code scanning shows). */
  artifactUri: string;
  /** The model file's text, to point each result at the line of its first element. */
  text?: string;
  /** The tool version reported in the log. */
  version?: string;
  /**
   * Rules of another analysis reported in the same log beside the catalog (drift's
   * "observed only", say): listed after the catalog's, so a result's `ruleIndex` finds them.
   */
  extraRules?: readonly SarifRule[];
}

/** A rule that is not in the catalog: its id, one sentence, its default level and its docs. */
export interface SarifRule {
  id: string;
  description: string;
  severity: Finding['severity'];
  helpUri: string;
}

/**
 * Findings as a SARIF 2.1.0 log that GitHub code scanning accepts: one run, the whole catalog as
 * `tool.driver.rules`, each result located at the line where its first element's id is written,
 * with a fingerprint from rule and elements so that alerts survive unrelated edits.
 */
export function toSarif(findings: readonly Finding[], options: SarifOptions): Record<string, unknown> {
  const rules: SarifRule[] = [
    ...[...RULES.values()].map(({ meta }) => ({
      id: meta.id,
      description: meta.description,
      severity: meta.severity,
      helpUri: `${DOCS}/${meta.id}.md`,
    })),
    ...(options.extraRules ?? []),
  ];
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const lines = options.text === undefined ? undefined : lineIndex(options.text);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meshplan',
            informationUri: 'https://github.com/meshplan/meshplan',
            semanticVersion: options.version ?? '0.1.0',
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.description },
              helpUri: rule.helpUri,
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['architecture'] },
            })),
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule) ?? -1,
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: options.artifactUri },
                region: {
                  startLine: (lines && findLine(lines, options.text ?? '', finding.elements[0])) ?? 1,
                },
              },
              logicalLocations: finding.elements.map((id) => ({ name: id, kind: 'element' })),
            },
          ],
          partialFingerprints: {
            'meshplanFinding/v1': fingerprint(`${finding.rule}\u0000${finding.elements.join('\u0000')}`),
          },
        })),
      },
    ],
  };
}

function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function findLine(starts: number[], text: string, id: string | undefined): number | undefined {
  if (id === undefined) return undefined;
  const match = new RegExp(`"id"\\s*:\\s*${escapeRegExp(JSON.stringify(id))}`).exec(text);
  if (match === null) return undefined;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= match.index) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** FNV-1a, 64-bit spread over two 32-bit halves: stable and dependency-free, not cryptographic. */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}
