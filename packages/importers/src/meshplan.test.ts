import { readFileSync } from 'node:fs';
import { syntheticModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { detectFormat, importModel } from './index.js';

describe('Meshplan importer', () => {
  it('takes a valid model as is', () => {
    const model = syntheticModel({ services: 5 });
    const text = JSON.stringify(model);
    const result = importModel({ files: [{ path: 'model.json', text }] });
    expect(result.model).toEqual(JSON.parse(text));
    // Every report ends with its coverage (issue 15): a model is all evidence, nothing guessed.
    expect(result.report).toEqual({
      guesses: [],
      unmapped: [],
      coverage: expect.objectContaining({ edges: { total: 21, fromEvidence: 21, guessed: 0 } }),
    });
  });

  it('refuses an invalid model with every error by its path', () => {
    const text = JSON.stringify({
      format: 'meshplan/v1',
      name: 'x',
      nodes: [],
      edges: [{ id: 'e', kind: 'sync', from: 'a', to: 'b', protocol: 'rest' }],
    });
    expect(() => importModel({ files: [{ path: 'bad.json', text }] })).toThrow(
      'bad.json: not a valid Meshplan model: edges[0].from: no node "a"; edges[0].to: no node "b"',
    );
  });
});

describe('detectFormat', () => {
  it.each([
    ['{"format":"meshplan/v1","name":"x","nodes":[],"edges":[]}', 'meshplan'],
    ['openapi: 3.0.0', 'openapi'],
    ['{"swagger":"2.0"}', 'openapi'],
    ['asyncapi: 3.0.0', 'asyncapi'],
    ['services:\n  web: { image: nginx }', 'compose'],
    ['# a comment\n---\napiVersion: v1\nkind: Service\n', 'k8s'],
  ])('%s', (text, format) => {
    expect(detectFormat([{ path: 'f', text }])).toBe(format);
  });

  it('reads the package README example shape', () => {
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain('importModel');
  });
});

describe('a folder with files of several formats', () => {
  const compose = { path: 'docker-compose.yml', text: 'services:\n  orders:\n    image: example/orders:1\n' };
  const manifest = (name: string) => ({
    path: `k8s/${name}.yaml`,
    text: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name} }\nspec:\n  template:\n    spec:\n      containers: [{ name: main, image: example/${name}:1 }]\n`,
  });

  it('reads the format most files are in and reports the files it leaves out', () => {
    const { model, report } = importModel({ files: [compose, manifest('orders'), manifest('payments')] });
    expect(model.nodes.map((n) => n.id).sort()).toEqual(['orders', 'payments']);
    expect(report.unmapped).toContainEqual({
      message:
        'skipped: a docker-compose file, not a Kubernetes manifest (import with --from compose to read these instead)',
      source: { path: 'docker-compose.yml' },
    });
  });

  it('reads the format asked for, and refuses when no file is in it', () => {
    const { model } = importModel(
      { files: [compose, manifest('orders'), manifest('payments')] },
      { from: 'compose' },
    );
    expect(model.nodes.map((n) => n.id)).toEqual(['orders']);
    expect(() => importModel({ files: [manifest('a'), manifest('b')] }, { from: 'openapi' })).toThrow(
      'none of these 2 files is an OpenAPI document',
    );
  });
});
