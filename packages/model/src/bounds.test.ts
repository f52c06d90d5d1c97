import { describe, expect, it } from 'vitest';
import { checkTextDepth, formatError, MAX_DEPTH, parseModel } from './index.js';

/** A model whose first endpoint's request schema nests `levels` objects (`properties.a` each). */
function deepSchemaModel(levels: number): string {
  const schema = `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;
  return `{"format":"meshplan/v1","name":"m","nodes":[{"id":"s","kind":"service","name":"S","api":{"style":"rest","endpoints":[{"method":"GET","path":"/","request":${schema}}]}}],"edges":[]}`;
}

/** `{"a":{"a":…}}` built without recursion, `levels` objects deep. */
function nestedValue(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let current = root;
  for (let i = 1; i < levels; i++) {
    const next: Record<string, unknown> = {};
    current.a = next;
    current = next;
  }
  return root;
}

const errorsOf = (input: unknown) => {
  const result = parseModel(input);
  return result.ok ? [] : result.errors.map(formatError);
};

describe('nesting limit', () => {
  it('accepts a realistic deep schema and refuses one past the limit, naming the place', () => {
    // 7 levels of model around the schema, 2 per nested `properties.a`, 1 for the innermost.
    expect(parseModel(deepSchemaModel(40)).ok).toBe(true);
    const errors = errorsOf(deepSchemaModel(3500));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^nodes\\[0\\]\\.api\\.endpoints\\[0\\]\\.request\\.properties\\.a\\.properties\\.a.*: nested deeper than ${MAX_DEPTH} levels$`,
      ),
    );
  });

  it('counts the document as level 1: exactly MAX_DEPTH passes the scan, one more does not', () => {
    const text = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    expect(checkTextDepth(text(MAX_DEPTH))).toBeUndefined();
    expect(checkTextDepth(text(MAX_DEPTH + 1))).toEqual({
      path: `${'[0]'.repeat(MAX_DEPTH)}`,
      message: `nested deeper than ${MAX_DEPTH} levels`,
    });
  });

  it('does not count brackets inside strings, and names keys and indices on the way', () => {
    const brackets = '"[[[{{{\\"[{"';
    expect(checkTextDepth(`{"k${'['.repeat(200)}":${brackets},"x":[${brackets}]}`)).toBeUndefined();
    expect(checkTextDepth('{"a b":[1,2,{"c":[[[[]]]]}]}', 5)).toEqual({
      path: '["a b"][2].c[0][0]',
      message: 'nested deeper than 5 levels',
    });
  });

  it('scans a million levels of text without overflowing the stack', () => {
    const levels = 1_000_000;
    expect(errorsOf(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`)[0]).toMatch(/nested deeper than/);
    expect(errorsOf(`${'['.repeat(levels)}`)[0]).toMatch(/nested deeper than/);
  });

  it('refuses parsed values nested too deeply, without recursion', () => {
    const model = { format: 'meshplan/v1', name: 'm', nodes: [], edges: [], extra: nestedValue(200_000) };
    const errors = errorsOf(model);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^extra\.a\.a\.a.*: nested deeper than 100 levels$/);
  });
});

describe('numbers JSON cannot carry', () => {
  it('refuses 1e309 and -1e309 in text, naming the place', () => {
    const text =
      '{"format":"meshplan/v1","name":"m","nodes":[{"id":"s","kind":"service","name":"S","position":{"x":1e309,"y":-1E+400}}],"edges":[]}';
    expect(errorsOf(text)).toEqual([
      'nodes[0].position.x: Infinity is not a number JSON can carry (finite numbers only, at most about 1.8e308)',
      'nodes[0].position.y: -Infinity is not a number JSON can carry (finite numbers only, at most about 1.8e308)',
    ]);
  });

  it('refuses a 309-digit literal and NaN in values, and keeps large finite numbers', () => {
    const digits = `1${'0'.repeat(309)}`; // 1e309
    expect(errorsOf(`{"format":"meshplan/v1","name":"m","nodes":[],"edges":[],"n":${digits}}`)).toEqual([
      'n: Infinity is not a number JSON can carry (finite numbers only, at most about 1.8e308)',
    ]);
    // 251 digits and a two-digit exponent: 1e349.
    expect(
      errorsOf(`{"format":"meshplan/v1","name":"m","nodes":[],"edges":[],"n":1${'0'.repeat(250)}e99}`),
    ).toEqual(['n: Infinity is not a number JSON can carry (finite numbers only, at most about 1.8e308)']);
    expect(
      errorsOf({ format: 'meshplan/v1', name: 'm', nodes: [], edges: [], x: { y: [Number.NaN] } }),
    ).toEqual(['x.y[0]: NaN is not a number JSON can carry (finite numbers only, at most about 1.8e308)']);
    expect(
      parseModel('{"format":"meshplan/v1","name":"m","nodes":[],"edges":[],"n":1.7e308,"e":"1e999"}').ok,
    ).toBe(true);
  });
});
