import { toSarif } from '@meshplan/rules';
import type { ExportContext } from '../context.js';
import type { ExportDocument } from '../types.js';

/** The model file's name inside the export, which SARIF results point at. */
const MODEL_FILE = 'meshplan.json';

/** `lint/findings.json` and `lint/findings.sarif` (SARIF 2.1.0, for code-scanning tools). */
export function lintFiles(ctx: ExportContext): ExportDocument[] {
  return [
    { path: 'lint/findings.json', target: 'lint', format: 'json', value: { findings: ctx.findings } },
    {
      path: 'lint/findings.sarif',
      target: 'lint',
      format: 'json',
      value: toSarif(ctx.findings, { artifactUri: MODEL_FILE }),
    },
  ];
}
