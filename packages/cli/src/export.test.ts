import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { meshplan } from './test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'meshplan-cli-export-'));
const ecommerce = fileURLToPath(new URL('../../../apps/server/templates/ecommerce.json', import.meta.url));

function walk(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(root, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

describe('meshplan export', () => {
  it('writes every target into a folder, under the paths of exports.md', async () => {
    const out = join(dir, 'all');
    const { code, stderr } = await meshplan('export', ecommerce, '--out', out);
    expect(code).toBe(0);
    const files = walk(out);
    for (const expected of [
      'docker-compose.yml',
      'README.md',
      'docs/services.md',
      'docs/adr/0001-record-architecture-decisions.md',
      'diagrams/context-map.mmd',
      'diagrams/architecture.puml',
      'diagrams/workspace.dsl',
      'diagrams/architecture.svg',
      'diagrams/architecture.png',
      'diagrams/views/ordering.svg',
      'diagrams/views/ordering.png',
      'k8s/kustomization.yaml',
      'openapi/order-service.yaml',
      'asyncapi/order-service.yaml',
      'lint/findings.json',
      'lint/findings.sarif',
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.some((f) => f.startsWith('istio/'))).toBe(true);
    expect(stderr).toMatch(/^Wrote \d+ files to /);
  });

  it('writes a zip, the same bytes every time, and only the targets asked for', async () => {
    const a = join(dir, 'a.zip');
    const b = join(dir, 'nested/b.zip');
    expect((await meshplan('export', ecommerce, '--out', a, '--targets', 'openapi,compose')).code).toBe(0);
    expect((await meshplan('export', ecommerce, '-o', b, '-t', 'openapi, compose')).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const names = Object.keys(unzipSync(readFileSync(a)));
    expect(names).toContain('docker-compose.yml');
    expect(names.every((n) => n === 'docker-compose.yml' || n.startsWith('openapi/'))).toBe(true);
    expect(existsSync(`${a}.partial`)).toBe(false);
  });

  it('exits 2 on an unknown target, and refuses two nodes with one DNS name, naming both', async () => {
    const unknown = await meshplan('export', ecommerce, '--out', join(dir, 'x'), '--targets', 'openapi,helm');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown "helm"');
    const clash = join(dir, 'clash.json');
    writeFileSync(
      clash,
      JSON.stringify({
        format: 'meshplan/v1',
        name: 'Clash',
        nodes: [
          { id: 'a', kind: 'service', name: 'Order Service' },
          { id: 'b', kind: 'service', name: 'order-service' },
        ],
        edges: [],
      }),
    );
    const refused = await meshplan('export', clash, '--out', join(dir, 'clash'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Order Service');
    expect(refused.stderr).toContain('order-service');
    expect(existsSync(join(dir, 'clash'))).toBe(false);
  });
});
