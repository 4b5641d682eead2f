// `npm test`: the whole suite. Lint and types, build (the e2e tests run dist/cli.js), then vitest; prints a plain
// closing line `N passed, N failed` (the CI runner does not read vitest's own summary).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const report = `${root}.vitest-report.json`;
const run = (cmd, args) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1;

let failedStages = 0;
for (const [name, cmd, args] of [
  ['eslint', 'npx', ['eslint', '.']],
  ['prettier', 'npx', ['prettier', '--check', '.']],
  ['tsc', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['build', 'npm', ['run', '--silent', 'build']],
]) {
  console.log(`\n== ${name}`);
  if (run(cmd, args) !== 0) {
    console.log(`== ${name} FAILED`);
    failedStages += 1;
  }
}

rmSync(report, { force: true });
console.log('\n== vitest');
const vitest = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${report}`,
  ...process.argv.slice(2),
]);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // A file can fail with no failed test of its own (it failed to load, or a beforeAll/afterAll threw and its
  // tests show as skipped): count it once; other failed files are already counted through their failed tests.
  const broken = (json.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  failed = (json.numFailedTests ?? 0) + broken;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} else {
  failed += 1;
}
// vitest failed for a reason no test file carries (an unhandled error, a crashed worker): still a failure
if (vitest !== 0 && failed === 0) failed = 1;
failed += failedStages;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vitest !== 0 || failed > 0 || passed === 0 ? 1 : 0);
