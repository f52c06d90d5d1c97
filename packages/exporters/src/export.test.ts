import { dnsName, type Model, parseModelOrThrow, syntheticModel } from '@meshplan/model';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ExportError, exportModel, isSafePath, TARGET_IDS, TARGETS, zipFiles } from './index.js';
import { ecommerceTemplate, HOSTILE_NAMES, hostileModel, parseXml } from './test-support.js';

const decoder = new TextDecoder();
const textOf = (content: string | Uint8Array) =>
  typeof content === 'string' ? content : decoder.decode(content);

function expectSafePaths(paths: readonly string[]): void {
  for (const path of paths) {
    expect(isSafePath(path), path).toBe(true);
    expect(path).not.toMatch(/(^|\/)\.\.(\/|$)/);
    expect(path.startsWith('/')).toBe(false);
    expect(path).not.toContain('\\');
  }
  expect(new Set(paths).size).toBe(paths.length);
}

describe('exportModel', () => {
  it('lists every target once, with a title and a description', () => {
    expect(TARGETS.map((target) => target.id)).toEqual([...TARGET_IDS]);
    for (const target of TARGETS) expect(target.title.length * target.description.length).toBeGreaterThan(0);
  });

  it('returns files sorted by path, each tagged with its target, for the targets asked for', async () => {
    const { files } = await exportModel(ecommerceTemplate());
    const paths = files.map((file) => file.path);
    expect(paths).toEqual([...paths].sort());
    expect(new Set(files.map((file) => file.target))).toEqual(new Set(TARGET_IDS));
    const only = (await exportModel(ecommerceTemplate(), { targets: ['openapi', 'lint'] })).files;
    expect(new Set(only.map((file) => file.target))).toEqual(new Set(['openapi', 'lint']));
    expect(paths).toContain('openapi/order-service.yaml');
    expect(paths).toContain('k8s/kustomization.yaml');
  });

  it('gives the same bytes for the same model, and the same zip', async () => {
    const first = (await exportModel(ecommerceTemplate())).files;
    const second = (await exportModel(ecommerceTemplate())).files;
    expect(second).toEqual(first);
    const zipA = zipFiles(first, [{ path: 'meshplan.json', content: '{}' }]);
    const zipB = zipFiles(second, [{ path: 'meshplan.json', content: '{}' }]);
    expect(Buffer.from(zipB).equals(Buffer.from(zipA))).toBe(true);
    const unzipped = unzipSync(zipA);
    expect(Object.keys(unzipped)).toEqual([...first.map((file) => file.path), 'meshplan.json'].sort());
    expect(decoder.decode(unzipped['docker-compose.yml'])).toBe(
      textOf(first.find((file) => file.path === 'docker-compose.yml')?.content ?? ''),
    );
  });

  it('writes no timestamps: a zip made later is the same', async () => {
    const files = (await exportModel(ecommerceTemplate())).files;
    const before = zipFiles(files);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(Buffer.from(zipFiles(files)).equals(Buffer.from(before))).toBe(true);
  });

  it('refuses two nodes whose DNS names collide, naming both', async () => {
    const model = parseModelOrThrow({
      format: 'meshplan/v1',
      name: 'Clash',
      nodes: [
        { id: 'a', kind: 'service', name: 'Order Service' },
        { id: 'b', kind: 'datastore', name: 'order-service', engine: 'postgres' },
      ],
      edges: [],
    });
    await expect(exportModel(model)).rejects.toThrow(ExportError);
    try {
      await exportModel(model);
    } catch (error) {
      expect(error).toBeInstanceOf(ExportError);
      const message = (error as ExportError).message;
      for (const part of ['"a"', '"b"', 'Order Service', 'order-service']) expect(message).toContain(part);
      expect((error as ExportError).elements).toEqual(['a', 'b']);
    }
  });

  it('refuses an unknown target', async () => {
    await expect(exportModel(ecommerceTemplate(), { targets: ['pdf' as never] })).rejects.toThrow(
      ExportError,
    );
  });

  it('zipFiles refuses unsafe and duplicate paths', () => {
    expect(() => zipFiles([{ path: '../x', content: '' }])).toThrow(ExportError);
    expect(() => zipFiles([{ path: '/x', content: '' }])).toThrow(ExportError);
    expect(() => zipFiles([{ path: 'a\\b', content: '' }])).toThrow(ExportError);
    expect(() => zipFiles([{ path: 'a', content: '' }], [{ path: 'a', content: '' }])).toThrow(ExportError);
  });
});

const hostileFiles = (await exportModel(hostileModel())).files;

describe('hostile names', () => {
  const model = hostileModel();
  const files = hostileFiles;

  it('are cut to DNS labels of at most 63 characters', () => {
    for (const name of HOSTILE_NAMES) expect(dnsName(name)).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });

  it('keep every path inside the root', () => {
    expectSafePaths(files.map((file) => file.path));
  });

  it('keep every YAML file valid, with user text only as string values', () => {
    for (const file of files.filter((f) => /\.ya?ml$/.test(f.path))) {
      const documents = parseAllDocuments(textOf(file.content));
      for (const document of documents) expect(document.errors, file.path).toEqual([]);
    }
    const compose = parseAllDocuments(
      textOf(files.find((f) => f.path === 'docker-compose.yml')?.content ?? ''),
    );
    const value = compose[0]?.toJS() as { services: Record<string, Record<string, unknown>> };
    // A name with "\nnew: key" or "kind: Secret" cannot add a key anywhere.
    const keys = new Set<string>();
    const collect = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node !== null && typeof node === 'object')
        for (const [key, child] of Object.entries(node)) {
          keys.add(key);
          collect(child);
        }
    };
    for (const file of files.filter((f) => /\.ya?ml$/.test(f.path))) {
      for (const document of parseAllDocuments(textOf(file.content))) collect(document.toJS());
    }
    for (const key of ['new', 'injected', 'kind: Secret', "it's"]) expect(keys.has(key), key).toBe(false);
    expect(Object.keys(value.services).every((name) => /^[a-z0-9][-a-z0-9]*$/.test(name))).toBe(true);
  });

  it('keep JSON files valid', () => {
    for (const file of files.filter((f) => /\.(json|sarif)$/.test(f.path))) {
      expect(() => JSON.parse(textOf(file.content)), file.path).not.toThrow();
    }
  });

  it('cannot add lines to the diagrams', () => {
    const lines = (path: string) => textOf(files.find((f) => f.path === path)?.content ?? '').split('\n');
    const statements = model.nodes.length + model.edges.length;
    const contexts = model.contexts?.length ?? 0;
    // Mermaid: header, nodes, edges, a subgraph and an end per context, final newline.
    expect(lines('diagrams/context-map.mmd')).toHaveLength(1 + statements + 2 * contexts + 1);
    for (const path of ['diagrams/context-map.mmd', 'diagrams/architecture.puml', 'diagrams/workspace.dsl']) {
      for (const line of lines(path)) expect(line, path).not.toMatch(/^\s*(injected|new: key|line two)/);
    }
  });
});

describe('generated models', () => {
  it('export safely whatever their shape (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 1000 }),
        async (services, seed) => {
          const { files } = await exportModel(syntheticModel({ services, seed }));
          expectSafePaths(files.map((file) => file.path));
          for (const file of files.filter((f) => /\.ya?ml$/.test(f.path))) {
            for (const document of parseAllDocuments(textOf(file.content)))
              expect(document.errors).toEqual([]);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it('export names of any text safely, SVG pictures included (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 80 }), { minLength: 1, maxLength: 6 }),
        async (names) => {
          const unique = [...new Map(names.map((name) => [dnsName(name), name])).values()];
          const model: Model = parseModelOrThrow({
            format: 'meshplan/v1',
            name: names[0] ?? '',
            nodes: unique.map((name, i) => ({
              id: `n${i}`,
              kind: 'service',
              name,
              api: { style: 'rest', endpoints: [{ method: 'GET', path: '/x', summary: name }] },
            })),
            edges: [],
          });
          const { files } = await exportModel(model);
          expectSafePaths(files.map((file) => file.path));
          for (const file of files.filter((f) => /\.ya?ml$/.test(f.path))) {
            for (const document of parseAllDocuments(textOf(file.content)))
              expect(document.errors).toEqual([]);
          }
          // Any name, even lone surrogates and control characters, leaves the SVG well-formed XML.
          for (const file of files.filter((f) => f.path.endsWith('.svg'))) parseXml(textOf(file.content));
        },
      ),
      { numRuns: 50 },
    );
  }, 60_000);
});
