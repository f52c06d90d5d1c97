import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drift } from '@meshplan/drift';
import { exportModel } from '@meshplan/exporters';
import { importModel } from '@meshplan/importers';
import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { meshplan, scratchFolder } from './test-support.js';

const { dir, write } = scratchFolder('meshplan-drift-');

const design: Model = {
  format: 'meshplan/v1',
  name: 'Shop',
  contexts: [
    { id: 'sales', name: 'Sales' },
    { id: 'stock', name: 'Stock' },
  ],
  nodes: [
    { id: 'web', kind: 'client', name: 'Web app' },
    { id: 'orders', kind: 'service', name: 'Orders', context: 'sales' },
    { id: 'payments', kind: 'service', name: 'Payments', context: 'sales' },
    { id: 'inventory', kind: 'service', name: 'Inventory', context: 'stock' },
    { id: 'orders-db', kind: 'datastore', name: 'Orders DB', engine: 'postgres', context: 'sales' },
    { id: 'stock-db', kind: 'datastore', name: 'Stock DB', engine: 'mysql', context: 'stock' },
  ],
  edges: [
    { id: 'w1', kind: 'sync', from: 'web', to: 'orders', protocol: 'rest' },
    { id: 'c1', kind: 'sync', from: 'orders', to: 'payments', protocol: 'rest' },
    { id: 'c2', kind: 'sync', from: 'orders', to: 'inventory', protocol: 'rest' },
    { id: 'd1', kind: 'data', from: 'orders', to: 'orders-db', access: 'readwrite' },
    { id: 'd2', kind: 'data', from: 'inventory', to: 'stock-db', access: 'readwrite' },
  ],
};

/** A compose file of `model` in a folder of its own, as `meshplan export` writes it. */
async function composeOf(model: Model, name: string): Promise<string> {
  const { files } = await exportModel(model, { targets: ['compose'] });
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const file of files) writeFileSync(join(folder, file.path), file.content);
  return join(folder, 'docker-compose.yml');
}

const designFile = write('design.json', design);
const withoutC2 = write('without-c2.json', { ...design, edges: design.edges.filter((e) => e.id !== 'c2') });
// What runs: Orders also reads the Stock context's database.
const running = composeOf(
  {
    ...design,
    edges: [...design.edges, { id: 'x', kind: 'data', from: 'orders', to: 'stock-db', access: 'read' }],
  },
  'running',
);
const exact = composeOf(design, 'exact');

describe('meshplan drift', () => {
  it('prints drift.md JSON, the same as the package computes from the imported observation', async () => {
    const observed = await running;
    const { code, stdout } = await meshplan('drift', designFile, '--observed', observed, '--format', 'json');
    expect(code).toBe(0);
    const expected = drift(
      design,
      importModel(
        { files: [{ path: 'docker-compose.yml', text: readFileSync(observed, 'utf8') }] },
        { from: 'compose' },
      ).model,
      { visibleKinds: ['service', 'datastore'] },
    );
    expect(JSON.parse(stdout)).toEqual(expected);
    const extra = expected.edges.filter((edge) => edge.status === 'observed-only');
    expect(extra).toEqual([
      {
        from: 'orders',
        to: 'stock-db',
        kind: 'data',
        status: 'observed-only',
        edge: null,
        breaks: ['cross-context-datastore', 'shared-datastore'],
      },
    ]);
  });

  it('exits 1 only for drift of the --fail-on kind', async () => {
    const observed = await running;
    const run = (...args: string[]) => meshplan('drift', designFile, '--observed', observed, ...args);
    expect((await run('--fail-on', 'observed-only')).code).toBe(1);
    expect((await run('--fail-on', 'any')).code).toBe(1);
    // The web client is not in compose files: not drift.
    expect((await run('--fail-on', 'design-only')).code).toBe(0);
    expect((await meshplan('drift', designFile, '--observed', await exact, '--fail-on', 'any')).code).toBe(0);
    const lacking = await meshplan(
      'drift',
      withoutC2,
      '--observed',
      await exact,
      '--fail-on',
      'observed-only',
    );
    expect(lacking.code).toBe(1);
    const missing = await meshplan(
      'drift',
      designFile,
      '--observed',
      await composeOf({ ...design, edges: design.edges.filter((e) => e.id !== 'c1') }, 'missing'),
      '--fail-on',
      'design-only',
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      'In the design, not observed (0 nodes, 1 edge):\n  "Orders" → "Payments" (sync call)',
    );
  });

  it('leads the text with the observed call that breaks a rule, naming the rule', async () => {
    const { stdout } = await meshplan('drift', designFile, '--observed', await running, '--from', 'compose');
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      'Drift of "Shop" against docker-compose.yml (compose)',
      '',
      "Observed calls that break the design's rules (1):",
      '  "Orders" → "Stock DB" (data access)',
    ]);
    expect(stdout).toContain('cross-context-datastore (error)');
    expect(stdout).toContain(
      'In the design, not visible in docker-compose.yml (compose) (1 node, 1 edge):\n  "Web app"',
    );
  });

  it('writes SARIF 2.1.0', async () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const Ajv04 = require('ajv-draft-04').default as typeof import('ajv-draft-04').default;
    const addFormats = require('ajv-formats').default as typeof import('ajv-formats').default;
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const { code, stdout } = await meshplan('drift', designFile, '--observed', await running, '-f', 'sarif');
    expect(code).toBe(0);
    const log = JSON.parse(stdout);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results[0].ruleId).toBe('cross-context-datastore');
  });

  it('takes a map for names that do not match', async () => {
    const renamed = await composeOf(
      {
        ...design,
        nodes: design.nodes.map((n) => (n.id === 'payments' ? { ...n, name: 'Billing API' } : n)),
      },
      'renamed',
    );
    const plain = await meshplan(
      'drift',
      designFile,
      '--observed',
      renamed,
      '-f',
      'json',
      '--fail-on',
      'any',
    );
    expect(plain.code).toBe(1);
    const map = write('names.json', { 'billing-api': 'payments' });
    const mapped = await meshplan(
      'drift',
      designFile,
      '--observed',
      renamed,
      '--map',
      map,
      '-f',
      'json',
      '--fail-on',
      'any',
    );
    expect(mapped.code).toBe(0);
    expect(JSON.parse(mapped.stdout).nodes).toContainEqual({
      id: 'payments',
      observed: 'billing-api',
      status: 'both',
    });
  });

  it('exits 2 naming what is wrong with the input', async () => {
    const observed = await exact;
    const cases: [string[], string][] = [
      [['drift', designFile], "required option '--observed <file|dir>' not specified"],
      [['drift', designFile, '--observed', join(dir, 'nowhere')], 'cannot read'],
      [['drift', designFile, '--observed', observed, '--from', 'excel'], 'Allowed choices are'],
      [['drift', designFile, '--observed', observed, '--fail-on', 'some'], 'Allowed choices are'],
      [['drift', join(dir, 'none.json'), '--observed', observed], 'no such file'],
      [
        [
          'drift',
          write('bad-model.json', { format: 'meshplan/v1', name: 'x', nodes: [{ id: 'a' }], edges: [] }),
          '--observed',
          observed,
        ],
        'bad-model.json: nodes[0]',
      ],
      [
        ['drift', designFile, '--observed', write('bad.yml', 'services:\n  a: [\n'), '--from', 'compose'],
        'bad.yml',
      ],
      [
        ['drift', designFile, '--observed', observed, '--map', write('map.json', '{"a": ')],
        'map.json is not JSON',
      ],
      [
        ['drift', designFile, '--observed', observed, '--map', write('map2.json', { '<script>': 'pricing' })],
        'map2.json: map["<script>"]: no node "pricing" in the design',
      ],
      [['drift', designFile, '--observed', observed, '--map', join(dir, 'no-map.json')], 'cannot read'],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = await meshplan(...argv);
      expect({ argv, code }).toEqual({ argv, code: 2 });
      expect(stderr).toContain(message);
    }
  });
});

// Sock Shop's own Kubernetes manifests and compose file (../shared/fixtures, read in place).
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/sock-shop/', import.meta.url));
const NO_FIXTURES = !existsSync(FIXTURES);

describe.skipIf(NO_FIXTURES)(`a public system against its own files (needs ${FIXTURES})`, () => {
  it('Sock Shop imported from its manifests has no drift against the manifests folder', async () => {
    const design = join(dir, 'sock-shop.json');
    expect((await meshplan('import', `${FIXTURES}kubernetes`, '--out', design)).code).toBe(0);
    const { code, stdout } = await meshplan(
      'drift',
      design,
      '--observed',
      `${FIXTURES}kubernetes`,
      '-f',
      'json',
      '--fail-on',
      'any',
    );
    expect(code).toBe(0);
    const { summary } = JSON.parse(stdout);
    expect(summary.nodes['design-only'] + summary.nodes['observed-only']).toBe(0);
    expect(summary.nodes.both).toBeGreaterThan(10);
  });

  it('finds the services its compose file runs under the same names', async () => {
    const design = join(dir, 'sock-shop-2.json');
    await meshplan('import', `${FIXTURES}kubernetes`, '--out', design);
    const { stdout } = await meshplan(
      'drift',
      design,
      '--observed',
      `${FIXTURES}docker-compose/docker-compose.yml`,
      '-f',
      'json',
    );
    const both = JSON.parse(stdout)
      .nodes.filter((node: { status: string }) => node.status === 'both')
      .map((node: { observed: string }) => node.observed);
    expect(both).toEqual(
      expect.arrayContaining([
        'carts',
        'catalogue',
        'front-end',
        'orders',
        'payment',
        'queue-master',
        'shipping',
        'user',
      ]),
    );
  });
});

/** One OTLP span, as an exporter writes it in JSON. */
function span(trace: string, id: string, parent: string | undefined, kind: number, name: string, ms: number) {
  const start = BigInt(Date.UTC(2026, 11, 1, 10)) * 1_000_000n + BigInt(ms) * 1_000_000n;
  return {
    traceId: trace.padStart(32, '0'),
    spanId: id.padStart(16, '0'),
    ...(parent === undefined ? {} : { parentSpanId: parent.padStart(16, '0') }),
    name,
    kind,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 5_000_000n),
    attributes: [
      { key: 'http.request.method', value: { stringValue: 'GET' } },
      { key: 'http.route', value: { stringValue: name } },
    ],
    status: {},
  };
}
const SERVER = 2;
const CLIENT = 3;
const resource = (service: string, spans: unknown[]) => ({
  resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
  scopeSpans: [{ scope: { name: 'test' }, spans }],
});

describe('meshplan drift --from traces', () => {
  it('names the rule an extra traced call breaks', async () => {
    // Orders calls Payments (designed), and Payments calls back into Orders (not designed: a cycle).
    const otlp = {
      resourceSpans: [
        resource('orders', [
          span('1', 'a1', undefined, SERVER, '/checkout', 0),
          span('1', 'a2', 'a1', CLIENT, '/pay', 1),
          span('2', 'c2', 'c1', SERVER, '/orders/{id}', 3),
        ]),
        resource('payments', [
          span('1', 'b1', 'a2', SERVER, '/pay', 2),
          span('2', 'c0', undefined, SERVER, '/refund', 2),
          span('2', 'c1', 'c0', CLIENT, '/orders/{id}', 3),
        ]),
      ],
    };
    const traces = write('traces.json', otlp);
    const { code, stdout } = await meshplan(
      'drift',
      designFile,
      '--observed',
      traces,
      '--from',
      'traces',
      '-f',
      'json',
      '--fail-on',
      'observed-only',
    );
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.edges).toContainEqual(
      expect.objectContaining({ from: 'orders', to: 'payments', status: 'both', edge: 'c1' }),
    );
    expect(result.edges).toContainEqual(
      expect.objectContaining({
        from: 'payments',
        to: 'orders',
        kind: 'sync',
        status: 'observed-only',
        breaks: ['sync-cycle'],
      }),
    );
  });
});
