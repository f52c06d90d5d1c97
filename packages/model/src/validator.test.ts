import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validate as matchesSchema } from '../generated/validate-model.js';
// @ts-expect-error: a plain script without declarations, run by Node.
import { validatorSource } from '../scripts/validator-source.mjs';
import { modelJsonSchema, modelSchema, parseModel, syntheticModel } from './index.js';

// parseModel trusts the compiled validator's "yes" without asking zod: the two must agree on every
// JSON value, or a model zod refuses could get in.
describe('the compiled validator', () => {
  it('is generated from the current schema (else: npm run generate -w @meshplan/model)', () => {
    const committed = readFileSync(new URL('../generated/validate-model.js', import.meta.url), 'utf8');
    expect((validatorSource as (schema: unknown) => string)(modelJsonSchema()) === committed).toBe(true);
  });

  it('agrees with zod on models changed at random (a field removed, retyped or added)', () => {
    const base = syntheticModel({ services: 12 });
    const anyJson = fc.oneof(
      fc.constantFrom(null, true, 0, -1, 1.5, 65536, '', 'x', 'a b', 'GET', 'service', 'sync', [], {}),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.constantFrom(1, 'x', null), { maxKeys: 2 }),
    );
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), anyJson), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(edits, (changes) => {
        const model = structuredClone(base) as unknown as Record<string, unknown>;
        for (const [at, key, remove, value] of changes) editSomewhere(model, at, key, remove, value);
        const zod = modelSchema.safeParse(model).success;
        if (matchesSchema(model) !== zod)
          throw new Error(`ajv ${!zod}, zod ${zod}: ${JSON.stringify(changes)}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('lets parseModel return a valid model as given, without a copy', () => {
    const model = syntheticModel({ services: 5 });
    const result = parseModel(model);
    expect(result.ok && result.model).toBe(model);
  });
});

/**
 * Picks one object in the model (the `at`-th of all objects, depth first) and removes, replaces or
 * adds one of its fields (the `key`-th, or a field of the schema's vocabulary).
 */
function editSomewhere(
  root: Record<string, unknown>,
  at: number,
  key: number,
  remove: boolean,
  value: unknown,
) {
  const objects: Record<string, unknown>[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value !== null && typeof value === 'object') {
      objects.push(value as Record<string, unknown>);
      for (const field of Object.values(value)) walk(field);
    }
  };
  walk(root);
  const target = objects[at % objects.length] as Record<string, unknown>;
  const keys = [...Object.keys(target), ...VOCABULARY];
  const field = keys[key % keys.length] as string;
  if (remove) delete target[field];
  // A copy: fast-check hands the same `{}` or `[]` to every edit of a run, and one put inside
  // itself by a later edit made a cycle no JSON document can hold (the walk above never ended).
  else target[field] = structuredClone(value);
}

// Field names of the format, so that added fields hit optional ones the generated model leaves out.
const VOCABULARY = [
  'kind',
  'id',
  'name',
  'context',
  'position',
  'api',
  'runtime',
  'observability',
  'endpoints',
  'method',
  'status',
  'port',
  'replicas',
  'autoscale',
  'env',
  'resilience',
  'timeoutMs',
  'retries',
  'operations',
  'messages',
  'access',
  'engine',
  'broker',
  'payload',
  'settings',
  'rules',
  'severity',
  'steps',
  'pivot',
  'size',
];
