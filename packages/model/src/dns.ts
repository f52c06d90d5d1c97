import { FNV_OFFSET, FNV_PRIME, fnv1a } from './fnv.js';

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
  if (label === '') return `n-${hexHash(name)}`;
  return label.length <= MAX_LABEL ? label : label.slice(0, MAX_LABEL).replace(/-+$/, '');
}

/**
 * A 32-bit hash (FNV-1a) of `dnsName(name)`, read from the name without building the label:
 * grouping thousands of nodes by DNS name compares these and builds labels only where two meet.
 * Names outside printable ASCII take `dnsName`'s own path.
 */
export function dnsNameHash(name: string): number {
  let hash = FNV_OFFSET;
  let length = 0;
  let dash = false;
  for (let i = 0; i < name.length; i++) {
    let code = name.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return fnv1a(dnsName(name));
    if (code >= 65 && code <= 90) code += 32; // A-Z → a-z
    if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57))) {
      // A run of other characters is one dash, and only between letters or digits.
      dash = length > 0;
      continue;
    }
    if (dash) {
      // A dash needs a character after it within the limit, or the label ends before it.
      if (length + 2 > MAX_LABEL) break;
      hash = Math.imul(hash ^ 45, FNV_PRIME);
      length++;
      dash = false;
    }
    if (length === MAX_LABEL) break;
    hash = Math.imul(hash ^ code, FNV_PRIME);
    length++;
  }
  return length === 0 ? fnv1a(dnsName(name)) : hash >>> 0;
}

/** Whether `label` is a valid DNS-1123 label. */
export function isDnsLabel(label: string): boolean {
  return label.length <= MAX_LABEL && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label);
}

function hexHash(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0');
}
