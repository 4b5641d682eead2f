// Reading the local CHOM repository (`assess --repo DIR`) with read-only git commands: HEAD's tree and the
// files the comparison needs, and the history between the deployed commit and HEAD.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readBlobs } from './repo-blobs.js';
import { isRoutingFile } from '../laravel/route-table.js';

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
  /**
   * HEAD's history, newest first in git log's order (read with HEAD's own line, no extra git process), so
   * the commits since the deployed one are found without git; `complete` is false past `maxAncestry`.
   */
  ancestry?: { commits: RepoCommit[]; complete: boolean };
  /** sha256 of every file under deploy/ at HEAD, by repository path (compared with the deploy hub's copy). */
  deployTree?: Record<string, string>;
  /** The text of each migration at HEAD (database/migrations/*.php), by repository path. */
  migrations?: Record<string, string>;
};

/** One commit of HEAD's history. */
export type RepoCommit = { hash: string; parents: string[]; short: string; subject: string };

/** How much of HEAD's history the snapshot keeps (a few hundred kB of text at most). */
const maxAncestry = 5000;

/** The repository could not be read; the message says what to do. */
export class RepoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RepoError';
  }
}

const gitArgs = (dir: string, args: string[]): string[] => ['-C', dir, '-c', 'core.quotePath=false', ...args];
const gitOptions = {
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
};

function git(dir: string, args: string[]): Buffer {
  return execFileSync('git', gitArgs(dir, args), { stdio: ['ignore', 'pipe', 'pipe'], ...gitOptions });
}

const gitText = (dir: string, args: string[]): string => git(dir, args).toString('utf8').trim();

/** The same git without blocking the event loop (the other host's batch is still arriving). */
export const gitTextAsync = (dir: string, args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = execFile('git', gitArgs(dir, args), { ...gitOptions, encoding: 'utf8' }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    );
    child.stdin?.end();
  });

/** Files whose contents the comparison reads. */
const readPaths = (files: string[]): string[] =>
  files.filter(
    (f) =>
      isRoutingFile(f) ||
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

/** A migration file of the default path (`database/migrations/*.php`). */
const isMigration = (path: string): boolean => /^database\/migrations\/[^/]+\.php$/.test(path);

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
  // one git log for HEAD's own line and its history: hash, parents, short hash, date, subject (last: it may
  // hold tabs)
  const lines = gitText(dir, [
    'log',
    // a user's log.showSignature would add gpg lines to the output
    '--no-show-signature',
    `--max-count=${maxAncestry + 1}`,
    '--format=%H%x09%P%x09%h%x09%cI%x09%s',
    hash,
  ]).split('\n');
  const commits: RepoCommit[] = lines.slice(0, maxAncestry).map((line) => {
    const [full = '', parents = '', short = '', , ...subject] = line.split('\t');
    return { hash: full, parents: parents.split(' ').filter(Boolean), short, subject: subject.join('\t') };
  });
  const { short = '', subject = '' } = commits[0] ?? {};
  const date = lines[0]?.split('\t')[3] ?? '';
  const ancestry = { commits, complete: lines.length <= maxAncestry };
  const branch = currentBranch(dir);
  const files = gitText(dir, ['ls-tree', '-r', '--name-only', hash]).split('\n').filter(Boolean);
  // every file the comparison reads or hashes, in ONE git process
  const wanted = new Set([...readPaths(files), ...hashPaths(files)]);
  const blobs = readBlobs(
    dir,
    hash,
    files.filter((f) => wanted.has(f) || f.startsWith('deploy/') || isMigration(f)),
  );
  const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
  const contents: Record<string, string> = {};
  const hashes: Record<string, string> = {};
  const deployTree: Record<string, string> = {};
  const migrations: Record<string, string> = {};
  for (const path of readPaths(files)) contents[path] = blobs.get(path)?.toString('utf8') ?? '';
  for (const path of hashPaths(files)) hashes[path] = sha256(blobs.get(path) ?? Buffer.alloc(0));
  for (const [path, bytes] of blobs)
    if (isMigration(path)) migrations[path] = bytes.toString('utf8');
    else if (path.startsWith('deploy/')) deployTree[path] = sha256(bytes);
  return {
    dir,
    head: { hash, short, subject, date },
    branch,
    files,
    contents,
    hashes,
    ancestry,
    deployTree,
    migrations,
  };
}

/** The commits and changed files between the deployed commit and HEAD. */
export type History = {
  commits: { short: string; subject: string }[];
  files: { status: string; path: string }[];
};

/** `git log --format=%h%x09%s` lines. */
const parseLog = (log: string): History['commits'] =>
  log === ''
    ? []
    : log.split('\n').map((line) => {
        const [short = '', ...subject] = line.split('\t');
        return { short, subject: subject.join('\t') };
      });

/** `git diff --name-status` lines. */
const parseDiff = (diff: string): History['files'] =>
  diff === ''
    ? []
    : diff.split('\n').map((line) => {
        const [status = '', ...path] = line.split('\t');
        return { status, path: path.join('\t') };
      });

const logArgs = (full: string): string[] => [
  'log',
  '--no-show-signature',
  '--format=%h%x09%s',
  `${full}..HEAD`,
];
const diffArgs = (full: string, head = 'HEAD'): string[] => [
  'diff',
  '--name-status',
  '--no-renames',
  full,
  head,
];
const verifyArgs = (deployed: string): string[] => [
  'rev-parse',
  '--verify',
  '--quiet',
  `${deployed}^{commit}`,
];
const plausible = (deployed: string): boolean => /^[0-9a-f]{4,40}$/i.test(deployed);

/** History from the deployed commit to HEAD; null when the deployed commit is not in this repository. */
export function historySince(dir: string, deployed: string): History | null {
  if (!plausible(deployed)) return null;
  let full: string;
  try {
    full = gitText(dir, verifyArgs(deployed));
  } catch {
    return null;
  }
  return { commits: parseLog(gitText(dir, logArgs(full))), files: parseDiff(gitText(dir, diffArgs(full))) };
}

/**
 * The commits of `deployed..HEAD` from the snapshot's ancestry, in git log's order, without git: undefined
 * when the ancestry cannot say (incomplete, or the deployed commit is not one of HEAD's, or is ambiguous).
 */
export function ancestryLog(
  ancestry: RepoSnapshot['ancestry'],
  deployed: string,
): { base: string; head: string; commits: History['commits'] } | undefined {
  if (!ancestry?.complete || !plausible(deployed)) return undefined;
  const prefix = deployed.toLowerCase();
  const matches = ancestry.commits.filter((c) => c.hash.startsWith(prefix));
  if (matches.length !== 1) return undefined;
  const byHash = new Map(ancestry.commits.map((c) => [c.hash, c]));
  const reached = new Set<string>();
  const queue = [matches[0]!.hash];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (reached.has(next)) continue;
    reached.add(next);
    for (const parent of byHash.get(next)?.parents ?? []) queue.push(parent);
  }
  return {
    base: matches[0]!.hash,
    head: ancestry.commits[0]!.hash,
    commits: ancestry.commits
      .filter((c) => !reached.has(c.hash))
      .map((c) => ({ short: c.short, subject: c.subject })),
  };
}

/**
 * historySince without blocking. With the snapshot's ancestry, the log comes from it and only the diff
 * needs git (one process instead of three: each spawn of this large process costs milliseconds of the event
 * loop while the other host's batch arrives). Rejects only where historySince would throw.
 */
export async function historySinceAsync(
  dir: string,
  deployed: string,
  ancestry?: RepoSnapshot['ancestry'],
): Promise<History | null> {
  if (!plausible(deployed)) return null;
  const known = ancestryLog(ancestry, deployed);
  if (known) {
    // against the HEAD the ancestry was read from, should the checkout move meanwhile
    const diff = await gitTextAsync(dir, diffArgs(known.base, known.head));
    return { commits: known.commits, files: parseDiff(diff) };
  }
  let full: string;
  try {
    full = await gitTextAsync(dir, verifyArgs(deployed));
  } catch {
    return null;
  }
  const [log, diff] = await Promise.all([
    gitTextAsync(dir, logArgs(full)),
    gitTextAsync(dir, diffArgs(full)),
  ]);
  return { commits: parseLog(log), files: parseDiff(diff) };
}
