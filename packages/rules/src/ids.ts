import type { ModelIndex } from '@meshplan/model';

/**
 * An id like `wanted` that no element of the model has (nor any in `taken`, which it extends):
 * `wanted`, `wanted-2`, `wanted-3`, ... kept to the format's 64 characters and character set.
 */
export function uniqueId(index: ModelIndex, wanted: string, taken: Set<string> = new Set()): string {
  const base = wanted.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 56) || 'element';
  let id = base;
  for (let n = 2; index.element(id) !== undefined || taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
