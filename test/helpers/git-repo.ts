// A throwaway git repository for tests: `git(...)` runs in it with a fixed author and distinct, increasing
// dates one minute apart (git log's order depends on them).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestRepo = { dir: string; git: (...args: string[]) => string; remove: () => void };

export function testRepo(prefix: string): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let clock = Date.parse('2026-01-01T00:00:00Z') / 1000;
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
        GIT_AUTHOR_DATE: `${clock} +0000`,
        GIT_COMMITTER_DATE: `${(clock += 60)} +0000`,
      },
    }).trim();
  return { dir, git, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
