import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { allModels, exportedTexts, OfflineResolver } from '../test-support.js';

async function problems(text: string, ruleset: 'spec' | 'recommended') {
  const config = await createConfig({ extends: [ruleset] });
  const found = await lintFromString({
    source: text,
    absoluteRef: '/export/openapi.yaml',
    config,
    externalRefResolver: new OfflineResolver(),
  });
  return found.map(
    (problem) =>
      `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
  );
}

describe.each(allModels())('OpenAPI of $name', ({ model, path }) => {
  it.skipIf(model === undefined)(
    `passes Redocly's spec ruleset with no problem, recommended with no error (${path})`,
    async () => {
      if (model === undefined) return;
      const files = exportedTexts(model, 'openapi');
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        expect(await problems(file.text, 'spec'), file.path).toEqual([]);
        const recommended = await problems(file.text, 'recommended');
        expect(
          recommended.filter((problem) => problem.startsWith('error')),
          file.path,
        ).toEqual([]);
      }
    },
  );
});
