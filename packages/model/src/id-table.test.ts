import { describe, expect, it } from 'vitest';
import { IdTable } from './id-table.js';

describe('IdTable', () => {
  it('keeps the first value of each id and finds it', () => {
    const table = new IdTable(4);
    expect(table.add('a', 1)).toBe(-1);
    expect(table.add('b', 2)).toBe(-1);
    expect(table.add('a', 3)).toBe(1);
    expect([table.get('a'), table.get('b'), table.get('c')]).toEqual([1, 2, -1]);
  });

  it('tells apart ids whose hashes are equal', () => {
    // "costarring" and "liquid" are a known collision of 32-bit FNV-1a.
    const table = new IdTable(2);
    table.add('costarring', 1);
    table.add('liquid', 2);
    expect([table.get('costarring'), table.get('liquid')]).toEqual([1, 2]);
  });

  it('holds as many ids as it was made for, all findable, and refuses one more', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `svc-${i}`);
    const table = new IdTable(ids.length);
    for (const [i, id] of ids.entries()) table.add(id, i);
    expect(ids.every((id, i) => table.get(id) === i)).toBe(true);
    expect(table.get('svc-50000')).toBe(-1);
    expect(() => table.add('one-more', 0)).toThrow(RangeError);
  });
});
