// Reading the local CHOM repository (`assess --repo DIR`) with read-only git commands: HEAD's tree and the
// files the comparison needs, and the history between the deployed commit and HEAD.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

/** What HEAD holds, read once before the probes run (the route probe needs HEAD's routes). */
export type RepoSnapshot = {
  dir: string;
  head: { hash: string; short: string; subject: string; date: string };
  branch: string | null;
  files: string[];
  /** Contents of the few files the comparison reads (routes, commands, observability configs). */
  contents: Record<string, string>;
  /** sha256 of deploy/ scripts and rule files at HEAD, by repository path. */
  hashes: Record<string, string>;
};

/** The repository could not be read; the message says what to do. */
export class RepoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RepoError';
  }
}

function git(dir: string, args: string[]): Buffer {
  return execFileSync('git', ['-C', dir, '-c', 'core.quotePath=false', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
}

const gitText = (dir: string, args: string[]): string => git(dir, args).toString('utf8').trim();

/** Files whose contents the comparison reads. */
const readPaths = (files: string[]): string[] =>
  files.filter(
    (f) =>
      f === 'routes/api.php' ||
      /^app\/Console\/Commands\/[^/]+\.php$/.test(f) ||
      /^deploy\/config\/mentat\/(prometheus|alertmanager)\.yml$/.test(f),
  );

/** Files compared by hash with the live deploy hub and rules directory. */
const hashPaths = (files: string[]): string[] =>
  files.filter(
    (f) =>
      /^deploy\/(deploy-chom\.sh|scripts\/[^/]+\.sh)$/.test(f) ||
      /^deploy\/config\/mentat\/prometheus-alerts\/[^/]+\.yml$/.test(f),
  );

/** The checked-out branch, or null on a detached HEAD. */
function currentBranch(dir: string): string | null {
  try {
    return gitText(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']) || null;
  } catch {
    return null;
  }
}

export function readRepository(dir: string): RepoSnapshot {
  let hash: string;
  try {
    hash = gitText(dir, ['rev-parse', '--verify', 'HEAD^{commit}']);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new RepoError(
      `--repo ${dir}: not a git repository with a commit (${stderr || (error as Error).message}); give the local CHOM checkout`,
    );
  }
  const [short = '', date = '', ...subject] = gitText(dir, ['log', '-1', '--format=%h%n%cI%n%s', hash]).split(
    '\n',
  );
  const branch = currentBranch(dir);
  const files = gitText(dir, ['ls-tree', '-r', '--name-only', hash]).split('\n').filter(Boolean);
  const contents = Object.fromEntries(
    readPaths(files).map((f) => [f, git(dir, ['show', `${hash}:${f}`]).toString('utf8')]),
  );
  const hashes = Object.fromEntries(
    hashPaths(files).map((f) => [
      f,
      createHash('sha256')
        .update(git(dir, ['show', `${hash}:${f}`]))
        .digest('hex'),
    ]),
  );
  return { dir, head: { hash, short, subject: subject.join('\n'), date }, branch, files, contents, hashes };
}

/** History from the deployed commit to HEAD; null when the deployed commit is not in this repository. */
export function historySince(
  dir: string,
  deployed: string,
): { commits: { short: string; subject: string }[]; files: { status: string; path: string }[] } | null {
  if (!/^[0-9a-f]{4,40}$/i.test(deployed)) return null;
  let full: string;
  try {
    full = gitText(dir, ['rev-parse', '--verify', '--quiet', `${deployed}^{commit}`]);
  } catch {
    return null;
  }
  const log = gitText(dir, ['log', '--format=%h%x09%s', `${full}..HEAD`]);
  const diff = gitText(dir, ['diff', '--name-status', '--no-renames', full, 'HEAD']);
  return {
    commits:
      log === ''
        ? []
        : log.split('\n').map((line) => {
            const [short = '', ...subject] = line.split('\t');
            return { short, subject: subject.join('\t') };
          }),
    files:
      diff === ''
        ? []
        : diff.split('\n').map((line) => {
            const [status = '', ...path] = line.split('\t');
            return { status, path: path.join('\t') };
          }),
  };
}
