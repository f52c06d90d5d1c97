import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { meshplan, scratchFolder } from './test-support.js';

const { dir, write } = scratchFolder('meshplan-impact-');

/** A client through a gateway to a chain: web → gw → orders → stock (no breaker) → db. */
const shop = {
  format: 'meshplan/v1',
  name: 'Shop',
  nodes: [
    { id: 'web', kind: 'client', name: 'Web <shop>' },
    { id: 'gw', kind: 'gateway', name: 'Gateway' },
    { id: 'orders', kind: 'service', name: 'Orders' },
    { id: 'stock', kind: 'service', name: 'Stock' },
    { id: 'db', kind: 'datastore', name: 'Stock DB', engine: 'postgres' },
  ],
  edges: [
    { id: 'r1', kind: 'route', from: 'web', to: 'gw' },
    { id: 'r2', kind: 'route', from: 'gw', to: 'orders' },
    {
      id: 'c1',
      kind: 'sync',
      from: 'orders',
      to: 'stock',
      protocol: 'rest',
      resilience: { timeoutMs: 500, retries: 1 },
    },
    { id: 'd1', kind: 'data', from: 'stock', to: 'db', access: 'readwrite' },
  ],
};

describe('meshplan impact', () => {
  it('--fail --format json prints impact.md’s JSON', async () => {
    const { code, stdout } = await meshplan(
      'impact',
      write('shop.json', shop),
      '--fail',
      'db',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      fail: 'db',
      impact: [
        { id: 'stock', effect: 'failed', via: ['d1'] },
        { id: 'orders', effect: 'failed', via: ['d1', 'c1'] },
        { id: 'gw', effect: 'degraded', via: ['d1', 'c1', 'r2'] },
        { id: 'web', effect: 'degraded', via: ['d1', 'c1', 'r2', 'r1'], userFacing: true },
      ],
      summary: { failed: 2, degraded: 2, delayed: 0, userFacing: ['web'] },
    });
  });

  it('--fail as text names elements by name, user-facing first', async () => {
    const { code, stdout } = await meshplan('impact', write('shop.json', shop), '--fail', 'db');
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'If "Stock DB" fails: 2 fail, 2 degrade, 0 are delayed; users notice on "Web <shop>".',
      '  "Web <shop>" degrades (user-facing): "Stock DB" → "Stock" → "Orders" → "Gateway" → "Web <shop>"',
      '  "Stock" fails: "Stock DB" → "Stock"',
      '  "Orders" fails: "Stock DB" → "Stock" → "Orders"',
      '  "Gateway" degrades: "Stock DB" → "Stock" → "Orders" → "Gateway"',
      '',
    ]);
  });

  it('--latency --format json prints budgets, worst times, inversions and amplifications', async () => {
    const { code, stdout } = await meshplan(
      'impact',
      write('shop.json', shop),
      '--latency',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      edges: [{ id: 'c1', budgetMs: 1000 }],
      nodes: [{ id: 'orders', worstDownstreamMs: 1000 }],
      inversions: [],
      amplifications: [],
    });
  });

  it('--latency as text', async () => {
    const { code, stdout } = await meshplan('impact', write('shop.json', shop), '--latency');
    expect(code).toBe(0);
    expect(stdout).toContain('  "Orders": 1,000 ms');
    expect(stdout).toContain('  "Orders" → "Stock": 1,000 ms');
    expect(stdout).toContain('No timeout inversion.');
  });

  it('exits 2 for an unknown node, naming it, and for an unreadable or invalid model', async () => {
    const unknown = await meshplan('impact', write('shop.json', shop), '--fail', 'order');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no node "order"');
    expect(unknown.stderr).toContain('did you mean "orders" (Orders)?');
    expect((await meshplan('impact', join(dir, 'absent.json'), '--latency')).code).toBe(2);
    const broken = await meshplan(
      'impact',
      write('broken.json', '{"format": "meshplan/v1", "nodes": ['),
      '--latency',
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json');
  });

  it('exits 2 without exactly one of --fail and --latency', async () => {
    const file = write('shop.json', shop);
    expect((await meshplan('impact', file)).code).toBe(2);
    expect((await meshplan('impact', file, '--fail', 'db', '--latency')).code).toBe(2);
  });
});

const example = fileURLToPath(new URL('../../../../shared/examples/ecommerce.json', import.meta.url));
describe.skipIf(!existsSync(example))(
  'meshplan impact on the shared e-commerce example (skipped: absent)',
  () => {
    it('customer-service down: summary of impact.md', async () => {
      const { code, stdout } = await meshplan(
        'impact',
        example,
        '--fail',
        'customer-svc',
        '--format',
        'json',
      );
      expect(code).toBe(0);
      expect(JSON.parse(stdout).summary).toEqual({
        failed: 2,
        degraded: 2,
        delayed: 3,
        userFacing: ['mobile', 'web'],
      });
    });
  },
);
