import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModelOrThrow } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { lint } from './engine.js';
import { applyFix } from './fix.js';

// ../shared/examples/ecommerce.json holds one deliberate instance of several anti-patterns. The
// list below was checked by hand against rules.md, rule by rule (see the README): every finding is
// right and none is missing.
const file = fileURLToPath(new URL('../../../../shared/examples/ecommerce.json', import.meta.url));
const shared = existsSync(file);

describe.skipIf(!shared)('the shared e-commerce example (skipped: ../shared is absent)', () => {
  const model = shared ? parseModelOrThrow(readFileSync(file, 'utf8')) : undefined;

  it('gives exactly the findings read by hand', () => {
    const findings = lint(model as NonNullable<typeof model>);
    expect(findings.map((f) => [f.severity, f.rule, f.elements])).toEqual([
      [
        'error',
        'shared-datastore',
        ['customers-db', 'customer-svc', 'auth-svc', 'e-customer-db', 'e-auth-db'],
      ],
      [
        'error',
        'shared-datastore',
        ['orders-db', 'order-svc', 'fulfillment-svc', 'e-order-db', 'e-fulfillment-db'],
      ],
      ['warning', 'missing-gateway', ['mobile', 'customer-svc', 'e-mobile-customer']],
      ['warning', 'missing-health-checks', ['fulfillment-svc']],
      ['warning', 'missing-resilience', ['e-order-customer', 'order-svc', 'customer-svc']],
      ['warning', 'orphan-topic', ['audit-events', 'auth-svc', 'e-audit-pub']],
      [
        'warning',
        'shared-datastore',
        ['catalog-db', 'product-svc', 'search-svc', 'e-product-db', 'e-search-catalogdb'],
      ],
      // order-service gives up on inventory-service after 1 s and on payment-service after 2 s, while
      // they may take 3 s (warehouse: 1 s x 3 attempts) and 5 s (the payment provider).
      ['warning', 'timeout-inversion', ['e-order-inventory', 'order-svc', 'inventory-svc']],
      ['warning', 'timeout-inversion', ['e-order-payment', 'order-svc', 'payment-svc']],
      ['warning', 'unversioned-api', ['customer-svc']],
      ['info', 'missing-observability', ['fulfillment-svc']],
      ['info', 'single-replica', ['warehouse-svc']],
      ['info', 'ungrouped-service', ['warehouse-svc']],
    ]);
  });

  it('names elements by name in every message', () => {
    for (const finding of lint(model as NonNullable<typeof model>)) {
      expect(finding.message).not.toMatch(/"(customer-svc|order-svc|e-[a-z-]+)"/);
    }
  });

  it('loses every fixable finding after its fix, one at a time', () => {
    let current = model as NonNullable<typeof model>;
    for (let i = 0; i < 20; i++) {
      const next = lint(current).find((f) => f.fix !== undefined);
      if (next === undefined) break;
      current = applyFix(current, next);
    }
    expect(lint(current).filter((f) => f.fix !== undefined)).toEqual([]);
    expect(lint(current).map((f) => f.rule)).not.toContain('shared-datastore');
  });
});
