import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { exportModel } from '@meshplan/exporters';
import { type Edge, type Model, parseModel } from '@meshplan/model';
import { RULES } from '@meshplan/rules';
import { describe, expect, it } from 'vitest';
import {
  analyzeDrift,
  DriftInputError,
  drift,
  driftFromFiles,
  driftSarif,
  driftText,
  hasDrift,
  imageRepositoryName,
  observedStats,
  RULES_NOT_ASKED,
  VISIBLE_KINDS,
} from './index.js';

type Loose = Record<string, unknown>;
const service = (id: string, name: string, extra: Loose = {}) => ({ id, kind: 'service', name, ...extra });
const store = (id: string, name: string, extra: Loose = {}) => ({
  id,
  kind: 'datastore',
  name,
  engine: 'postgres',
  ...extra,
});
const sync = (id: string, from: string, to: string, extra: Loose = {}) => ({
  id,
  kind: 'sync',
  from,
  to,
  protocol: 'rest',
  ...extra,
});
const data = (id: string, from: string, to: string) => ({ id, kind: 'data', from, to, access: 'readwrite' });

/** What tracing saw on an edge, every field as model-format.md has it. */
const seen = (
  calls: number,
  errors: number,
  p50Ms: number,
  p99Ms: number,
  from = '2026-12-01T10:00:00Z',
  to = '2026-12-01T11:00:00Z',
) => ({
  calls,
  errors,
  p50Ms,
  p99Ms,
  from,
  to,
});

/** A valid model (the drift functions take parsed models), or the test fails with the errors. */
function model(parts: { nodes: Loose[]; edges: Loose[]; contexts?: Loose[] }, name = 'Shop'): Model {
  const result = parseModel(JSON.stringify({ format: 'meshplan/v1', name, contexts: [], ...parts }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

/** Orders and Payments in Sales, Inventory in Stock; each with its own store; a web client via a gateway. */
const design = model({
  contexts: [
    { id: 'sales', name: 'Sales' },
    { id: 'stock', name: 'Stock' },
  ],
  nodes: [
    { id: 'web', kind: 'client', name: 'Web app' },
    { id: 'gw', kind: 'gateway', name: 'Edge' },
    service('order-svc', 'Order Service', { context: 'sales' }),
    service('payment-svc', 'Payments', {
      context: 'sales',
      runtime: { image: 'ghcr.io/acme/payment-api:2.1' },
    }),
    service('inventory-svc', 'Inventory', { context: 'stock' }),
    service('loyalty-svc', 'Loyalty', { context: 'sales' }),
    store('orders-db', 'Orders DB', { context: 'sales' }),
    store('inventory-db', 'Inventory DB', { context: 'stock' }),
  ],
  edges: [
    { id: 'r1', kind: 'route', from: 'web', to: 'gw' },
    { id: 'r2', kind: 'route', from: 'gw', to: 'order-svc' },
    sync('e12', 'order-svc', 'payment-svc'),
    sync('e13', 'order-svc', 'inventory-svc'),
    sync('e7', 'order-svc', 'loyalty-svc'),
    data('d1', 'order-svc', 'orders-db'),
    data('d2', 'inventory-svc', 'inventory-db'),
  ],
});

describe('drift: the JSON of drift.md', () => {
  /** What traces of the running system show: other names, one call more, one call and one service less. */
  const observed = model({
    nodes: [
      { id: 'gateway', kind: 'gateway', name: 'gw' },
      service('order-service', 'order-service'),
      service('payment-api', 'payment-api'),
      service('inventory-svc', 'inventory-svc'),
      service('legacy-pricing', 'legacy-pricing'),
      store('inventory-db', 'inventory-db'),
      store('orders', 'orders-db'),
    ],
    edges: [
      sync('o1', 'gateway', 'order-service'),
      sync('o2', 'order-service', 'payment-api', {
        observed: {
          calls: 1520,
          errors: 3,
          p50Ms: 12,
          p99Ms: 85,
          from: '2026-12-01T10:00:00Z',
          to: '2026-12-01T11:00:00Z',
        },
      }),
      sync('o3', 'order-service', 'inventory-svc'),
      data('o4', 'order-service', 'orders'),
      data('o5', 'inventory-svc', 'inventory-db'),
      // Into another context's datastore: the call a reviewer needs to see first.
      data('o6', 'order-service', 'inventory-db'),
      sync('o7', 'order-service', 'legacy-pricing', { observed: seen(40, 0, 3, 9) }),
    ],
  });

  it('matches nodes by id, DNS name and image, and edges by ends and kind family', () => {
    const result = drift(design, observed);
    expect(result.nodes).toEqual([
      { id: 'web', observed: null, status: 'design-only' },
      { id: 'gw', observed: 'gw', status: 'both' },
      { id: 'order-svc', observed: 'order-service', status: 'both' },
      { id: 'payment-svc', observed: 'payment-api', status: 'both' },
      { id: 'inventory-svc', observed: 'inventory-svc', status: 'both' },
      { id: 'loyalty-svc', observed: null, status: 'design-only' },
      { id: 'orders-db', observed: 'orders-db', status: 'both' },
      { id: 'inventory-db', observed: 'inventory-db', status: 'both' },
      { id: null, observed: 'legacy-pricing', status: 'observed-only' },
    ]);
    expect(result.edges).toEqual([
      { from: 'web', to: 'gw', kind: 'route', status: 'design-only', edge: 'r1' },
      // The designed route matches the observed call through the gateway.
      { from: 'gw', to: 'order-svc', kind: 'route', status: 'both', edge: 'r2' },
      {
        from: 'order-svc',
        to: 'payment-svc',
        kind: 'sync',
        status: 'both',
        edge: 'e12',
        observed: {
          calls: 1520,
          errors: 3,
          p50Ms: 12,
          p99Ms: 85,
          from: '2026-12-01T10:00:00Z',
          to: '2026-12-01T11:00:00Z',
        },
      },
      { from: 'order-svc', to: 'inventory-svc', kind: 'sync', status: 'both', edge: 'e13' },
      { from: 'order-svc', to: 'loyalty-svc', kind: 'sync', status: 'design-only', edge: 'e7' },
      { from: 'order-svc', to: 'orders-db', kind: 'data', status: 'both', edge: 'd1' },
      { from: 'inventory-svc', to: 'inventory-db', kind: 'data', status: 'both', edge: 'd2' },
      {
        from: 'order-svc',
        to: 'inventory-db',
        kind: 'data',
        status: 'observed-only',
        edge: null,
        breaks: ['cross-context-datastore', 'shared-datastore'],
      },
      {
        from: 'order-svc',
        to: 'legacy-pricing',
        kind: 'sync',
        status: 'observed-only',
        edge: null,
        observed: seen(40, 0, 3, 9),
      },
    ]);
    expect(result.summary).toEqual({
      nodes: { both: 6, 'design-only': 2, 'observed-only': 1 },
      edges: { both: 5, 'design-only': 2, 'observed-only': 2 },
    });
    // Exactly the spec's fields (and the additive `breaks`), nothing else.
    expect(Object.keys(result)).toEqual(['nodes', 'edges', 'summary']);
  });

  it('says which observed node and edges each entry comes from (what the editor adopts)', () => {
    const { result, sources } = analyzeDrift(design, observed);
    expect(sources.nodes).toHaveLength(result.nodes.length);
    expect(sources.nodes[2]).toBe('order-service');
    expect(sources.nodes.at(-1)).toBe('legacy-pricing');
    expect(sources.nodes[0]).toBeNull();
    expect(sources.edges).toHaveLength(result.edges.length);
    expect(sources.edges[1]).toEqual(['o1']);
    expect(sources.edges[4]).toEqual([]);
    expect(sources.edges.slice(-2)).toEqual([['o6'], ['o7']]);
  });

  it('leads text with the observed calls that break the rules, naming rule and nodes by name', () => {
    const analysis = analyzeDrift(design, observed);
    const text = driftText(analysis, { design: design.name, observation: 'traces.json' });
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.startsWith("Observed calls that break the design's rules"));
    expect(first).toBe(2);
    expect(lines[first + 1]).toBe('  "Order Service" → "Inventory DB" (data access)');
    // The edge once, every rule it breaks under it.
    expect(lines[first + 2]).toMatch(/^ {4}cross-context-datastore \(error\): /);
    expect(lines[first + 3]).toMatch(/^ {4}shared-datastore \((error|warning)\): /);
    expect(lines.filter((line) => line.includes('→ "Inventory DB" (data access)'))).toHaveLength(1);
    expect(text).toContain(
      'cross-context-datastore (error): "Order Service" (in "Sales") reaches datastore "Inventory DB"',
    );
    expect(text).toContain(
      'Also observed, not in the design (1 node, 1 edge):\n  "legacy-pricing"\n  "Order Service" → "legacy-pricing" (sync call, 40 calls, 0 errors, p50 3 ms, p99 9 ms)',
    );
    expect(text).toContain('In the design, not observed (2 nodes, 2 edges):\n  "Web app"\n  "Loyalty"');
    // Ids are not shown where a name exists.
    expect(text).not.toContain('order-svc');
  });

  it('fails on the kind of drift asked about', () => {
    const analysis = analyzeDrift(design, observed);
    expect(hasDrift(analysis, 'observed-only')).toBe(true);
    expect(hasDrift(analysis, 'design-only')).toBe(true);
    const same = analyzeDrift(design, design);
    expect(same.result.summary.edges).toEqual({ both: 7, 'design-only': 0, 'observed-only': 0 });
    expect(hasDrift(same, 'any')).toBe(false);
  });
});

describe('matching', () => {
  it('reads the repository name of an image', () => {
    expect(imageRepositoryName('ghcr.io/acme/order-service:1.4')).toBe('order-service');
    expect(imageRepositoryName('localhost:5000/a/b@sha256:abc')).toBe('b');
    expect(imageRepositoryName('redis')).toBe('redis');
    expect(imageRepositoryName('')).toBeUndefined();
  });

  it('matches by the observed image against the design name, and one to one', () => {
    const observed = model({
      nodes: [
        service('c1', 'container-1', { runtime: { image: 'registry.local/inventory:3' } }),
        // Names the same design node as c1 would, but c1 took it first by a stronger key? No: same key, first wins.
        service('c2', 'inventory'),
      ],
      edges: [],
    });
    const result = drift(design, observed);
    // The DNS-name pass runs before the image pass: c2 ("inventory") takes Inventory, c1 stays unmatched.
    expect(result.nodes.find((n) => n.id === 'inventory-svc')?.observed).toBe('inventory');
    expect(result.nodes.filter((n) => n.status === 'observed-only').map((n) => n.observed)).toEqual([
      'container-1',
    ]);
  });

  it('pairs names that differ only in separators last, and several nodes of one name in order', () => {
    const observed = model({
      nodes: [service('a', 'orderservice'), service('b', 'Loyalty'), service('c', 'loyalty')],
      edges: [],
    });
    const result = drift(design, observed);
    expect(result.nodes.find((n) => n.id === 'order-svc')?.observed).toBe('orderservice');
    expect(result.nodes.find((n) => n.id === 'loyalty-svc')?.observed).toBe('Loyalty');
    expect(result.nodes.filter((n) => n.status === 'observed-only')).toEqual([
      { id: null, observed: 'loyalty', status: 'observed-only' },
    ]);
    const twins = model({
      nodes: [service('x1', 'Twin'), service('x2', 'Twin'), service('x3', 'Twin')],
      edges: [],
    });
    const seen = model({ nodes: [service('t1', 'twin'), service('t2', 'twin')], edges: [] });
    expect(drift(twins, seen).nodes).toEqual([
      { id: 'x1', observed: 'twin', status: 'both' },
      { id: 'x2', observed: 'twin', status: 'both' },
      { id: 'x3', observed: null, status: 'design-only' },
    ]);
  });

  it('takes the map for the rest, by observed name or id', () => {
    const observed = model({
      nodes: [service('x1', 'loyalty-v2'), service('x2', 'ordering')],
      edges: [sync('a', 'x2', 'x1')],
    });
    const result = drift(design, observed, {
      map: { 'loyalty-v2': 'loyalty-svc', x2: 'order-svc', 'not-running': 'web' },
    });
    expect(result.nodes.find((n) => n.id === 'loyalty-svc')).toEqual({
      id: 'loyalty-svc',
      observed: 'loyalty-v2',
      status: 'both',
    });
    expect(result.nodes.find((n) => n.id === 'order-svc')?.observed).toBe('ordering');
    expect(result.edges.find((e) => e.edge === 'e7')?.status).toBe('both');
  });

  it('refuses a map naming a node the design lacks, or one node twice, naming the entry', () => {
    const observed = model({ nodes: [], edges: [] });
    expect(() => drift(design, observed, { map: { legacy: 'pricing-svc' } })).toThrow(
      'map.legacy: no node "pricing-svc" in the design',
    );
    expect(() => drift(design, observed, { map: { a: 'web', 'b c': 'web' } })).toThrow(
      'map["b c"]: node "web" is already the match of "a"',
    );
    expect(() => drift(design, observed, { map: { a: 3 } })).toThrow('map.a: expected a node id (a string)');
    expect(() => drift(design, observed, { map: ['web'] })).toThrow(DriftInputError);
    expect(() => drift(design, observed, { map: { '<script>': '../x' } })).toThrow(
      'map["<script>"]: no node "../x" in the design',
    );
  });
});

describe('observed calls that break the design rules', () => {
  const rulesOf = (observed: Model) =>
    drift(design, observed)
      .edges.filter((edge) => edge.status === 'observed-only')
      .map((edge) => `${edge.from} → ${edge.to}: ${(edge.breaks ?? []).join(', ')}`);

  it('names a cycle the observed call closes, and a client bypassing the gateway', () => {
    const observed = model({
      nodes: [
        { id: 'web', kind: 'client', name: 'web' },
        service('order-svc', 'x'),
        service('payment-svc', 'y'),
        service('inventory-svc', 'z'),
      ],
      edges: [
        sync('a', 'order-svc', 'payment-svc'),
        sync('b', 'payment-svc', 'order-svc'),
        sync('c', 'web', 'inventory-svc'),
        sync('d', 'payment-svc', 'inventory-svc'),
      ],
    });
    expect(rulesOf(observed)).toEqual([
      'payment-svc → order-svc: sync-cycle',
      'web → inventory-svc: missing-gateway',
      // A plain new call breaks nothing (and missing-resilience is not asked: traces cannot know).
      'payment-svc → inventory-svc: ',
    ]);
    expect(drift(design, observed).edges.at(-1)).not.toHaveProperty('breaks');
  });

  it('adds observed-only nodes under their own names, never taking a design id', () => {
    // The observed service has the id of a design edge and calls into a design datastore.
    const observed = model({
      nodes: [service('e12', '<script>alert(1)</script>'), store('inventory-db', 'inventory-db')],
      edges: [data('x', 'e12', 'inventory-db')],
    });
    const analysis = analyzeDrift(design, observed);
    expect(analysis.result.edges.at(-1)).toMatchObject({
      from: '<script>alert(1)</script>',
      to: 'inventory-db',
      status: 'observed-only',
      breaks: ['cross-context-datastore', 'shared-datastore'],
    });
    const messages = analysis.breaks.map((b) => b.finding.message).join('\n');
    // A name that tries to start a line of its own stays on its line in the text.
    const forged = analyzeDrift(
      design,
      model({
        nodes: [service('e12', 'x\nIn both: everything'), store('inventory-db', 'inventory-db')],
        edges: [data('x', 'e12', 'inventory-db')],
      }),
    );
    const text = driftText(forged, { design: 'Shop', observation: 'x.json' });
    expect(text.split('\n').filter((line) => line.startsWith('In both: everything'))).toEqual([]);
    expect(text).toContain('"x\\nIn both: everything"');
    expect(messages).toContain(
      '"<script>alert(1)</script>" (in no bounded context) reaches datastore "Inventory DB"',
    );
  });

  it('respects the design settings: a rule the design turns off is not asked', () => {
    const quiet = { ...design, settings: { rules: { 'cross-context-datastore': 'off' } } } as Model;
    const observed = model({
      nodes: [service('order-svc', 'o'), store('inventory-db', 'i')],
      edges: [data('x', 'order-svc', 'inventory-db')],
    });
    expect(drift(quiet, observed).edges.at(-1)?.breaks).toEqual(['shared-datastore']);
  });

  it('reads an observed call into a design datastore as data access', () => {
    // An importer guessed the database to be a service, and the call to be a sync call.
    const observed = model({
      nodes: [service('order-svc', 'o'), service('orders-db', 'orders-db')],
      edges: [sync('x', 'order-svc', 'orders-db')],
    });
    expect(drift(design, observed).edges.find((e) => e.edge === 'd1')?.status).toBe('both');
  });
});

describe('the rules not asked', () => {
  it('are rules of the catalog (a renamed rule would be asked again)', () => {
    for (const id of RULES_NOT_ASKED) expect(RULES.has(id), id).toBe(true);
  });
});

describe('observed figures', () => {
  it('adds calls and errors of several observed edges of one pair, keeps the larger percentiles and spans the window', () => {
    const observed = model({
      nodes: [service('order-svc', 'o'), service('payment-svc', 'p')],
      edges: [
        sync('a', 'order-svc', 'payment-svc', {
          observed: seen(10, 1, 5, 50, '2026-01-02T00:00:00Z', '2026-01-02T01:00:00Z'),
        }),
        sync('b', 'order-svc', 'payment-svc', {
          protocol: 'grpc',
          observed: seen(5, 2, 9, 20, '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'),
        }),
      ],
    });
    expect(drift(design, observed).edges.find((e) => e.edge === 'e12')?.observed).toEqual({
      calls: 15,
      errors: 3,
      p50Ms: 9,
      p99Ms: 50,
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-03T00:00:00Z',
    });
  });

  it('leaves out what is not a count or a time (an edge from a model that did not pass the schema)', () => {
    const edge = (observed: unknown) => ({ ...sync('x', 'a', 'b'), observed }) as unknown as Edge;
    expect(
      observedStats([
        edge({
          calls: 5,
          errors: 'many',
          p50Ms: -1,
          p99Ms: Number.POSITIVE_INFINITY,
          from: 'soon',
          to: 'x'.repeat(100),
        }),
        edge(null),
        edge('lots'),
      ]),
    ).toEqual({ calls: 5 });
    expect(observedStats([edge(undefined)])).toBeUndefined();
  });
});

/** The text of each exported file, as importers take it. */
async function exported(of: Model, target: 'compose' | 'kubernetes') {
  const files = (await exportModel(of, { targets: [target] })).files;
  return files.map((file) => ({
    path: file.path,
    text: typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content),
  }));
}

describe('a model against its own export', () => {
  // No sync cycle: compose's depends_on cannot hold one, so its export leaves a call out.
  for (const [target, from] of [
    ['compose', 'compose'],
    ['kubernetes', 'k8s'],
  ] as const) {
    it(`is all "both" through ${target}, what the files cannot carry marked unobservable`, async () => {
      const analysis = driftFromFiles(design, { files: await exported(design, target) }, { from });
      const { result } = analysis;
      const seen = result.nodes.filter((n) => n.status !== 'both');
      // The web client and the gateway are not deployed by compose files or manifests.
      expect(seen).toEqual([
        { id: 'web', observed: null, status: 'design-only', unobservable: true },
        { id: 'gw', observed: null, status: 'design-only', unobservable: true },
      ]);
      expect(result.edges.filter((e) => e.status !== 'both').map((e) => [e.edge, e.unobservable])).toEqual([
        ['r1', true],
        ['r2', true],
      ]);
      expect(result.summary.nodes['observed-only']).toBe(0);
      expect(hasDrift(analysis, 'any')).toBe(false);
    });
  }

  it('gives design-only for a call the running system lacks, observed-only for one the design lacks', async () => {
    const withoutCall = { ...design, edges: design.edges.filter((e) => e.id !== 'e13') };
    const lacking = driftFromFiles(
      design,
      { files: await exported(withoutCall, 'compose') },
      { from: 'compose' },
    );
    expect(lacking.result.edges.filter((e) => e.status === 'design-only' && !e.unobservable)).toEqual([
      { from: 'order-svc', to: 'inventory-svc', kind: 'sync', status: 'design-only', edge: 'e13' },
    ]);
    expect(hasDrift(lacking, 'design-only')).toBe(true);
    expect(hasDrift(lacking, 'observed-only')).toBe(false);

    const extra = driftFromFiles(
      withoutCall,
      { files: await exported(design, 'kubernetes') },
      { from: 'k8s' },
    );
    expect(extra.result.edges.filter((e) => e.status === 'observed-only')).toEqual([
      { from: 'order-svc', to: 'inventory-svc', kind: 'sync', status: 'observed-only', edge: null },
    ]);
  });

  it('knows what each source can show', () => {
    expect(VISIBLE_KINDS.compose).toEqual(['service', 'datastore']);
    expect(VISIBLE_KINDS.meshplan).toContain('client');
  });
});

describe('SARIF', () => {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  const Ajv04 = require('ajv-draft-04').default as typeof import('ajv-draft-04').default;
  const addFormats = require('ajv-formats').default as typeof import('ajv-formats').default;
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is valid SARIF 2.1.0, the rule-breaking observed calls first, each result pointing at a known rule', () => {
    const observed = model({
      nodes: [service('order-svc', 'o'), store('inventory-db', 'i'), service('legacy', 'legacy')],
      edges: [data('x', 'order-svc', 'inventory-db'), sync('y', 'legacy', 'order-svc')],
    });
    const text = JSON.stringify(design, null, 2);
    const log = driftSarif(analyzeDrift(design, observed), { artifactUri: 'model.json', text }) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: Loose[] }[];
    };
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [run] = log.runs;
    const ids = run?.results.map((r) => r.ruleId);
    expect(ids?.slice(0, 2)).toEqual(['cross-context-datastore', 'shared-datastore']);
    expect(ids).toContain('drift-observed-only');
    expect(ids).toContain('drift-design-only');
    for (const result of run?.results ?? [])
      expect(run?.tool.driver.rules[result.ruleIndex as number]?.id).toBe(result.ruleId);
    // Located at the line where the design's "order-svc" is written.
    const line = text.split('\n').findIndex((l) => l.includes('"id": "order-svc"')) + 1;
    expect(run?.results[0]).toMatchObject({
      locations: [{ physicalLocation: { region: { startLine: line } } }],
    });
  });
});

describe('the package', () => {
  it('is pure: no node: imports outside tests (the editor runs it in the browser)', () => {
    const source = fileURLToPath(new URL('.', import.meta.url));
    const offenders = readdirSync(source)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .filter((name) =>
        /from ['"](node:|fs|path|os|child_process)/.test(readFileSync(`${source}${name}`, 'utf8')),
      );
    expect(offenders).toEqual([]);
  });
});
