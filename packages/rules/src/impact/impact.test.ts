import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModelOrThrow, syntheticModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import {
  client,
  data,
  datastore,
  gateway,
  model,
  publish,
  route,
  service,
  subscribe,
  sync,
  topic,
} from '../testing.js';
import { blastRadius, UnknownNodeError } from './blast.js';
import { latencyBudget } from './latency.js';
import { blastRadiusText, latencyText } from './words.js';

const plain = (from: string, to: string, resilience: Record<string, unknown> = { timeoutMs: 1000 }) =>
  sync(from, to, { resilience });
const breaker = (from: string, to: string) =>
  sync(from, to, { resilience: { timeoutMs: 1000, circuitBreaker: true } });
const services = (...ids: string[]) => ids.map((id) => service(id));
/** Effects by id, for a compact comparison. */
const effects = (result: ReturnType<typeof blastRadius>) =>
  Object.fromEntries(result.impact.map((entry) => [entry.id, [entry.effect, ...entry.via]]));

describe('blastRadius', () => {
  it('a chain without breakers fails all the way up, each with its path nearest first', () => {
    const m = model({ nodes: services('a', 'b', 'c'), edges: [plain('a', 'b'), plain('b', 'c')] });
    expect(blastRadius(m, 'c')).toEqual({
      fail: 'c',
      impact: [
        { id: 'b', effect: 'failed', via: ['b.c'] },
        { id: 'a', effect: 'failed', via: ['b.c', 'a.b'] },
      ],
      summary: { failed: 2, degraded: 0, delayed: 0, userFacing: [] },
    });
  });

  it('a breaker turns failure into degradation, and degradation spreads up as degradation', () => {
    const m = model({
      nodes: services('a', 'b', 'c', 'd'),
      edges: [plain('a', 'b'), breaker('b', 'c'), plain('c', 'd')],
    });
    expect(effects(blastRadius(m, 'd'))).toEqual({
      c: ['failed', 'c.d'],
      b: ['degraded', 'c.d', 'b.c'],
      a: ['degraded', 'c.d', 'b.c', 'a.b'],
    });
  });

  it('the strongest effect wins over the shortest path', () => {
    // a → d has a breaker (degraded after one step), a → c → d has none (failed after two).
    const m = model({
      nodes: services('a', 'c', 'd'),
      edges: [breaker('a', 'd'), plain('a', 'c'), plain('c', 'd')],
    });
    expect(effects(blastRadius(m, 'd')).a).toEqual(['failed', 'c.d', 'a.c']);
  });

  it('via is a shortest path', () => {
    const m = model({
      nodes: services('a', 'b', 'd'),
      edges: [plain('a', 'b'), plain('b', 'd'), plain('a', 'd')],
    });
    expect(effects(blastRadius(m, 'd')).a).toEqual(['failed', 'a.d']);
  });

  it('an async hop delays the subscribers of a message whose only publisher failed, and stops there', () => {
    const m = model({
      nodes: [
        ...services('orders', 'mail', 'stock', 'billing', 'shop'),
        topic('events', ['OrderCreated', 'InvoiceSent']),
      ],
      edges: [
        publish('orders', 'events', ['OrderCreated']),
        publish('billing', 'events', ['InvoiceSent']),
        subscribe('events', 'mail', ['OrderCreated']),
        subscribe('events', 'stock', ['InvoiceSent']),
        plain('shop', 'mail'),
      ],
    });
    expect(blastRadius(m, 'orders')).toEqual({
      fail: 'orders',
      impact: [{ id: 'mail', effect: 'delayed', via: ['orders-pub-events', 'events-sub-mail'] }],
      summary: { failed: 0, degraded: 0, delayed: 1, userFacing: [] },
    });
  });

  it('a message with another publisher left delays nobody', () => {
    const m = model({
      nodes: [...services('a', 'b', 'c'), topic('t', ['Changed'])],
      edges: [publish('a', 't'), publish('b', 't', ['Changed']), subscribe('t', 'c')],
    });
    expect(blastRadius(m, 'a').impact).toEqual([]);
  });

  it('a failed topic degrades its publishers and delays its subscribers', () => {
    const m = model({
      nodes: [...services('pub', 'sub', 'caller'), topic('t', ['E'])],
      edges: [publish('pub', 't'), subscribe('t', 'sub'), plain('caller', 'pub')],
    });
    expect(effects(blastRadius(m, 't'))).toEqual({
      pub: ['degraded', 'pub-pub-t'],
      caller: ['degraded', 'pub-pub-t', 'caller.pub'],
      sub: ['delayed', 't-sub-sub'],
    });
  });

  it('a fan-out: a datastore fails every service using it; a caller fails with one of its callees', () => {
    const m = model({
      nodes: [...services('a', 'b', 'c', 'front', 'other'), datastore('db')],
      edges: [
        data('a', 'db'),
        data('b', 'db', 'read'),
        plain('front', 'a'),
        plain('front', 'other'),
        plain('c', 'other'),
      ],
    });
    expect(effects(blastRadius(m, 'db'))).toEqual({
      a: ['failed', 'a-data-db'],
      b: ['failed', 'b-data-db'],
      front: ['failed', 'a-data-db', 'front.a'],
    });
  });

  it('a client through a gateway is user-facing impact: degraded by a routed service, failed with its gateway', () => {
    const m = model({
      nodes: [client('web'), client('app'), gateway('gw'), ...services('s', 't')],
      edges: [route('web', 'gw'), route('gw', 's'), route('gw', 't'), plain('app', 't')],
    });
    expect(blastRadius(m, 's')).toEqual({
      fail: 's',
      impact: [
        { id: 'gw', effect: 'degraded', via: ['gw.route.s'] },
        { id: 'web', effect: 'degraded', via: ['gw.route.s', 'web.route.gw'], userFacing: true },
      ],
      summary: { failed: 0, degraded: 2, delayed: 0, userFacing: ['web'] },
    });
    const gatewayDown = blastRadius(m, 'gw');
    expect(effects(gatewayDown)).toEqual({ web: ['failed', 'web.route.gw'] });
    expect(gatewayDown.summary.userFacing).toEqual(['web']);
    expect(effects(blastRadius(m, 't')).app).toEqual(['failed', 'app.t']);
  });

  it('a cycle: both fail together and the failed node is not listed', () => {
    const m = model({
      nodes: services('a', 'b', 'c'),
      edges: [plain('a', 'b'), plain('b', 'a'), plain('c', 'a')],
    });
    expect(effects(blastRadius(m, 'b'))).toEqual({ a: ['failed', 'a.b'], c: ['failed', 'a.b', 'c.a'] });
  });

  it('refuses a node the model does not have, naming it', () => {
    const m = model({ nodes: services('a') });
    expect(() => blastRadius(m, 'nope')).toThrow(UnknownNodeError);
    expect(() => blastRadius(m, 'nope')).toThrow('no node "nope"');
  });

  it('words name elements by their names, user-facing first; hostile names are only text', () => {
    const m = model({
      nodes: [
        client('web', { name: '<script>x</script>' }),
        gateway('gw', { name: 'Edge' }),
        service('s', { name: 'Orders' }),
      ],
      edges: [route('web', 'gw'), route('gw', 's')],
    });
    const lines = blastRadiusText(m, blastRadius(m, 's'));
    expect(lines[0]).toBe(
      'If "Orders" fails: 0 fail, 2 degrade, 0 are delayed; users notice on "<script>x</script>".',
    );
    expect(lines[1]).toBe(
      '  "<script>x</script>" degrades (user-facing): "Orders" → "Edge" → "<script>x</script>"',
    );
    expect(lines[2]).toBe('  "Edge" degrades: "Orders" → "Edge"');
  });
});

describe('latencyBudget', () => {
  it('a chain: budgets are timeout x (retries + 1), worst times add up, an inversion is found', () => {
    const m = model({
      nodes: services('a', 'b', 'c'),
      edges: [
        plain('a', 'b', { timeoutMs: 1000, retries: 2 }),
        plain('b', 'c', { timeoutMs: 600, retries: 1 }),
      ],
    });
    expect(latencyBudget(m)).toEqual({
      edges: [
        { id: 'a.b', budgetMs: 3000 },
        { id: 'b.c', budgetMs: 1200 },
      ],
      nodes: [
        { id: 'a', worstDownstreamMs: 4200 },
        { id: 'b', worstDownstreamMs: 1200 },
      ],
      inversions: [{ edge: 'a.b', timeoutMs: 1000, calleeWorstMs: 1200 }],
      amplifications: [],
    });
  });

  it('a fan-out takes the largest chain', () => {
    const m = model({
      nodes: services('a', 'b', 'c', 'd'),
      edges: [
        plain('a', 'b', { timeoutMs: 5000 }),
        plain('a', 'c', { timeoutMs: 500, retries: 1 }),
        plain('c', 'd', { timeoutMs: 4500 }),
      ],
    });
    expect(latencyBudget(m).nodes).toEqual([
      { id: 'a', worstDownstreamMs: 5500 },
      { id: 'c', worstDownstreamMs: 4500 },
    ]);
  });

  it('a call without a timeout, and a cycle, are unbounded; no inversion is claimed against them', () => {
    const m = model({
      nodes: services('x', 'a', 'b', 'p', 'q'),
      edges: [plain('x', 'a', { timeoutMs: 10 }), plain('a', 'b', {}), plain('p', 'q'), plain('q', 'p')],
    });
    const result = latencyBudget(m);
    expect(result.edges.find((e) => e.id === 'a.b')?.budgetMs).toBeNull();
    expect(result.nodes).toEqual([
      { id: 'x', worstDownstreamMs: null },
      { id: 'a', worstDownstreamMs: null },
      { id: 'p', worstDownstreamMs: null },
      { id: 'q', worstDownstreamMs: null },
    ]);
    expect(result.inversions).toEqual([]);
  });

  it('retries multiply along a chain: reported from the entry beyond maxAttempts, naming its edges', () => {
    const three = { timeoutMs: 100, retries: 2 };
    const m = model({
      nodes: services('a', 'b', 'c', 'd', 'e'),
      edges: [plain('a', 'b', three), plain('b', 'c', three), plain('c', 'd', three), plain('a', 'e', three)],
    });
    expect(latencyBudget(m).amplifications).toEqual([{ edges: ['a.b', 'b.c', 'c.d'], attempts: 27 }]);
    expect(latencyBudget(m, { maxAttempts: 27 }).amplifications).toEqual([]);
  });
});

const file = fileURLToPath(new URL('../../../../../shared/examples/ecommerce.json', import.meta.url));
const shared = existsSync(file);

describe.skipIf(!shared)(
  'the shared e-commerce example (skipped: ../shared/examples/ecommerce.json is absent)',
  () => {
    const m = shared ? parseModelOrThrow(readFileSync(file, 'utf8')) : model({});

    it('customer-service down: impact.md’s example, complete', () => {
      expect(blastRadius(m, 'customer-svc')).toEqual({
        fail: 'customer-svc',
        impact: [
          { id: 'order-svc', effect: 'failed', via: ['e-order-customer'] },
          { id: 'mobile', effect: 'failed', via: ['e-mobile-customer'], userFacing: true },
          { id: 'gw', effect: 'degraded', via: ['e-order-customer', 'e-gw-order'] },
          {
            id: 'web',
            effect: 'degraded',
            via: ['e-order-customer', 'e-gw-order', 'e-web-gw'],
            userFacing: true,
          },
          {
            id: 'fulfillment-svc',
            effect: 'delayed',
            via: ['e-order-customer', 'e-order-pub', 'e-order-events-fulfillment'],
          },
          {
            id: 'inventory-svc',
            effect: 'delayed',
            via: ['e-order-customer', 'e-order-pub', 'e-order-events-inventory'],
          },
          {
            id: 'notify-svc',
            effect: 'delayed',
            via: ['e-order-customer', 'e-order-pub', 'e-order-events-notify'],
          },
        ],
        summary: { failed: 2, degraded: 2, delayed: 3, userFacing: ['mobile', 'web'] },
      });
    });

    it('the payment provider down: protected by a breaker, payment-service degrades and the order path with it', () => {
      expect(effects(blastRadius(m, 'stripe'))).toEqual({
        'payment-svc': ['degraded', 'e-payment-stripe'],
        'order-svc': ['degraded', 'e-payment-stripe', 'e-order-payment'],
        gw: ['degraded', 'e-payment-stripe', 'e-order-payment', 'e-gw-order'],
        web: ['degraded', 'e-payment-stripe', 'e-order-payment', 'e-gw-order', 'e-web-gw'],
      });
    });

    it('latency: two inversions on order-service’s calls, no amplification', () => {
      const result = latencyBudget(m);
      expect(result.edges).toEqual([
        { id: 'e-mobile-customer', budgetMs: null },
        { id: 'e-order-payment', budgetMs: 6000 },
        { id: 'e-order-inventory', budgetMs: 2000 },
        { id: 'e-order-customer', budgetMs: null },
        { id: 'e-inventory-warehouse', budgetMs: 3000 },
        { id: 'e-payment-stripe', budgetMs: 5000 },
      ]);
      expect(result.nodes).toEqual([
        { id: 'mobile', worstDownstreamMs: null },
        { id: 'order-svc', worstDownstreamMs: null },
        { id: 'payment-svc', worstDownstreamMs: 5000 },
        { id: 'inventory-svc', worstDownstreamMs: 3000 },
      ]);
      expect(result.inversions).toEqual([
        { edge: 'e-order-payment', timeoutMs: 2000, calleeWorstMs: 5000 },
        { edge: 'e-order-inventory', timeoutMs: 1000, calleeWorstMs: 3000 },
      ]);
      expect(result.amplifications).toEqual([]);
      expect(latencyText(m, result)).toContain(
        '  "order-service" → "payment-service" gives up after 2,000 ms, but "payment-service" may take 5,000 ms',
      );
    });
  },
);

describe('on synthetic models (properties)', () => {
  const models = [1, 2, 3].map((seed) => syntheticModel({ services: 120, seed }));

  it('every via is a walk from the failed node to the impacted one; the failed node is never listed', () => {
    for (const m of models) {
      const edges = new Map(m.edges.map((edge) => [edge.id, edge]));
      for (const failed of m.nodes.filter((_, i) => i % 7 === 0)) {
        const result = blastRadius(m, failed.id);
        expect(result.impact.map((entry) => entry.id)).not.toContain(failed.id);
        for (const entry of result.impact) {
          let at = failed.id;
          for (const id of entry.via) {
            const edge = edges.get(id);
            expect(
              edge === undefined ? false : edge.from === at || edge.to === at,
              `${entry.id} via ${id}`,
            ).toBe(true);
            at = edge?.from === at ? (edge?.to as string) : (edge?.from as string);
          }
          expect(at).toBe(entry.id);
        }
        const { summary } = result;
        expect(summary.failed + summary.degraded + summary.delayed).toBe(result.impact.length);
      }
    }
  });

  it('a node’s worst time is at least each of its calls’ budget plus its callee’s worst', () => {
    for (const m of models) {
      const result = latencyBudget(m);
      const worst = new Map(result.nodes.map((node) => [node.id, node.worstDownstreamMs]));
      const budget = new Map(result.edges.map((edge) => [edge.id, edge.budgetMs]));
      for (const edge of m.edges) {
        if (edge.kind !== 'sync') continue;
        const caller = worst.get(edge.from);
        const own = budget.get(edge.id);
        const below = worst.get(edge.to) ?? 0;
        if (caller === null) continue;
        expect(own, edge.id).not.toBeNull();
        expect(below, edge.id).not.toBeNull();
        expect(caller as number).toBeGreaterThanOrEqual((own as number) + (below as number));
      }
    }
  });
});
