import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { meshplan } from './test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'meshplan-cli-import-'));

const compose = `services:
  orders:
    build: ./orders
    environment:
      DB_URL: postgres://orders-db:5432/orders
      PAYMENTS_URL: http://payments:8080/v1
    depends_on: [orders-db]
  payments:
    image: example/payments:1.2
  orders-db:
    image: postgres:16
`;

describe('meshplan import', () => {
  it('guesses the format, writes the model to --out and the report to standard error', async () => {
    const input = join(dir, 'docker-compose.yml');
    writeFileSync(input, compose);
    const out = join(dir, 'model.json');
    const { code, stdout, stderr } = await meshplan('import', input, '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('Imported 2 services, 1 datastore, 0 topics, 0 gateways and 2 edges');
    expect(stderr).toMatch(/docker-compose\.yml:\d+:\d+ {2}.*postgres/);
    const parsed = parseModel(readFileSync(out, 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const edges = parsed.model.edges.map((e) => `${e.kind} ${e.from} → ${e.to}`).sort();
    expect(edges).toEqual(['data orders → orders-db', 'sync orders → payments']);
    // The written model lints as is: import, then lint, in one pipeline.
    expect((await meshplan('lint', out)).code).toBeLessThan(2);
  });

  it('ends the report with its coverage: what is not known, and what would tell it', async () => {
    const input = join(dir, 'compose-coverage.yml');
    writeFileSync(input, `${compose}  audit:\n    build: ./audit\n`);
    const { code, stderr } = await meshplan('import', input, '--out', join(dir, 'coverage.json'));
    expect(code).toBe(0);
    const coverage = stderr.slice(stderr.indexOf('Coverage:'));
    expect(coverage.split('\n').slice(0, 3)).toEqual([
      'Coverage: 3 services.',
      '  2 with no known callers, 2 with no known callees; 1 joined to nothing (audit).',
      '  2 edges: 2 read from the files, 0 guessed.',
    ]);
    expect(coverage).toContain('    traces: the calls of 1 service that no file joins to another');
    expect(coverage).toContain(
      '    API documents: the endpoints of each service and the operations of 1 sync edge',
    );
    expect(coverage).toContain('    deployment files: readiness probes');
    // Coverage closes the report.
    expect(stderr.indexOf('Coverage:')).toBeGreaterThan(stderr.indexOf('Guesses ('));
  });

  it('reads several paths in the order given, compose files merged like docker compose -f', async () => {
    const base = join(dir, 'docker-compose.yml');
    const prod = join(dir, 'docker-compose.prod.yml');
    writeFileSync(base, 'services:\n  web:\n    image: web:1\n    environment: { MODE: dev, KEEP: x }\n');
    writeFileSync(prod, 'services:\n  web:\n    image: web:2\n    environment: { MODE: prod }\n');
    const { code, stdout } = await meshplan('import', base, prod);
    expect(code).toBe(0);
    const parsed = parseModel(stdout);
    expect(parsed.ok && parsed.model.nodes[0]).toMatchObject({
      runtime: { image: 'web:2', env: { MODE: 'prod', KEEP: 'x' } },
    });
    const reversed = await meshplan('import', prod, base);
    const again = parseModel(reversed.stdout);
    expect(again.ok && again.model.nodes[0]).toMatchObject({
      runtime: { image: 'web:1', env: { MODE: 'dev' } },
    });
  });

  it('prints the model to standard output without --out', async () => {
    const input = join(dir, 'compose-stdout.yml');
    writeFileSync(input, compose);
    const { code, stdout } = await meshplan('import', input, '--from', 'compose');
    expect(code).toBe(0);
    expect(parseModel(stdout).ok).toBe(true);
  });

  it('exits 2 with the location on bad input, and on a path that does not exist', async () => {
    const input = join(dir, 'broken.yml');
    writeFileSync(input, 'services:\n  orders: [unclosed\n');
    const broken = await meshplan('import', input, '--from', 'compose');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yml:\d+/);
    const missing = await meshplan('import', join(dir, 'nope.yml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
    const wrongFormat = await meshplan('import', input, '--from', 'nonsense');
    expect(wrongFormat.code).toBe(2);
  });

  const boutique = fileURLToPath(
    new URL('../../../../shared/fixtures/online-boutique/kubernetes-manifests', import.meta.url),
  );
  describe.skipIf(!existsSync(boutique))('a folder of Kubernetes manifests (../shared/fixtures)', () => {
    it('imports Online Boutique with its services and the calls its env vars name', async () => {
      const out = join(dir, 'boutique.json');
      const { code } = await meshplan('import', boutique, '--out', out);
      expect(code).toBe(0);
      const model = JSON.parse(readFileSync(out, 'utf8'));
      const names = model.nodes.map((n: { name: string }) => n.name);
      expect(names).toEqual(
        expect.arrayContaining(['frontend', 'checkoutservice', 'cartservice', 'redis-cart']),
      );
      expect(model.edges).toContainEqual(
        expect.objectContaining({ kind: 'data', from: 'cartservice', to: 'redis-cart' }),
      );
    });
  });
  if (!existsSync(boutique))
    console.warn(`../shared/fixtures not found at ${boutique}: the fixture import test is skipped`);
  describe('trace exports', () => {
    const span = (service: string, spanId: string, parentSpanId: string | undefined, ms: number) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: 'a'.repeat(32),
              spanId,
              ...(parentSpanId === undefined ? {} : { parentSpanId }),
              name: 'GET /x',
              kind: 2,
              startTimeUnixNano: '1760000000000000000',
              endTimeUnixNano: String(1760000000000000000n + BigInt(ms) * 1000000n),
              attributes: [{ key: 'http.route', value: { stringValue: '/x' } }],
            },
          ],
        },
      ],
    });

    it('recognises an OTLP file and reads it with what was observed on each call', async () => {
      const input = join(dir, 'traces.json');
      writeFileSync(
        input,
        JSON.stringify({ resourceSpans: [span('web', '01', undefined, 9), span('api', '02', '01', 4)] }),
      );
      const { code, stdout, stderr } = await meshplan('import', input);
      expect(code).toBe(0);
      expect(stderr).toContain('Read 1 trace and 2 spans (OTLP JSON).');
      const model = JSON.parse(stdout);
      expect(model.edges).toEqual([
        expect.objectContaining({
          kind: 'sync',
          from: 'web',
          to: 'api',
          observed: expect.objectContaining({ calls: 1, p50Ms: 4 }),
        }),
      ]);
    });

    it('streams files larger than other documents may be (here 6 MB, one OTLP document per line)', async () => {
      const input = join(dir, 'big-traces.jsonl');
      const lines: string[] = [];
      for (let i = 0; i < 12_000; i++) {
        const root = (2 * i + 1).toString(16).padStart(16, '0');
        const child = (2 * i + 2).toString(16).padStart(16, '0');
        lines.push(
          JSON.stringify({
            resourceSpans: [span('web', root, undefined, 9), span('api', child, root, 1 + (i % 5))],
          }),
        );
      }
      writeFileSync(input, lines.join('\n'));
      expect(lines.join('\n').length).toBeGreaterThan(5 * 1024 * 1024);
      const { code, stderr } = await meshplan(
        'import',
        input,
        '--from',
        'traces',
        '--out',
        join(dir, 'big.json'),
      );
      expect(stderr).toContain('Read 1 trace and 24,000 spans');
      expect(code).toBe(0);
      const model = JSON.parse(readFileSync(join(dir, 'big.json'), 'utf8'));
      expect(model.edges[0].observed).toMatchObject({ calls: 12_000, errors: 0 });
      // Past 256 calls the latencies are bucketed: within 1% of the true 3 ms and 5 ms.
      expect(Math.abs(model.edges[0].observed.p50Ms - 3) / 3).toBeLessThanOrEqual(0.01);
      expect(Math.abs(model.edges[0].observed.p99Ms - 5) / 5).toBeLessThanOrEqual(0.01);
    });

    it('exits 2 naming the place in a truncated trace file', async () => {
      const input = join(dir, 'cut.json');
      writeFileSync(
        input,
        JSON.stringify({ resourceSpans: [span('web', '01', undefined, 9)] }).slice(0, 120),
      );
      const { code, stderr } = await meshplan('import', input, '--from', 'traces');
      expect(code).toBe(2);
      expect(stderr).toMatch(/cut\.json:1: .*ends/);
    });
  });
});
