// The repository the TUI's assessment compares: the profile's `repo` var (the local checkout phase 1 uploads
// from), read once per assess run. When it cannot be read the report says why instead of comparing nothing
// silently.
import { readRepository, RepoError, type RepoSnapshot } from '../engine/assess/repo/repo-git.js';

/** The snapshot, or why there is none (a sentence for the top of the report). */
export type AssessRepository = { snapshot: RepoSnapshot | null; note: string | null };

export function profileRepository(dir: string | undefined): AssessRepository {
  if (dir === undefined || dir === '')
    return { snapshot: null, note: 'The profile has no `repo` var: no repository was compared.' };
  try {
    return { snapshot: readRepository(dir), note: null };
  } catch (error) {
    const reason = error instanceof RepoError ? error.message : (error as Error).message;
    return {
      snapshot: null,
      note: `The profile's repository could not be read, so nothing was compared with it: ${reason}.`,
    };
  }
}
