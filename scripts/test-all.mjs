// `npm test`: builds (the CLI and crash tests run the built code), runs every unit and
// integration test of every workspace with Vitest, then the end-to-end tests when present, and
// ends with one line `N passed, N failed, N skipped`; CI reads its `N passed, N failed` prefix.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { add, noTests, playwrightCounts, summaryLine, vitestCounts } from './test-counts.mjs';

const root = new URL('../', import.meta.url).pathname;
let counts = noTests();
/** A failure with no test to show for it (a run that wrote no report, a missing browser). */
const failOnce = () => {
  counts = add(counts, { passed: 0, failed: 1, skipped: 0 });
};

function step(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

if (step('npm', ['run', 'build', '--silent']) !== 0) {
  console.log('the build failed: no test ran');
  console.log(summaryLine({ passed: 0, failed: 1, skipped: 0 }));
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
  counts = add(counts, vitestCounts(JSON.parse(readFileSync(vitestReport, 'utf8'))));
} else if (vitestStatus !== 0) {
  failOnce();
}
if (vitestStatus !== 0 && counts.failed === 0) failOnce();

// End-to-end: Playwright with Debian's Chromium against the built server and a fresh database.
const e2eReport = `${root}e2e/test-results/results.json`;
rmSync(e2eReport, { force: true });
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  console.log(
    'end-to-end tests: no Chromium at /usr/bin/chromium (apt-get install -y chromium); counted as a failure',
  );
  failOnce();
} else {
  const e2eStatus = step('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts']);
  if (existsSync(e2eReport)) {
    const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
    counts = add(counts, playwrightCounts(stats));
    if (e2eStatus !== 0 && stats.unexpected === 0) failOnce();
  } else {
    console.log('end-to-end tests: Playwright wrote no report');
    failOnce();
  }
}

console.log(summaryLine(counts));
process.exit(counts.failed === 0 ? 0 : 1);
