import { MAX_DEPTH } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, ImportLimitError, importModel } from './index.js';

const compose = (text: string) =>
  importModel({ files: [{ path: 'docker-compose.yml', text }] }, { from: 'compose' });
const lines = (count: number, line: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => line(i)).join('\n');
const refused = (run: () => unknown): ImportLimitError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportLimitError) return error;
    throw error;
  }
  throw new Error('the import was not refused');
};

describe('alias bombs', () => {
  // ~120 KB: a map of 5,000 variables, and 60 services that each alias it (300,000 entries).
  const composeBomb = `x-big: &big\n${lines(5_000, (i) => `  VARIABLE_${i}: value-${i}`)}\nservices:\n${lines(
    60,
    (i) => `  svc${i}:\n    image: app:${i}\n    environment: *big`,
  )}\n`;

  it('refuses a compose file whose aliases multiply a large map, before building a model', () => {
    expect(composeBomb.length).toBeLessThan(200_000);
    const started = performance.now();
    const error = refused(() => compose(composeBomb));
    expect(error.message).toMatch(
      /^docker-compose\.yml:1:1: expands to more than [\d,]+ values through YAML aliases/,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a Kubernetes manifest whose containers alias a large env list', () => {
    const container = (i: number) => `        - name: c${i}\n          image: app:${i}\n          env: *env`;
    const manifest = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app }\nspec:\n  template:\n    spec:\n      containers:\n        - name: first\n          image: app:0\n          env: &env\n${lines(
      4_000,
      (i) => `            - name: V${i}\n              value: "${i}"`,
    )}\n${lines(60, container)}\n`;
    const error = refused(() =>
      importModel({ files: [{ path: 'k8s.yaml', text: manifest }] }, { from: 'k8s' }),
    );
    expect(error.message).toMatch(/expands to more than [\d,]+ values through YAML aliases/);
  });

  it('still reads anchors used the ordinary way: shared defaults in every service', () => {
    const text = `x-env: &env\n${lines(10, (i) => `  COMMON_${i}: "${i}"`)}\nservices:\n${lines(
      50,
      (i) => `  svc${i}:\n    image: app:${i}\n    environment: *env`,
    )}\n`;
    const { model } = compose(text);
    expect(model.nodes).toHaveLength(50);
  });
});

describe('caps on what an import produces', () => {
  it('reads a large legitimate compose file: 400 services with 20 variables each', () => {
    const text = `services:\n${lines(
      400,
      (i) =>
        `  svc${i}:\n    image: app:${i}\n    environment:\n${lines(20, (v) => `      V${v}: "${i}-${v}"`)}`,
    )}\n`;
    const { model } = compose(text);
    expect(model.nodes).toHaveLength(400);
  });

  it('refuses more services than a model may hold, naming the first one past the cap', () => {
    const text = `services:\n${lines(IMPORT_LIMITS.nodes + 1, (i) => `  s${i}: { image: "a:${i}" }`)}\n`;
    const error = refused(() => compose(text));
    expect(error.message).toMatch(/5,001 services; at most 5,000 are imported/);
    expect(error.source.line).toBe(IMPORT_LIMITS.nodes + 2);
  });

  it('refuses a service with more environment variables than the cap, naming it', () => {
    const text = `services:\n  big:\n    image: app\n    environment:\n${lines(
      IMPORT_LIMITS.envEntries + 1,
      (i) => `      V${i}: "${i}"`,
    )}\n`;
    const error = refused(() => compose(text));
    expect(error.message).toMatch(/service big has 1,001 environment variables; at most 1,000/);
    expect(error.source.path).toBe('docker-compose.yml');
  });

  it('lists at most the cap of report items, and counts the rest in one last item', () => {
    const text = `services:\n${lines(1_200, (i) => `  s${i}:\n    image: "a:${i}"\n    restart: always`)}\n`;
    const { report } = compose(text);
    expect(report.unmapped).toHaveLength(IMPORT_LIMITS.reportItems + 1);
    expect(report.unmapped.at(-1)?.message).toMatch(/^… and 200 more/);
  });

  it('refuses a model whose JSON would pass the size cap (an aliased schema copied into endpoints)', () => {
    const description = 'x'.repeat(1_200_000);
    const text = `openapi: 3.0.0\ninfo: { title: Big, version: "1" }\nx-schema: &schema { type: string, description: "${description}" }\npaths:\n${lines(
      5,
      (i) =>
        `  /p${i}:\n    post:\n      requestBody: { content: { application/json: { schema: *schema } } }\n      responses: { "200": { description: ok } }`,
    )}\n`;
    const error = refused(() => importModel({ files: [{ path: 'api.yaml', text }] }, { from: 'openapi' }));
    expect(error.message).toMatch(/the model would take [\d.]+ MB of JSON; at most 5 MB/);
  });

  it('refuses schemas nested deeper than the model allows, naming the place', () => {
    const levels = MAX_DEPTH + 20;
    const schema = `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;
    const text = `{"openapi":"3.0.0","info":{"title":"Deep","version":"1"},"paths":{"/x":{"post":{"requestBody":{"content":{"application/json":{"schema":${schema}}}},"responses":{"200":{"description":"ok"}}}}}}`;
    expect(() => importModel({ files: [{ path: 'deep.json', text }] }, { from: 'openapi' })).toThrow(
      /deep\.json: the imported model is not valid: nodes\[0\]\.api\.endpoints\[0\]\.request\.properties\.a.*: nested deeper than 100 levels/,
    );
  });
});
