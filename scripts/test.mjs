// `npm test`: the whole suite. Lint and types, build (the e2e tests run dist/cli.js), then vitest; prints a plain
// closing line `N passed, N failed` (the CI runner does not read vitest's own summary).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tally } from './test-tally.mjs';

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
const counts = tally(existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined, vitest);
const { passed, skipped } = counts;
const failed = counts.failed + failedStages;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vitest !== 0 || failed > 0 || passed === 0 ? 1 : 0);
