import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dnsName, dnsNameHash, isDnsLabel } from './dns.js';

describe('dnsName', () => {
  it.each([
    ['Order Service (EU)', 'order-service-eu'],
    ['order-service', 'order-service'],
    ['  Payments  ', 'payments'],
    ['Café Crème', 'cafe-creme'],
    ['../../etc/passwd', 'etc-passwd'],
    ['<script>alert(1)</script>', 'script-alert-1-script'],
    ['a: b # c\nd', 'a-b-c-d'],
    ['API_v2.Gateway', 'api-v2-gateway'],
  ])('%j → %j', (name, expected) => {
    expect(dnsName(name)).toBe(expected);
    expect(isDnsLabel(dnsName(name))).toBe(true);
  });

  it('cuts long names to 63 characters without a trailing dash', () => {
    const name = dnsName(`${'a'.repeat(62)} b${'c'.repeat(300)}`);
    expect(name).toBe('a'.repeat(62));
    expect(isDnsLabel(dnsName('x'.repeat(300)))).toBe(true);
  });

  it('gives names without a usable character a stable hashed label', () => {
    expect(dnsName('注文')).toMatch(/^n-[0-9a-f]{8}$/);
    expect(dnsName('注文')).toBe(dnsName('注文'));
    expect(dnsName('注文')).not.toBe(dnsName('支払'));
    expect(dnsName('')).toMatch(/^n-/);
  });
});

describe('isDnsLabel', () => {
  it.each([
    ['a', true],
    ['a-b', true],
    ['-a', false],
    ['a-', false],
    ['A', false],
    ['a_b', false],
    ['x'.repeat(64), false],
  ])('%j → %j', (label, expected) => expect(isDnsLabel(label)).toBe(expected));
});

describe('dnsNameHash', () => {
  // The hash of a label is the hash of any name that becomes it: the label hashes itself.
  const hashOfLabel = (name: string) => dnsNameHash(dnsName(name));

  it.each([
    'Order Service (EU)',
    '  Payments  ',
    '--a--b--',
    'Café Crème',
    '注文',
    '',
    '!!!',
    'tab\there',
    `${'a'.repeat(61)} b`,
    `${'a'.repeat(62)} b`,
    `${'a'.repeat(63)}b`,
    `${'a'.repeat(60)}--bc-d`,
  ])('%j hashes as its DNS name does', (name) => {
    expect(dnsNameHash(name)).toBe(hashOfLabel(name));
  });

  it('is a function of the DNS name, for any name', () => {
    const names = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'B', '9', '-', ' ', '_', '.', '(', 'é', '\n'), maxLength: 80 }),
      fc.string({ maxLength: 70 }),
    );
    fc.assert(
      fc.property(names, (name) => dnsNameHash(name) === hashOfLabel(name)),
      { numRuns: 5000 },
    );
  });

  it('tells different DNS names apart (no collision among 20,000 synthetic ones)', () => {
    const hashes = new Set(Array.from({ length: 20_000 }, (_, i) => dnsNameHash(`Service ${i}`)));
    expect(hashes.size).toBe(20_000);
  });
});
