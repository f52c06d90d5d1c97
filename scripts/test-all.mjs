// `npm test`: builds (the CLI and crash tests run the built code), runs every unit and
// integration test of every workspace with Vitest, then the end-to-end tests when present, and
// ends with one line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const root = new URL('../', import.meta.url).pathname;
let passed = 0;
let failed = 0;

function step(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

if (step('npm', ['run', 'build', '--silent']) !== 0) {
  console.log('the build failed: no test ran');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const vitestReport = `${root}.vitest-results.json`;
rmSync(vitestReport, { force: true });
const vitestStatus = step('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load has no tests to count: count it as a failure.
  failed += report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
} else if (vitestStatus !== 0) {
  failed += 1;
}
if (vitestStatus !== 0 && failed === 0) failed = 1;

// End-to-end: Playwright with Debian's Chromium against the built server and a fresh database.
const e2eReport = `${root}e2e/test-results/results.json`;
rmSync(e2eReport, { force: true });
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  console.log(
    'end-to-end tests: no Chromium at /usr/bin/chromium (apt-get install -y chromium); counted as a failure',
  );
  failed += 1;
} else {
  const e2eStatus = step('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts']);
  if (existsSync(e2eReport)) {
    const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    if (e2eStatus !== 0 && stats.unexpected === 0) failed += 1;
  } else {
    console.log('end-to-end tests: Playwright wrote no report');
    failed += 1;
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
