// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose templates are the data under test
import { parseModel } from '@meshplan/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ImportError } from './errors.js';
import { importModel } from './index.js';

// Names, variables and paths that compose projects could hold, hostile ones among them.
const name = fc.constantFrom(
  'web',
  'orders',
  'db',
  '<script>',
  '__proto__',
  'constructor',
  '../x',
  'a b',
  'x"y',
);
const file = fc.constantFrom('compose.yaml', 'docker-compose.override.yml', 'sub/compose.yaml', 'other.yml');
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '${A}',
    '${A:-x}',
    '${A:?no}',
    '$$',
    '${',
    '${A:-${B:-${C}}}',
    'http://orders:8080',
    'Server=db;Database=x',
  ),
);
const service = fc.record(
  {
    image: text,
    build: fc.oneof(text, fc.record({ context: text })),
    environment: fc.oneof(fc.dictionary(name, text, { maxKeys: 4 }), fc.array(text, { maxLength: 4 })),
    depends_on: fc.array(name, { maxLength: 3 }),
    ports: fc.array(fc.oneof(text, fc.record({ target: fc.integer() })), { maxLength: 3 }),
    extends: fc.oneof(name, fc.record({ service: name, file })),
    volumes: fc.array(text, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const document = fc.record(
  {
    services: fc.dictionary(name, service, { minKeys: 1, maxKeys: 5 }),
    include: fc.array(fc.oneof(file, fc.record({ path: fc.array(file, { maxLength: 2 }) })), {
      maxLength: 2,
    }),
    name: text,
  },
  { requiredKeys: ['services'] },
);

describe('hostile compose projects', () => {
  it('property: any project of merges, extends, includes and templates imports or fails with its place', () => {
    let imported = 0;
    fc.assert(
      fc.property(
        fc.dictionary(file, document, { minKeys: 1, maxKeys: 4 }),
        fc.option(fc.string({ maxLength: 60 })),
        fc.boolean(),
        (documents, env, filesAsGiven) => {
          const files = Object.entries(documents).map(([path, value]) => ({ path, text: stringify(value) }));
          if (env !== null) files.push({ path: '.env', text: env });
          try {
            const { model, report } = importModel({ files }, { from: 'compose', filesAsGiven });
            expect(parseModel(model).ok).toBe(true);
            expect(report.coverage?.services).toBe(
              model.nodes.filter((node) => node.kind === 'service').length,
            );
            imported++;
          } catch (error) {
            expect(error).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 300 },
    );
    // Most projects import: the property is not only about refusals.
    expect(imported).toBeGreaterThan(150);
  });
});
