// biome-ignore-all lint/suspicious/noTemplateCurlyInString: a compose template is the data written
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readImportFiles } from './node.js';
import { FIXTURES, HAVE_FIXTURES, NO_FIXTURES } from './test-support.js';

const SOURCE = fileURLToPath(new URL('.', import.meta.url));
// The editor runs the importers in the browser: only tests and the `./node` entry may use Node.
const NODE_ONLY = new Set(['node.ts', 'test-support.ts']);

describe('the package', () => {
  it('is pure: no node: imports outside tests and node.ts', () => {
    const offenders = readdirSync(SOURCE)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !NODE_ONLY.has(name))
      .filter((name) =>
        /from ['"](node:|fs|path|os|child_process)/.test(readFileSync(`${SOURCE}${name}`, 'utf8')),
      );
    expect(offenders).toEqual([]);
  });

  (HAVE_FIXTURES ? it : it.skip)(
    `readImportFiles reads a folder's YAML files, sorted (${HAVE_FIXTURES ? 'fixtures' : NO_FIXTURES})`,
    async () => {
      const files = await readImportFiles(`${FIXTURES}online-boutique/kubernetes-manifests`);
      expect(files.map((file) => file.path)).toContain('frontend.yaml');
      expect(files).toHaveLength(12);
      const single = await readImportFiles(`${FIXTURES}sock-shop/docker-compose/docker-compose.yml`);
      expect(single).toEqual([{ path: 'docker-compose.yml', text: expect.stringContaining('services:') }]);
    },
  );

  it("readImportFiles reads a compose project's .env, but no other hidden file", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'meshplan-env-'));
    try {
      writeFileSync(join(folder, 'docker-compose.yml'), 'services:\n  web:\n    image: web:${TAG}\n');
      writeFileSync(join(folder, '.env'), 'TAG=3\n');
      writeFileSync(join(folder, '.secrets.yml'), 'token: x\n');
      mkdirSync(join(folder, '.git'));
      writeFileSync(join(folder, '.git', 'config.yml'), 'x: 1\n');
      const files = await readImportFiles(folder);
      expect(files.map((file) => file.path)).toEqual(['.env', 'docker-compose.yml']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
