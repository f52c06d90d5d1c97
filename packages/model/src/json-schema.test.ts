import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { modelJsonSchema, syntheticModel } from './index.js';
import { sharedPath } from './test-support.js';

describe('modelJsonSchema', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(modelJsonSchema());

  it('accepts valid models', () => {
    expect(validate(syntheticModel({ services: 50 })), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts the shared e-commerce example', (context) => {
    const file = sharedPath('examples/ecommerce.json');
    if (file === undefined) return context.skip('../shared is absent: the shared example is not available');
    expect(validate(JSON.parse(readFileSync(file, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what the format forbids', () => {
    expect(
      validate({ format: 'meshplan/v1', name: 'x', nodes: [{ id: 'a', kind: 'svc', name: 'A' }], edges: [] }),
    ).toBe(false);
    expect(validate({ format: 'meshplan/v2', name: 'x', nodes: [], edges: [] })).toBe(false);
    expect(validate({ format: 'meshplan/v1', nodes: [], edges: [] })).toBe(false);
  });

  it('is a 2020-12 document with a title', () => {
    const schema = modelJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toContain('meshplan/v1');
  });
});
