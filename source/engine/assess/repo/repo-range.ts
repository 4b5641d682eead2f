// What a deploy brings, read from the local CHOM checkout with read-only git: the commits between the live
// commit and the target, and the migration files of the target (the pre-flight's "commits to deploy" and,
// with the database's ran migrations, its "pending migrations").
import { gitTextAsync, RepoError } from './repo-git.js';

/** The commits of live..target, newest first, and how far the target is behind live (a deploy backwards). */
export type CommitRange = {
  live: string;
  target: string;
  commits: { short: string; subject: string }[];
  /** Commits of the live one that the target lacks (0 for a deploy forwards). */
  behind: number;
};

const plausible = (ref: string): boolean => /^[0-9a-f]{4,40}$/i.test(ref);

/** The full hash of `ref` in `dir`; a RepoError names the repository and what to do. */
async function resolve(dir: string, ref: string, what: string): Promise<string> {
  if (!plausible(ref)) throw new RepoError(`${what} "${ref}" is not a commit hash`);
  await gitTextAsync(dir, ['rev-parse', '--git-dir']).catch(() => {
    throw new RepoError(`${dir} is not a git repository (the profile's repo var names the local checkout)`);
  });
  try {
    return await gitTextAsync(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new RepoError(
      `${what} ${ref} is not in the repository ${dir} (fetch it there: git -C ${dir} fetch)`,
    );
  }
}

/** live..target in the repository at `dir`. */
export async function commitRange(dir: string, live: string, target: string): Promise<CommitRange> {
  const [from, to] = await Promise.all([
    resolve(dir, live, 'the live commit'),
    resolve(dir, target, 'the target commit'),
  ]);
  const [log, behind] = await Promise.all([
    gitTextAsync(dir, ['log', '--no-show-signature', '--format=%h%x09%s', `${from}..${to}`]),
    gitTextAsync(dir, ['rev-list', '--count', `${to}..${from}`]),
  ]);
  const commits =
    log === ''
      ? []
      : log.split('\n').map((line) => {
          const [short = '', ...subject] = line.split('\t');
          return { short, subject: subject.join('\t') };
        });
  return { live: from, target: to, commits, behind: Number(behind) || 0 };
}

/** The migrations (file names without `.php`) under database/migrations at `commit`, sorted. */
export async function migrationsAt(dir: string, commit: string): Promise<string[]> {
  const full = await resolve(dir, commit, 'the target commit');
  const listing = await gitTextAsync(dir, ['ls-tree', '--name-only', `${full}:database/migrations`]).catch(
    () => '',
  );
  return listing
    .split('\n')
    .filter((name) => name.endsWith('.php'))
    .map((name) => name.slice(0, -'.php'.length))
    .sort();
}
