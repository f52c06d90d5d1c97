import { parseModelOrThrow } from '@meshplan/model';
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
      const files = await exportedTexts(model, 'openapi');
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

describe('OpenAPI of a model whose schemas point elsewhere', () => {
  it('stays self-contained: references are dropped, the rest of the schema kept', async () => {
    const model = parseModelOrThrow({
      format: 'meshplan/v1',
      name: 'Refs',
      nodes: [
        {
          id: 'svc',
          kind: 'service',
          name: 'Orders',
          api: {
            style: 'rest',
            endpoints: [
              {
                method: 'POST',
                path: '/orders/{id}/items/{id}',
                request: { $ref: 'https://example.com/order.json', type: 'object' },
                response: { type: 'object', properties: { a: { $ref: '#/definitions/a' } } },
              },
              { method: 'POST', path: '/orders/{other}/items/{id}' },
              { method: 'GET', path: 'orders' },
            ],
          },
        },
      ],
      edges: [],
    });
    const [file] = await exportedTexts(model, 'openapi');
    expect(file?.text).not.toContain('$ref');
    expect(await problems(file?.text ?? '', 'spec')).toEqual([]);
  });
});

describe('the Redocly check', () => {
  it('does report an undeclared path parameter and a duplicate operationId', async () => {
    const broken = `openapi: 3.1.0
info: { title: x, version: "1" }
paths:
  /a/{id}:
    get: { operationId: same, responses: { "200": { description: ok } } }
  /b:
    get: { operationId: same, responses: { "200": { description: ok } } }
`;
    const found = await problems(broken, 'spec');
    expect(found.some((problem) => problem.includes('path-parameters-defined'))).toBe(true);
    expect(found.some((problem) => problem.includes('operation-operationId-unique'))).toBe(true);
  });
});
