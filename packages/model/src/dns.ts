const MAX_LABEL = 63;

/**
 * The DNS-1123 label that exporters use for a name: lower case, `a-z0-9` and `-`, starting and
 * ending with a letter or digit, at most 63 characters. `Order Service (EU)` → `order-service-eu`.
 * Accents are folded (`Café` → `cafe`); a name with no usable character at all (`注文`) gets a
 * stable `n-<hash>` so that it still exports and still collides only with itself.
 */
export function dnsName(name: string): string {
  // Most names need one or two new strings at most: each step below runs only when it changes something.
  if (isDnsLabel(name)) return name;
  // Plain ASCII names (nearly all) need no Unicode folding.
  const ascii = /^[\x20-\x7e]*$/.test(name) ? name : name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let label = ascii.toLowerCase();
  if (/[^a-z0-9]/.test(label)) label = label.replace(/[^a-z0-9]+/g, '-');
  if (label.startsWith('-') || label.endsWith('-')) label = label.replace(/^-+|-+$/g, '');
  if (label === '') return `n-${fnv1a(name)}`;
  return label.length <= MAX_LABEL ? label : label.slice(0, MAX_LABEL).replace(/-+$/, '');
}

/** Whether `label` is a valid DNS-1123 label. */
export function isDnsLabel(label: string): boolean {
  return label.length <= MAX_LABEL && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label);
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
