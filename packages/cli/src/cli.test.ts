import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { meshplan, scratchFolder } from './test-support.js';

const { dir, write } = scratchFolder('meshplan-cli-');

const base = { format: 'meshplan/v1', name: 'Shop', contexts: [{ id: 'c', name: 'Sales' }] };
const svc = (id: string, name: string, extra = {}) => ({
  id,
  kind: 'service',
  name,
  context: 'c',
  observability: { tracing: true, metrics: true },
  ...extra,
});
/** Two services writing one datastore: one error (shared-datastore), fixable. */
const sharedStore = {
  ...base,
  nodes: [
    svc('orders', 'Orders'),
    svc('billing', 'Billing'),
    { id: 'db', kind: 'datastore', name: 'Sales DB', engine: 'postgres', context: 'c' },
  ],
  edges: [
    { id: 'e1', kind: 'data', from: 'orders', to: 'db', access: 'readwrite' },
    { id: 'e2', kind: 'data', from: 'billing', to: 'db', access: 'write' },
  ],
};
/** Only a warning: a topic with a publisher and no subscriber. */
const onlyWarning = {
  ...base,
  nodes: [
    svc('orders', 'Orders'),
    { id: 't', kind: 'topic', name: 'Order events', broker: 'kafka', messages: [{ name: 'Placed' }] },
  ],
  edges: [{ id: 'p', kind: 'publish', from: 'orders', to: 't', messages: ['Placed'] }],
};

describe('meshplan lint', () => {
  it('prints findings grouped by severity, naming elements by name, and exits 1 on an error', async () => {
    const { code, stdout } = await meshplan('lint', write('shared.json', sharedStore));
    expect(code).toBe(1);
    expect(stdout).toMatch(/^1 error$/m);
    expect(stdout).toContain('"Sales DB"');
    expect(stdout).toContain('shared-datastore');
    expect(stdout).not.toContain('"db"');
    expect(stdout).toMatch(/can be fixed with --fix/);
  });

  it('exits 0 on warnings alone, and 1 when they exceed --max-warnings', async () => {
    const file = write('warning.json', onlyWarning);
    expect((await meshplan('lint', file)).code).toBe(0);
    expect((await meshplan('lint', file, '--max-warnings', '1')).code).toBe(0);
    const over = await meshplan('lint', file, '--max-warnings', '0');
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('--max-warnings 0');
  });

  it('prints { findings } as JSON in the catalog form', async () => {
    const { code, stdout } = await meshplan('lint', write('shared.json', sharedStore), '--format', 'json');
    expect(code).toBe(1);
    const { findings } = JSON.parse(stdout);
    expect(findings.map((f: { rule: string }) => f.rule)).toContain('shared-datastore');
    for (const finding of findings) {
      expect(Object.keys(finding).sort()).toEqual(
        expect.arrayContaining(['elements', 'message', 'rule', 'severity']),
      );
    }
  });

  it('sets rules from the command line, over the model settings', async () => {
    const file = write('shared-off.json', {
      ...sharedStore,
      settings: { rules: { 'orphan-topic': 'error' } },
    });
    const off = await meshplan('lint', file, '--rule', 'shared-datastore=off', '--format', 'json');
    expect(JSON.parse(off.stdout).findings.map((f: { rule: string }) => f.rule)).not.toContain(
      'shared-datastore',
    );
    const warning = write('w.json', { ...onlyWarning, settings: { rules: { 'orphan-topic': 'error' } } });
    expect((await meshplan('lint', warning)).code).toBe(1);
    expect((await meshplan('lint', warning, '--rule', 'orphan-topic=info')).code).toBe(0);
  });

  it('refuses unknown rules and options, in flags and in settings, with exit 2', async () => {
    const file = write('ok.json', onlyWarning);
    const flag = await meshplan('lint', file, '--rule', 'no-such-rule=off');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--rule no-such-rule: unknown rule "no-such-rule"');
    const option = await meshplan('lint', file, '--rule', 'chatty-chain={"depth":2}');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('rule "chatty-chain" has no option "depth"; its options are maxDepth');
    const settings = write('bad-settings.json', {
      ...onlyWarning,
      settings: { rules: { 'orphan-topic': { severity: 'warning', limit: 1 } } },
    });
    const inModel = await meshplan('lint', settings);
    expect(inModel.code).toBe(2);
    expect(inModel.stderr).toContain(
      'settings.rules.orphan-topic.limit: rule "orphan-topic" has no option "limit"',
    );
  });

  it('exits 2 with every error and its path on an invalid model', async () => {
    const file = write('invalid.json', {
      ...base,
      nodes: [svc('a', 'A')],
      edges: [{ id: 'e', kind: 'sync', from: 'a', to: 'svc-x', protocol: 'rest' }],
    });
    const { code, stderr, stdout } = await meshplan('lint', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${file}: edges[0].to: no node "svc-x"`);
  });

  it('exits 2 on unreadable input: bad JSON, a missing file, a directory', async () => {
    const bad = await meshplan('lint', write('bad.json', '{"format": "meshplan/v1",'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not valid JSON at line 1, column \d+/);
    const missing = await meshplan('lint', join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect((await meshplan('lint', dir)).code).toBe(2);
  });

  it('exits 2 on a wrong command line', async () => {
    expect((await meshplan('lint')).code).toBe(2);
    expect((await meshplan('lint', 'x.json', '--format', 'xml')).code).toBe(2);
    expect((await meshplan('lint', 'x.json', '--max-warnings', '-3')).code).toBe(2);
    expect((await meshplan('frobnicate')).code).toBe(2);
  });

  it('--fix applies the fixes, writes the model back, and the finding is gone', async () => {
    const file = write('fix.json', sharedStore);
    const { code, stderr } = await meshplan('lint', file, '--fix', '--format', 'json');
    expect(stderr).toMatch(/Applied \d+ fix/);
    const fixed = JSON.parse(readFileSync(file, 'utf8'));
    expect(fixed.nodes.length).toBeGreaterThan(sharedStore.nodes.length);
    const again = await meshplan('lint', file, '--format', 'json');
    expect(JSON.parse(again.stdout).findings.map((f: { rule: string }) => f.rule)).not.toContain(
      'shared-datastore',
    );
    expect(code).toBe(again.code);
  });
});

describe('meshplan lint --format sarif', () => {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  // Both are CommonJS with a `default` export: load them as such.
  const Ajv04 = require('ajv-draft-04').default as typeof import('ajv-draft-04').default;
  const addFormats = require('ajv-formats').default as typeof import('ajv-formats').default;
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is valid SARIF 2.1.0 with the fields GitHub code scanning needs', async () => {
    const file = write('sarif.json', sharedStore);
    const { stdout } = await meshplan('lint', file, '--format', 'sarif');
    const log = JSON.parse(stdout);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run.tool.driver.name).toBe('meshplan');
    expect(run.tool.driver.rules.length).toBe(25);
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'shared-datastore');
    expect(result.level).toBe('error');
    const location = result.locations[0].physicalLocation;
    expect(location.artifactLocation.uri).toMatch(/sarif\.json$/);
    // The line where the datastore's id is written.
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"id": "db"')) + 1;
    expect(location.region.startLine).toBe(line);
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('shared-datastore');
  });
});

describe('meshplan schema', () => {
  it('prints the JSON Schema of the format', async () => {
    const { code, stdout } = await meshplan('schema');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).title).toContain('meshplan/v1');
  });
});

describe('the installed bin', () => {
  const bin = fileURLToPath(new URL('../bin/meshplan.js', import.meta.url));
  const built = existsSync(fileURLToPath(new URL('../dist/bin.js', import.meta.url)));

  it.skipIf(!built)('runs as a process with the documented exit codes', () => {
    const lintRun = spawnSync(
      process.execPath,
      [bin, 'lint', write('bin.json', sharedStore), '--format', 'json'],
      { encoding: 'utf8' },
    );
    expect(lintRun.status).toBe(1);
    expect(JSON.parse(lintRun.stdout).findings.length).toBeGreaterThan(0);
    const bad = spawnSync(process.execPath, [bin, 'lint', write('bin-bad.json', '{')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});
