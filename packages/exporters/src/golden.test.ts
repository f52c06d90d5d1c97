import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportModel } from './index.js';
import { ecommerceTemplate } from './test-support.js';

// `UPDATE_GOLDEN=1 npx vitest run packages/exporters` rewrites the files; review their diff.
const update = process.env.UPDATE_GOLDEN === '1';
const root = join(dirname(fileURLToPath(import.meta.url)), '__golden__', 'ecommerce');

// The SVG pictures too: the same model draws the same bytes.
const files = (await exportModel(ecommerceTemplate(), { targets: ['diagrams', 'docs'] })).files;

describe('golden files of the e-commerce template (diagrams and docs)', () => {
  it.each(files.map((file) => [file.path, file] as const))('%s', (path, file) => {
    const golden = join(root, path);
    const text = typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
    if (update || !existsSync(golden)) {
      mkdirSync(dirname(golden), { recursive: true });
      writeFileSync(golden, text);
      if (!update) throw new Error(`${path}: no golden file yet; wrote one, review it and run again`);
    }
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});
