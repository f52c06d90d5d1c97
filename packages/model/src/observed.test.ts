import { describe, expect, it } from 'vitest';
import { formatError, modelJsonSchema, parseModel } from './index.js';

const observed = {
  calls: 12,
  errors: 1,
  p50Ms: 3.5,
  p99Ms: 40,
  from: '2026-08-19T10:00:00.000Z',
  to: '2026-08-19T10:05:00Z',
};
const modelWith = (value: unknown) => ({
  format: 'meshplan/v1',
  name: 'm',
  nodes: [
    { id: 'a', kind: 'service', name: 'A' },
    { id: 'b', kind: 'service', name: 'B' },
    { id: 'db', kind: 'datastore', name: 'DB', engine: 'postgres' },
  ],
  edges: [
    { id: 'e1', kind: 'sync', from: 'a', to: 'b', protocol: 'rest', observed: value },
    { id: 'e2', kind: 'data', from: 'b', to: 'db', access: 'read', observed: value },
  ],
});
const errorsOf = (value: unknown) => {
  const result = parseModel(value);
  return result.ok ? [] : result.errors.map(formatError);
};

describe('edge.observed (what tracing saw, drift.md)', () => {
  it('is accepted on edges of any kind and kept as given', () => {
    const result = parseModel(modelWith(observed));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.model.edges.map((edge) => edge.observed)).toEqual([observed, observed]);
  });

  it('refuses negative or fractional counts, negative latencies and times that are not ISO', () => {
    expect(errorsOf(modelWith({ ...observed, calls: -1 })).join('\n')).toMatch(/edges\[0\]\.observed\.calls/);
    expect(errorsOf(modelWith({ ...observed, errors: 1.5 })).join('\n')).toMatch(
      /edges\[0\]\.observed\.errors/,
    );
    expect(errorsOf(modelWith({ ...observed, p99Ms: -3 })).join('\n')).toMatch(/edges\[0\]\.observed\.p99Ms/);
    expect(errorsOf(modelWith({ ...observed, from: 'yesterday' })).join('\n')).toMatch(
      /edges\[0\]\.observed\.from/,
    );
    expect(errorsOf(modelWith({ ...observed, to: undefined })).join('\n')).toMatch(
      /edges\[0\]\.observed\.to/,
    );
  });

  it('is in the JSON Schema with its six fields', () => {
    const text = JSON.stringify(modelJsonSchema());
    expect(text).toContain('"observed"');
    for (const field of ['calls', 'errors', 'p50Ms', 'p99Ms']) expect(text).toContain(`"${field}"`);
  });
});
