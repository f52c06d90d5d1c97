import { describe, expect, it } from 'vitest';
import { ImportError, importModel, MAX_FILE_CHARS } from './index.js';

function importError(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected an ImportError');
}

describe('bad input is refused with an ImportError that names its place', () => {
  it('no files, an empty file, a file of comments', () => {
    expect(importError(() => importModel({ files: [] })).message).toBe('(input): no files to import');
    expect(importError(() => importModel({ files: [{ path: 'a.yml', text: '' }] })).message).toBe(
      'a.yml: the file is empty',
    );
    const comments = importError(() =>
      importModel({ files: [{ path: 'b.yml', text: '# nothing\n' }] }, { from: 'compose' }),
    );
    expect(comments.message).toBe('b.yml: no compose services in these files: nothing to model');
  });

  it('a binary file', () => {
    const png = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR';
    expect(importError(() => importModel({ files: [{ path: 'logo.png', text: png }] })).message).toBe(
      'logo.png: not a text file (it holds binary data)',
    );
  });

  it('a 50 MB file, before any parsing', () => {
    const started = Date.now();
    const text = `services:\n${'  # padding\n'.repeat(50 * 1024 * 100)}`;
    expect(text.length).toBeGreaterThan(MAX_FILE_CHARS);
    const error = importError(() => importModel({ files: [{ path: 'huge.yml', text }] }));
    expect(error.message).toMatch(
      /^huge\.yml: file too large \(\d+(\.\d)? MB\); the importer reads files up to 5 MB$/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a billion laughs YAML bomb, quickly and in little memory', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'services: [*h]',
    ].join('\n');
    const started = Date.now();
    const error = importError(() => importModel({ files: [{ path: 'bomb.yml', text: bomb }] }));
    expect(error.message).toMatch(/^bomb\.yml:1:1: cannot be read: .*alias/i);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('deep nesting does not crash', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const error = importError(() => importModel({ files: [{ path: 'deep.yml', text: deep }] }));
    expect(error.message).toMatch(/^deep\.yml/);
  });

  it('a YAML syntax error, at its line', () => {
    const text = 'services:\n  orders:\n    image: "unterminated\n';
    const error = importError(() => importModel({ files: [{ path: 'compose.yml', text }] }));
    expect(error.message).toMatch(/^compose\.yml:[34]:\d+: not valid YAML: Missing closing "quote/);
    expect(error.source.line).toBeGreaterThanOrEqual(3);
  });

  it('a document of the wrong kind for the format asked for', () => {
    const openapi = 'openapi: 3.0.3\ninfo: { title: x, version: "1" }\npaths: {}\n';
    expect(
      importError(() => importModel({ files: [{ path: 'api.yml', text: openapi }] }, { from: 'compose' }))
        .message,
    ).toBe('api.yml:1:1: not a docker-compose file: it has no "services" mapping');
    expect(
      importError(() => importModel({ files: [{ path: 'api.yml', text: openapi }] }, { from: 'k8s' }))
        .message,
    ).toBe('api.yml: no Kubernetes objects (documents with apiVersion and kind) in these files');
    const compose = 'services:\n  web:\n    image: nginx\n';
    expect(
      importError(() => importModel({ files: [{ path: 'c.yml', text: compose }] }, { from: 'openapi' }))
        .message,
    ).toBe('c.yml:1:1: not an OpenAPI document: no "openapi" field');
    expect(
      importError(() => importModel({ files: [{ path: 'c.yml', text: compose }] }, { from: 'asyncapi' }))
        .message,
    ).toBe('c.yml:1:1: not an AsyncAPI document: no "asyncapi" field');
    expect(
      importError(() => importModel({ files: [{ path: 'c.yml', text: compose }] }, { from: 'meshplan' }))
        .message,
    ).toMatch(/^c\.yml: not a valid Meshplan model: not valid JSON at line 1/);
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n';
    expect(importError(() => importModel({ files: [{ path: 'cm.yml', text: configMap }] })).message).toBe(
      'cm.yml: no Deployments, StatefulSets or DaemonSets in these files: nothing to model',
    );
  });

  it('a file whose format cannot be told', () => {
    expect(
      importError(() => importModel({ files: [{ path: 'x.yml', text: 'hello: world\n' }] })).message,
    ).toBe(
      'x.yml: cannot tell the format: not docker-compose, Kubernetes, OpenAPI, AsyncAPI or a Meshplan model',
    );
  });

  it('OpenAPI schemas whose refs fan out exponentially', () => {
    const schemas = Array.from({ length: 30 }, (_, i) => [
      `    S${i}:`,
      '      type: object',
      '      properties:',
      `        a: { $ref: '#/components/schemas/S${i + 1}' }`,
      `        b: { $ref: '#/components/schemas/S${i + 1}' }`,
    ]).flat();
    const text = [
      'openapi: 3.1.0',
      'info: { title: fan, version: "1" }',
      'paths:',
      '  /x:',
      '    get:',
      '      responses:',
      "        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/S0' } } } }",
      'components:',
      '  schemas:',
      ...schemas,
      '    S30: { type: string }',
    ].join('\n');
    const error = importError(() => importModel({ files: [{ path: 'fan.yml', text }] }));
    expect(error.message).toMatch(/^fan\.yml:6:\d+: schemas expand past 50000 values/);
  });
});
