import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_DEPTH } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { meshplan } from './test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'meshplan-cli-limits-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
/** A model whose endpoint's request schema nests `levels` objects. */
const deepModel = (levels: number) =>
  `{"format":"meshplan/v1","name":"Deep","nodes":[{"id":"s","kind":"service","name":"S","api":{"style":"rest","endpoints":[{"method":"POST","path":"/x","request":${'{"properties":{"a":'.repeat(levels)}{}${'}}'.repeat(levels)}}]}}],"edges":[]}`;

describe('the CLI and the limits of a model', () => {
  it('lint and export refuse a model nested too deeply with exit 2, naming the path', async () => {
    const file = write('deep.json', deepModel(4_000));
    for (const argv of [
      ['lint', file],
      ['export', file, '--out', join(dir, 'out')],
    ]) {
      const { code, stderr } = await meshplan(...argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(
        new RegExp(
          `deep\\.json: nodes\\[0\\]\\.api\\.endpoints\\[0\\]\\.request\\.properties\\.a.*: nested deeper than ${MAX_DEPTH} levels`,
        ),
      );
    }
  });

  it('lint refuses a number JSON cannot carry with exit 2, naming the path', async () => {
    const file = write(
      'huge.json',
      '{"format":"meshplan/v1","name":"N","nodes":[],"edges":[],"scale":1e309}',
    );
    const { code, stderr } = await meshplan('lint', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/huge\.json: scale: Infinity is not a number JSON can carry/);
  });

  it('import refuses an alias bomb with exit 2 and writes nothing', async () => {
    const lines = (count: number, line: (i: number) => string) =>
      Array.from({ length: count }, (_, i) => line(i)).join('\n');
    const bomb = write(
      'docker-compose.yml',
      `x-big: &big\n${lines(5_000, (i) => `  V${i}: v${i}`)}\nservices:\n${lines(60, (i) => `  s${i}:\n    image: a:${i}\n    environment: *big`)}\n`,
    );
    const out = join(dir, 'bomb.json');
    const { code, stderr } = await meshplan('import', bomb, '--out', out);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /docker-compose\.yml:1:1: expands to more than [\d,]+ values through YAML aliases/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
