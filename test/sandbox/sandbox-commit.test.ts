// `sandbox commit` (issue 16 item 5): each call appends the next prepared commit to the world's repository
// (the same hash for the same world on any machine), the checkout follows, a fourth call says that nothing
// was added and why (exit 1), and `sandbox reset` returns the repository to the seed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSandboxCommand } from '../../source/cli/sandbox-command.js';
import { sandboxPaths } from '../../source/sandbox/lifecycle/paths.js';
import { readFacts } from '../../source/sandbox/world/world.js';

const homes: string[] = [];
afterAll(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

async function sandbox(action: 'commit' | 'reset', home: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSandboxCommand(action, {
    home,
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
const home = () => {
  const dir = mkdtempSync(join(tmpdir(), 'chom-sandbox-commit-'));
  homes.push(dir);
  return dir;
};

describe('sandbox commit', () => {
  it('adds three commits one by one, then says nothing was added; reset returns to the seed', async () => {
    const first = home();
    const hashes: string[] = [];
    for (let call = 1; call <= 3; call += 1) {
      const added = await sandbox('commit', first);
      expect(added.code).toBe(0);
      expect(added.out).toContain(`(${call} after bb283db)`);
      const hash = /^commit ([0-9a-f]{40})$/m.exec(added.out)?.[1] ?? 'none';
      expect(added.out).toContain(`plan it:   chom-console plan --commit ${hash}`);
      hashes.push(hash);
    }
    const repo = sandboxPaths(first).repo;
    // the checkout followed: --commit HASH resolves there, and HEAD is the last one
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(hashes[2]);
    expect(git(repo, 'rev-list', '--count', `${readFacts(first).commits['bb283db']}..HEAD`)).toBe('3');
    const fourth = await sandbox('commit', first);
    expect(fourth.code).toBe(1);
    expect(fourth.err).toBe(
      `sandbox commit: nothing added: the repository already has the 3 prepared commits after bb283db (main at ${hashes[2]!.slice(0, 7)}); \`chom-console sandbox reset\` returns to the seed`,
    );
    expect(await sandbox('reset', first)).toMatchObject({ code: 0 });
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(readFacts(first).commits['bb283db']);

    // another world from the same seed gets the same first commit, byte for byte
    const second = home();
    const again = await sandbox('commit', second);
    expect(again.out).toContain("the world was not seeded yet; seeded it at the seed's state first");
    expect(again.out).toContain(`commit ${hashes[0]}`);
  }, 120_000);

  it('leaves a checkout with local changes where it is, and says so', async () => {
    const dir = home();
    await sandbox('reset', dir);
    const repo = sandboxPaths(dir).repo;
    execFileSync('sh', ['-c', 'echo "// local edit" >> routes/api.php'], { cwd: repo });
    const added = await sandbox('commit', dir);
    expect(added.code).toBe(0);
    expect(added.err).toMatch(new RegExp(`^the checkout ${repo} stays where it was: `));
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(readFacts(dir).commits['bb283db']);
  }, 120_000);
});
