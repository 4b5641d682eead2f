// The generated CHOM repository: a bare repository written with one `git fast-import` (fixed author and
// dates, so the hashes are the same on every machine), plus a working clone for people to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { history } from './content/chom-history.js';

const author = 'Calounx <calounx@arewel.com>';

/** Real commit label (7f572d2, bb283db, …) → the generated full hash. */
export type CommitMap = Record<string, string>;

/**
 * The generated hashes the seed's report names (labels that are commit abbreviations: 7f572d2, bb283db, …;
 * not the sandbox's own `initial`, `tenants`, …): generated full hash → the seed's name. What the console
 * shows beside a sandbox commit, so the operator recognises the commits the README and the runbook name.
 */
export function seedCommitNames(commits: CommitMap): Record<string, string> {
  return Object.fromEntries(
    Object.entries(commits)
      .filter(([label]) => /^[0-9a-f]{7}$/.test(label))
      .map(([label, hash]) => [hash, label]),
  );
}

function fastImportStream(): Buffer {
  const parts: Buffer[] = [];
  const text = (s: string): void => {
    parts.push(Buffer.from(s));
  };
  const data = (s: string): void => {
    const bytes = Buffer.from(s);
    text(`data ${bytes.length}\n`);
    parts.push(bytes);
    text('\n');
  };
  history.forEach((commit, index) => {
    const when = `${Math.floor(Date.parse(commit.date) / 1000)} +0000`;
    text(`commit refs/heads/main\nmark :${index + 1}\n`);
    text(`author ${author} ${when}\ncommitter ${author} ${when}\n`);
    data(`${commit.message}\n`);
    if (index > 0) text(`from :${index}\n`);
    for (const [path, content] of Object.entries(commit.files).sort(([a], [b]) => a.localeCompare(b))) {
      const mode =
        commit.executable?.includes(path) || history.slice(0, index).some((c) => c.executable?.includes(path))
          ? '100755'
          : '100644';
      text(`M ${mode} inline ${path}\n`);
      data(content);
    }
    text('\n');
  });
  return Buffer.concat(parts);
}

const git = (args: string[], input?: Buffer): string =>
  execFileSync('git', args, {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
  });

/** Writes `<bare>` (the deploy source, served as file://) and `<work>` (a checkout of main). */
export function generateRepository(bare: string, work: string): CommitMap {
  mkdirSync(bare, { recursive: true });
  git(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  git(
    ['--git-dir', bare, 'fast-import', '--quiet', '--done'],
    Buffer.concat([fastImportStream(), Buffer.from('done\n')]),
  );
  const log = git(['--git-dir', bare, 'log', '--reverse', '--format=%H', 'main']).trim().split('\n');
  git(['clone', '--quiet', bare, work]);
  return Object.fromEntries(history.map((commit, index) => [commit.label, log[index]!]));
}

/** Extracts the tree of `commit` into `dir` (no .git, like a release after `git archive`). */
export function exportTree(bare: string, commit: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['--git-dir', bare, 'archive', '--format=tar', commit], {
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
}
