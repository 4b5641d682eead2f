// The closing line's figures from vitest's JSON report (`npm test`, scripts/test.mjs). The CI runner reads only
// that line, so every way a run can fail must show in `failed`.

/**
 * @param {any} report vitest's JSON report, or undefined when it was not written
 * @param {number} vitestExit vitest's exit code
 * @returns {{ passed: number; failed: number; skipped: number }}
 */
export function tally(report, vitestExit) {
  if (report === undefined) return { passed: 0, failed: 1, skipped: 0 };
  // A file can fail with no failed test of its own (it failed to load, or a beforeAll/afterAll threw and its
  // tests show as skipped): count it once; other failed files are already counted through their failed tests.
  const broken = (report.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  let failed = (report.numFailedTests ?? 0) + broken;
  // vitest failed for a reason no test file carries (an unhandled error, a crashed worker): still a failure
  if (vitestExit !== 0 && failed === 0) failed = 1;
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}
