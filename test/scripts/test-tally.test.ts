// The closing line `N passed, N failed, N skipped` that CI reads: every way a run fails shows in `failed`.
import { describe, expect, it } from 'vitest';
import { tally } from '../../scripts/test-tally.mjs';

const file = (status: string, tests: string[]) => ({
  status,
  assertionResults: tests.map((test) => ({ status: test })),
});

describe('the closing line', () => {
  it('counts passed, failed and skipped tests of a clean run', () => {
    const report = {
      numPassedTests: 5,
      numFailedTests: 0,
      numPendingTests: 1,
      numTodoTests: 1,
      testResults: [
        file('passed', ['passed', 'passed', 'passed', 'skipped']),
        file('passed', ['passed', 'passed']),
      ],
    };
    expect(tally(report, 0)).toEqual({ passed: 5, failed: 0, skipped: 2 });
  });

  it('counts a file whose beforeAll threw (its tests only skipped) once, and a file that did not load once', () => {
    const report = {
      numPassedTests: 3,
      numFailedTests: 0,
      numPendingTests: 2,
      testResults: [file('failed', ['skipped', 'skipped']), file('failed', []), file('passed', ['passed'])],
    };
    expect(tally(report, 1)).toEqual({ passed: 3, failed: 2, skipped: 2 });
  });

  it('does not count a file twice when its failed tests already are', () => {
    const report = {
      numPassedTests: 1,
      numFailedTests: 2,
      testResults: [file('failed', ['failed', 'failed'])],
    };
    expect(tally(report, 1).failed).toBe(2);
  });

  it('fails a run vitest failed without any failed file (an unhandled error), or with no report', () => {
    expect(tally({ numPassedTests: 9, numFailedTests: 0, testResults: [] }, 1).failed).toBe(1);
    expect(tally(undefined, 1)).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });
});
