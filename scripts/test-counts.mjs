// The counts `npm test` ends with, read from the reports Vitest and Playwright write. Kept apart
// from scripts/test-all.mjs so that they are tested (scripts/test-counts.test.mjs).

/** An empty tally. */
export const noTests = () => ({ passed: 0, failed: 0, skipped: 0 });

/**
 * Vitest's JSON report (Jest's shape). Skipped: `skip`, `skipIf`, `context.skip()` (pending) and
 * `todo`. A file that fails to load has no tests to count: it counts as one failure.
 */
export function vitestCounts(report) {
  const unloaded = report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + unloaded,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Playwright's JSON report `stats`: a test that passed on a retry (flaky) passed. */
export function playwrightCounts(stats) {
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

/** The sum of two tallies. */
export function add(a, b) {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

/** The last line. CI reads its `N passed, N failed` prefix: keep that exactly. */
export function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}
