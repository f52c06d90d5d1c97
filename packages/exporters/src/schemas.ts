/** Keywords that point outside the schema they sit in: embedded in another document they dangle. */
const REFERENCE_KEYWORDS = new Set(['$ref', '$dynamicRef', '$id', '$schema', '$anchor', '$dynamicAnchor']);

/**
 * A copy of a JSON Schema from the model that is safe to embed in an exported document: no
 * references (the model's schemas are self-contained; a `$ref` would make a validator fetch or
 * fail), so every exported document resolves offline.
 */
export function embeddableSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return copyWithoutReferences(schema) as Record<string, unknown>;
}

/**
 * Without recursion (a stored model nests at most MAX_DEPTH levels, but nothing here relies on
 * it), and with `__proto__` kept as a key: `copy[key] = …` would set the copy's prototype.
 */
function copyWithoutReferences(value: unknown): unknown {
  const shell = (item: unknown): unknown =>
    Array.isArray(item) ? [] : item !== null && typeof item === 'object' ? {} : item;
  const root = shell(value);
  const pending: [unknown, unknown][] = root === value ? [] : [[value, root]];
  while (pending.length > 0) {
    const [source, target] = pending.pop() as [unknown, unknown];
    const entries = Array.isArray(source)
      ? source.map((item, i): [string | number, unknown] => [i, item])
      : Object.entries(source as object).filter(([key]) => !REFERENCE_KEYWORDS.has(key));
    for (const [key, item] of entries) {
      const copy = shell(item);
      Object.defineProperty(target, key, {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (copy !== item) pending.push([item, copy]);
    }
  }
  return root;
}
