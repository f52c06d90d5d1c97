import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { allModels, exportedTexts, OfflineResolver } from '../test-support.js';

/**
 * A parser that never leaves the machine: its resolvers answer every file, http and https
 * reference before the default ones can fetch, and record the attempt so that the test fails.
 */
function offlineParser(attempts: string[]): Parser {
  const refuse = (schema: string) => ({
    schema,
    order: 1,
    read: (uri: { toString(): string }) => {
      attempts.push(uri.toString());
      return '{}';
    },
  });
  return new Parser({ __unstable: { resolver: { resolvers: ['file', 'http', 'https'].map(refuse) } } });
}

describe.each(allModels())('AsyncAPI of $name', ({ model, path }) => {
  it.skipIf(model === undefined)(
    `parses with @asyncapi/parser v3 without an error (${path})`,
    async () => {
      if (model === undefined) return;
      const files = await exportedTexts(model, 'asyncapi');
      expect(files.length).toBeGreaterThan(0);
      const attempts: string[] = [];
      const parser = offlineParser(attempts);
      for (const file of files) {
        const { document, diagnostics } = await parser.parse(file.text);
        const errors = diagnostics
          .filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error)
          .map((diagnostic) => `${diagnostic.code}: ${diagnostic.message} at ${diagnostic.path.join('.')}`);
        expect(errors, file.path).toEqual([]);
        expect(document?.version()).toBe('3.0.0');
      }
      expect(attempts).toEqual([]);
    },
    90_000,
  );

  it.skipIf(model === undefined)('passes Redocly lint (spec ruleset) as a fast second check', async () => {
    if (model === undefined) return;
    const config = await createConfig({ extends: ['spec'] });
    for (const file of await exportedTexts(model, 'asyncapi')) {
      const problems = await lintFromString({
        source: file.text,
        absoluteRef: '/export/asyncapi.yaml',
        config,
        externalRefResolver: new OfflineResolver(),
      });
      const errors = problems.filter((problem) => problem.severity === 'error');
      expect(
        errors.map((problem) => `${problem.ruleId}: ${problem.message}`),
        file.path,
      ).toEqual([]);
    }
  });
});

describe('the AsyncAPI check', () => {
  it('does report an error (a reference to a channel that is not there)', async () => {
    const broken = `asyncapi: 3.0.0
info: { title: x, version: "1" }
operations:
  send-x:
    action: send
    channel: { $ref: "#/channels/missing" }
`;
    const { diagnostics } = await offlineParser([]).parse(broken);
    expect(diagnostics.some((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error)).toBe(true);
  });
});
