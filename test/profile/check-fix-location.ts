// Where the runbook writes the `fix:` of the test-alert check, read from the file itself (a line number typed
// into a test goes stale whenever the runbook above it changes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function locate(): { line: number; column: number } {
  const lines = readFileSync(
    join(import.meta.dirname, '..', '..', 'profiles', 'production', 'checks.yaml'),
    'utf8',
  ).split('\n');
  const check = lines.findIndex((line) => line.trim() === '- id: int-test-alert-delivered');
  const fix = lines.findIndex((line, index) => index > check && /^\s+fix: /.test(line));
  if (check < 0 || fix < 0)
    throw new Error('profiles/production/checks.yaml: no fix: under int-test-alert-delivered');
  // the note points at the value, as every profile issue does (1-based)
  return { line: fix + 1, column: lines[fix]!.indexOf('fix: ') + 'fix: '.length + 1 };
}

export const testAlertFix = locate();
