import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { diffContracts } from '@meshplan/diff';
import type { Model } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { meshplan, scratchFolder } from './test-support.js';

const { dir, write } = scratchFolder('meshplan-diff-');

const before: Model = {
  format: 'meshplan/v1',
  name: 'Shop',
  nodes: [
    { id: 'web-shop', kind: 'client', name: 'Web shop' },
    { id: 'checkout-bff', kind: 'service', name: 'Checkout BFF' },
    {
      id: 'order-svc',
      kind: 'service',
      name: 'Order service',
      api: {
        style: 'rest',
        version: 'v1',
        endpoints: [
          {
            method: 'GET',
            path: '/v1/orders/{id}',
            status: 200,
            response: {
              type: 'object',
              properties: { id: { type: 'string' }, totalAmount: { type: 'number' } },
              required: ['id', 'totalAmount'],
            },
          },
        ],
      },
    },
  ],
  edges: [
    { id: 'e1', kind: 'sync', from: 'web-shop', to: 'checkout-bff', protocol: 'rest' },
    {
      id: 'e2',
      kind: 'sync',
      from: 'checkout-bff',
      to: 'order-svc',
      protocol: 'rest',
      operations: ['GET /v1/orders/{orderId}'],
    },
  ],
};

const after = structuredClone(before) as Model & {
  nodes: { api?: { endpoints: { response: Record<string, unknown> }[] } }[];
};
const endpoint = after.nodes[2]?.api?.endpoints[0] as {
  response: { properties: Record<string, unknown>; required: string[] };
};
delete endpoint.response.properties.totalAmount;
endpoint.response.required = ['id'];

const oldFile = write('old.json', before);
const newFile = write('new.json', after);
const renamed = write('renamed.json', {
  ...before,
  nodes: before.nodes.map((n) => ({ ...n, description: 'x' })),
});

describe('meshplan diff', () => {
  it('prints diff.md JSON: the example of the spec, consumers and impact included', async () => {
    const { code, stdout } = await meshplan('diff', oldFile, newFile, '--format', 'json');
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed).toEqual(diffContracts(before, after));
    expect(printed.changes[0]).toEqual({
      kind: 'response-property-removed',
      severity: 'breaking',
      element: 'order-svc',
      contract: 'GET /v1/orders/{id}',
      location: 'response.properties.totalAmount',
      message: expect.stringMatching(
        /^GET \/v1\/orders\/\{id\} of "Order service" no longer returns totalAmount, which "Checkout BFF" reads/,
      ),
      consumers: ['checkout-bff'],
      impacted: ['checkout-bff', 'web-shop'],
    });
    expect(printed.summary).toEqual({ breaking: 1, nonBreaking: 0, info: 0 });
  });

  it('exits 1 with --fail-on breaking when something breaks, 0 without breaking changes', async () => {
    expect((await meshplan('diff', oldFile, newFile, '--fail-on', 'breaking')).code).toBe(1);
    expect((await meshplan('diff', oldFile, newFile)).code).toBe(0);
    expect((await meshplan('diff', newFile, oldFile, '--fail-on', 'breaking')).code).toBe(0);
    expect((await meshplan('diff', newFile, oldFile, '--fail-on', 'any')).code).toBe(1);
  });

  it('lists info changes only with --all, and --fail-on any counts what is listed', async () => {
    const plain = await meshplan('diff', oldFile, renamed, '--format', 'json', '--fail-on', 'any');
    expect(JSON.parse(plain.stdout).changes).toEqual([]);
    expect(plain.code).toBe(0);
    const all = await meshplan('diff', oldFile, renamed, '--format', 'json', '--all', '--fail-on', 'any');
    expect(JSON.parse(all.stdout).summary).toEqual({ breaking: 0, nonBreaking: 0, info: 3 });
    expect(all.code).toBe(1);
  });

  it('exits 2 for unreadable input, naming the file and the place', async () => {
    const missing = await meshplan('diff', oldFile, join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: no such file');
    const bad = write('bad.json', { format: 'meshplan/v1', name: 'x', nodes: [{ id: 'a' }], edges: [] });
    const invalid = await meshplan('diff', bad, newFile);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/bad\.json: nodes\[0\]/);
    expect((await meshplan('diff', oldFile, newFile, '--format', 'yaml')).code).toBe(2);
  });

  it('prints text and markdown with the breaking change first, names as data', async () => {
    const hostile = write('hostile.json', {
      ...after,
      nodes: after.nodes.map((n) => (n.id === 'checkout-bff' ? { ...n, name: '<script>[x](y)|' } : n)),
    });
    const text = await meshplan('diff', oldFile, hostile);
    expect(text.stdout).toMatch(/1 breaking/);
    // People read names, not ids: the consumer by its (hostile) name, quoted, as text.
    expect(text.stdout).toContain('consumers: "<script>[x](y)|"');
    const markdown = await meshplan('diff', oldFile, hostile, '--format', 'markdown');
    expect(markdown.stdout).toMatch(/^### 🔴 Meshplan contract check: 1 breaking/);
    expect(markdown.stdout).toContain('\\<script\\>\\[x\\]\\(y\\)\\|');
    expect(markdown.stdout).not.toContain('<script>');
  });

  it('writes SARIF that validates against the 2.1.0 schema', async () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const Ajv04 = require('ajv-draft-04').default as typeof import('ajv-draft-04').default;
    const addFormats = require('ajv-formats').default as typeof import('ajv-formats').default;
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const { code, stdout } = await meshplan('diff', oldFile, newFile, '-f', 'sarif', '--all');
    expect(code).toBe(0);
    const log = JSON.parse(stdout);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const results = log.runs[0].results;
    expect(results[0]).toMatchObject({ ruleId: 'contract-breaking', level: 'error' });
    expect(results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
  });
});
