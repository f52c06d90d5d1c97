import { readFileSync } from 'node:fs';
import { exportModel } from '@meshplan/exporters';
import { parseModelOrThrow } from '@meshplan/model';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { languageOf, Preview } from './Preview.js';

const template = (name: string) =>
  parseModelOrThrow(readFileSync(new URL(`../../../server/templates/${name}.json`, import.meta.url), 'utf8'));

describe('the export preview', () => {
  // Every file every exporter writes, for both templates: the dialog offers each one.
  for (const name of ['ecommerce', 'healthcare']) {
    it(`renders every exported file of the ${name} template`, async () => {
      const files = (await exportModel(template(name))).files;
      expect(files.map((file) => file.path)).toEqual(
        expect.arrayContaining([
          'diagrams/context-map.mmd',
          'diagrams/architecture.puml',
          'diagrams/workspace.dsl',
          'diagrams/architecture.svg',
        ]),
      );
      for (const file of files) {
        const html = renderToStaticMarkup(createElement(Preview, { file }));
        expect(html, file.path).toContain('data-testid="export-preview"');
        // The file's first word is on screen, whatever the language.
        const firstWord = /[A-Za-z]+/.exec(
          typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content),
        )?.[0];
        expect(html, file.path).toContain(firstWord ?? '');
      }
    });
  }

  it('highlights what it knows and shows the rest as plain text', () => {
    expect(languageOf('docker-compose.yml')).toBe('yaml');
    expect(languageOf('lint/findings.sarif')).toBe('json');
    expect(languageOf('docs/services.md')).toBe('markdown');
    expect(languageOf('diagrams/context-map.mmd')).toBe('plaintext');
    expect(languageOf('diagrams/workspace.dsl')).toBe('plaintext');
    expect(languageOf('some/future.file')).toBe('plaintext');
  });

  it('keeps a hostile name as text in a plain-text file', () => {
    const html = renderToStaticMarkup(
      createElement(Preview, {
        file: { path: 'diagrams/context-map.mmd', target: 'diagrams', content: 'A["<script>x</script>"]' },
      }),
    );
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});
