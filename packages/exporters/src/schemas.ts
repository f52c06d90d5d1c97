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

function copyWithoutReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyWithoutReferences);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!REFERENCE_KEYWORDS.has(key)) copy[key] = copyWithoutReferences(child);
  }
  return copy;
}
