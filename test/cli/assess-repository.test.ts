// The TUI's assessment compares the profile's `repo`; when it cannot, the report says why at its top.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { profileRepository } from '../../source/cli/assess-repository.js';
import { withRepositoryNote } from '../../source/report/assessment-markdown.js';

const empty = mkdtempSync(join(tmpdir(), 'chom-no-repo-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('the TUI assessment repository', () => {
  it('says why nothing is compared: no repo var, or a folder that is not a repository', () => {
    expect(profileRepository(undefined)).toEqual({
      snapshot: null,
      note: 'The profile has no `repo` var: no repository was compared.',
    });
    const notGit = profileRepository(empty);
    expect(notGit.snapshot).toBeNull();
    expect(notGit.note).toContain(
      `could not be read, so nothing was compared with it: --repo ${empty}: not a git repository`,
    );
  });

  it('puts the note under the report title, and leaves the report alone without one', () => {
    expect(withRepositoryNote('# Title\n\nbody', 'why')).toBe('# Title\n\n> why\n\nbody');
    expect(withRepositoryNote('# Title\n\nbody', null)).toBe('# Title\n\nbody');
  });
});
