import { readFileSync } from 'node:fs';
import { parseModelOrThrow } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { impactView, latencyView } from './impact.js';

const template = parseModelOrThrow(
  readFileSync(new URL('../../../server/templates/ecommerce.json', import.meta.url), 'utf8'),
);

describe('impactView', () => {
  it('marks the failed node, what it takes down by effect, and the edges it came through', () => {
    const view = impactView(template, 'orders-db');
    expect(view.title).toBe('What if "Orders database" fails?');
    expect(Object.fromEntries(view.marks)).toEqual({
      'orders-db': 'failed',
      orders: 'failed',
      'orders-data': 'failed',
      gateway: 'degraded',
      'gw-orders': 'degraded',
      web: 'degraded',
      'web-gw': 'degraded',
      mobile: 'degraded',
      'mobile-gw': 'degraded',
      shipping: 'delayed',
      'orders-shipping': 'delayed',
      notifications: 'delayed',
      'orders-notifications': 'delayed',
      inventory: 'delayed',
      'orders-inventory-sub': 'delayed',
      'orders-pub': 'delayed',
    });
  });

  it('words the impact with names, user-facing first, then the latency budget', () => {
    const { sentences } = impactView(template, 'orders-db');
    expect(sentences[0]).toBe(
      'If "Orders database" fails: 1 fails, 3 degrade, 3 are delayed; users notice on "Web shop", "Mobile app".',
    );
    expect(sentences[1]).toMatch(
      /^"Web shop" degrades \(user-facing\): "Orders database" → "Order service" →/,
    );
    expect(sentences[2]).toMatch(/^"Mobile app" degrades \(user-facing\)/);
    expect(sentences[3]).toBe('"Order service" fails: "Orders database" → "Order service"');
    expect(sentences).toContain(
      'Timeout inversion: "Order service" gives up on "Payment service" after 2,000 ms, but "Payment service" may take 6,000 ms.',
    );
    expect(sentences.find((s) => s.startsWith('Latency budget'))).toContain('"Web shop": ');
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('refuses a node the model does not have', () => {
    expect(() => impactView(template, 'nope')).toThrow('no node "nope"');
  });
});

describe('latencyView', () => {
  it('marks inverted calls and lists each entry point’s worst case through its routes', () => {
    const view = latencyView(template);
    expect(view.marks.get('orders-payments')).toBe('degraded');
    // Web shop → gateway → Order service → Payment service (2 s x 3) → provider (2 s x 3).
    expect(view.sentences[0]).toContain('"Web shop": 12,000 ms');
    expect(view.sentences[1]).toBe(
      'Worst time each caller may spend on its synchronous calls: "Order service" 12,000 ms; "Payment service" 6,000 ms; "Shipping service" 6,000 ms; "Notification service" 6,000 ms.',
    );
  });
});
