// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import { join } from 'node:path';
import { MAX_DEPTH } from '@meshplan/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './db.js';
import { apiClient, createModel, expectProblem, minimalModel, testServer } from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await testServer();
  api = apiClient(server.url);
});
afterAll(() => server.close());

/** A model whose endpoint's request schema nests `levels` objects: ~18 KB at 3,500. */
function deepSchemaModel(levels: number): string {
  const schema = `${'{"properties":{"a":'.repeat(levels)}{}${'}}'.repeat(levels)}`;
  return `{"format":"meshplan/v1","name":"Deep","nodes":[{"id":"s","kind":"service","name":"S","api":{"style":"rest","endpoints":[{"method":"POST","path":"/x","request":${schema}}]}}],"edges":[]}`;
}
const overflowing = JSON.stringify(minimalModel).replace('"nodes":[]', '"nodes":[],"scale":1e309');

async function storedCounts(): Promise<{ models: number; revisions: number }> {
  const db = await Database.open(join(server.dataDir, 'meshplan.db'));
  try {
    const models = await db.get<{ n: number }>('SELECT count(*) AS n FROM models');
    const revisions = await db.get<{ n: number }>('SELECT count(*) AS n FROM revisions');
    return { models: models?.n ?? -1, revisions: revisions?.n ?? -1 };
  } finally {
    await db.close();
  }
}

const post = (path: string, body: string) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('bodies nested too deeply, and numbers JSON cannot carry', () => {
  it('POST /models and POST /lint refuse them with 422 naming the path, and store nothing', async () => {
    const before = await storedCounts();
    for (const levels of [1_000, 3_500, 20_000]) {
      for (const path of ['/models', '/lint']) {
        const problem = await expectProblem(await post(path, deepSchemaModel(levels)), 422);
        expect(problem.errors).toEqual([
          {
            path: expect.stringMatching(
              /^nodes\[0\]\.api\.endpoints\[0\]\.request\.properties\.a\.properties\.a/,
            ),
            message: `nested deeper than ${MAX_DEPTH} levels`,
          },
        ]);
      }
    }
    const problem = await expectProblem(await post('/models', overflowing), 422);
    expect(problem.errors).toEqual([
      { path: 'scale', message: expect.stringContaining('Infinity is not a number') },
    ]);
    expect(await storedCounts()).toEqual(before);
  });

  it('PUT refuses them with 422, and the model stays at its revision', async () => {
    const { id, token } = await createModel(server.url);
    for (const body of [deepSchemaModel(1_200), deepSchemaModel(5_000), overflowing]) {
      const res = await api(`/models/${id}`, {
        method: 'PUT',
        token,
        headers: { 'content-type': 'application/json', 'if-match': '"r1"' },
        body,
      });
      await expectProblem(res, 422);
    }
    const current = await api(`/models/${id}`, { token });
    expect(current.headers.get('etag')).toBe('"r1"');
  });

  it('accepts a schema as deep as real ones get, and answers POST with the model as stored', async () => {
    const body = deepSchemaModel(40);
    const res = await post('/models', body);
    expect(res.status).toBe(201);
    const created = (await res.json()) as any;
    expect(created.model).toEqual(JSON.parse(body));
    expect(created.token).toEqual(expect.any(String));
  });
});

describe('POST /import within limits', () => {
  const lines = (count: number, line: (i: number) => string) =>
    Array.from({ length: count }, (_, i) => line(i)).join('\n');
  const importYaml = (text: string, filename: string) =>
    api(`/import?filename=${filename}`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: text,
    });

  it('answers an alias bomb with 413 naming the place, and stores nothing', async () => {
    const before = await storedCounts();
    const bomb = `x-big: &big\n${lines(5_000, (i) => `  VARIABLE_${i}: value-${i}`)}\nservices:\n${lines(
      90,
      (i) => `  svc${i}:\n    image: app:${i}\n    environment: *big`,
    )}\n`;
    const started = Date.now();
    const problem = await expectProblem(await importYaml(bomb, 'docker-compose.yml'), 413);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(problem.detail).toMatch(/^docker-compose\.yml:1:1: .*YAML aliases/);
    expect(await storedCounts()).toEqual(before);
  });

  it('answers 413 for more services than a model may hold, and 422 for a document it cannot read', async () => {
    const many = `services:\n${lines(5_001, (i) => `  s${i}: { image: "a:${i}" }`)}\n`;
    const tooMany = await expectProblem(await importYaml(many, 'docker-compose.yml'), 413);
    expect(tooMany.detail).toMatch(/5,001 services; at most 5,000/);
    await expectProblem(await importYaml('services: [1, 2', 'docker-compose.yml'), 422);
  });
});
