import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { allModels, exportedTexts } from '../test-support.js';

const require = createRequire(import.meta.url);
// The OASIS SARIF 2.1.0 schema as @microsoft/jest-sarif ships it, as the CLI's tests use it.
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
const Ajv04 = require('ajv-draft-04').default as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats').default as typeof import('ajv-formats').default;
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

describe.each(allModels())('lint files of $name', ({ model, path }) => {
  it.skipIf(model === undefined)(`are the findings as JSON and as valid SARIF 2.1.0 (${path})`, async () => {
    if (model === undefined) return;
    const files = await exportedTexts(model, 'lint');
    expect(files.map((file) => file.path)).toEqual(['lint/findings.json', 'lint/findings.sarif']);
    const [json, sarif] = files.map((file) => JSON.parse(file.text));
    const log = sarif as { runs: { results: unknown[] }[] };
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.runs[0]?.results).toHaveLength((json as { findings: unknown[] }).findings.length);
  });
});

it('the SARIF check does reject a malformed log', () => {
  expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
});
