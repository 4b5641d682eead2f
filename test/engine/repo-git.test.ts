// The repository's history without git: the snapshot's ancestry gives `deployed..HEAD` exactly as git log
// does, on a history with branches and merges, and says when it cannot (not an ancestor, ambiguous, cut short).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testRepo } from '../helpers/git-repo.js';
import {
  ancestryLog,
  historySince,
  historySinceAsync,
  readRepository,
} from '../../source/engine/assess/repo/repo-git.js';

const repo = testRepo('chom-ancestry-');
const { dir, git } = repo;
afterAll(repo.remove);
const commit = (file: string, message: string): void => {
  writeFileSync(join(dir, file), `${message}\n`);
  git('add', file);
  git('commit', '-q', '-m', message);
};

git('init', '-q', '-b', 'main');
commit('a.txt', 'one');
commit('a.txt', 'two\twith a tab');
git('checkout', '-q', '-b', 'feature');
commit('b.txt', 'feature one');
git('checkout', '-q', 'main');
commit('c.txt', 'main three');
git('checkout', '-q', 'feature');
commit('b.txt', 'feature two');
git('checkout', '-q', 'main');
git('merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
commit('a.txt', 'after merge');
git('branch', '-q', 'side', 'HEAD~2');
const snapshot = readRepository(dir);
const all = git('log', '--format=%H', 'HEAD').split('\n');

describe('history from the ancestry', () => {
  it('keeps the whole history of a small repository, newest first, with parents', () => {
    expect(snapshot.ancestry?.complete).toBe(true);
    expect(snapshot.ancestry?.commits.map((c) => c.hash)).toEqual(all);
    expect(snapshot.ancestry?.commits.filter((c) => c.parents.length === 2)).toHaveLength(1);
    expect(snapshot.head.subject).toBe('after merge');
  });

  it.each(all.map((hash, index) => [index, hash]))(
    'gives git log’s deployed..HEAD for commit #%i, branches and merges included',
    async (_index, hash) => {
      const expected = historySince(dir, hash.slice(0, 7));
      const fromAncestry = ancestryLog(snapshot.ancestry, hash.slice(0, 7));
      expect(fromAncestry?.commits).toEqual(expected?.commits);
      expect(await historySinceAsync(dir, hash.slice(0, 7), snapshot.ancestry)).toEqual(expected);
    },
  );

  it('says it cannot when the commit is not HEAD’s, ambiguous, unknown, or the history was cut short', () => {
    git('checkout', '-q', '-b', 'elsewhere', all.at(-1)!);
    commit('d.txt', 'not on main');
    const other = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'main');
    expect(ancestryLog(snapshot.ancestry, other)).toBeUndefined();
    // git still finds it: the assessment falls back to git for such a commit
    expect(historySince(dir, other)?.commits.length).toBeGreaterThan(0);
    expect(ancestryLog(snapshot.ancestry, '')).toBeUndefined();
    expect(ancestryLog(snapshot.ancestry, 'deadbeefdeadbeef')).toBeUndefined();
    // a one-character prefix is no commit hash at all
    expect(ancestryLog(snapshot.ancestry, all[0]!.slice(0, 1))).toBeUndefined();
    expect(ancestryLog({ ...snapshot.ancestry!, complete: false }, all[1]!)).toBeUndefined();
    expect(ancestryLog(undefined, all[1]!)).toBeUndefined();
  });
});
