import { describe, expect, it } from 'vitest';
import { embeddableSchema } from './schemas.js';

describe('embeddableSchema', () => {
  it('drops references and keeps prototype-named properties as data', () => {
    const schema = JSON.parse(
      '{"$id":"x","type":"object","properties":{"__proto__":{"type":"string","$ref":"#/a"},"constructor":{"items":[{"$schema":"s","type":"number"}]}}}',
    ) as Record<string, unknown>;
    const copy = embeddableSchema(schema);
    expect(JSON.stringify(copy)).toBe(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"items":[{"type":"number"}]}}}',
    );
    expect(Object.getPrototypeOf(copy.properties)).toBe(Object.prototype);
  });

  it('copies a schema nested 100,000 levels deep without overflowing the stack', () => {
    const root: Record<string, unknown> = {};
    let current = root;
    for (let i = 0; i < 100_000; i++) {
      const next: Record<string, unknown> = { $ref: '#' };
      current.items = [next];
      current = next;
    }
    const copy = embeddableSchema(root);
    let depth = 0;
    for (let at = copy; Array.isArray(at.items); at = at.items[0] as Record<string, unknown>) {
      expect(Object.hasOwn(at, '$ref')).toBe(false);
      depth++;
    }
    expect(depth).toBe(100_000);
  });
});
