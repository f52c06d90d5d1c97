import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { add, noTests, playwrightCounts, summaryLine, vitestCounts } from './test-counts.mjs';

const root = new URL('../', import.meta.url).pathname;

describe("npm test's counts", () => {
  it("reads Vitest's own report: passed, failed, and skipped (skip, skipIf, context.skip, todo)", () => {
    const report = join(mkdtempSync(join(tmpdir(), 'meshplan-counts-')), 'vitest.json');
    spawnSync(
      'npx',
      [
        'vitest',
        'run',
        '--config',
        'scripts/fixtures/vitest.probe.config.mjs',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ],
      { cwd: root, stdio: 'ignore' },
    );
    expect(vitestCounts(JSON.parse(readFileSync(report, 'utf8')))).toEqual({
      passed: 1,
      failed: 1,
      skipped: 4,
    });
  });

  it('counts a test file that does not load as one failure', () => {
    const report = {
      numPassedTests: 3,
      numFailedTests: 0,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [{ status: 'failed', assertionResults: [] }],
    };
    expect(vitestCounts(report)).toEqual({ passed: 3, failed: 1, skipped: 0 });
  });

  it("reads Playwright's stats: a flaky test passed, a skipped one is counted", () => {
    expect(playwrightCounts({ expected: 20, flaky: 1, unexpected: 2, skipped: 3 })).toEqual({
      passed: 21,
      failed: 2,
      skipped: 3,
    });
  });

  it('ends with `N passed, N failed, N skipped`, the prefix CI reads unchanged', () => {
    const line = summaryLine(
      add(add(noTests(), { passed: 644, failed: 0, skipped: 2 }), { passed: 3, failed: 0, skipped: 1 }),
    );
    expect(line).toBe('647 passed, 0 failed, 3 skipped');
    expect(/^(\d+) passed, (\d+) failed/.exec(line)?.slice(1)).toEqual(['647', '0']);
  });
});
