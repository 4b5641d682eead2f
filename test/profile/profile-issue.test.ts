import { describe, expect, it } from 'vitest';
import { formatIssues, formatPath, type ProfileIssue } from '../../source/profile/profile-issue.js';

const issue = (n: number): ProfileIssue => ({
  file: 'p.yaml',
  line: n,
  column: 3,
  path: `phases[${n}].id`,
  message: `m${n}`,
});

describe('formatIssues', () => {
  it('prints at most five, then how many more', () => {
    const text = formatIssues([1, 2, 3, 4, 5, 6, 7].map(issue));
    expect(text.split('\n')).toEqual([
      'p.yaml:1:3: phases[1].id: m1',
      'p.yaml:2:3: phases[2].id: m2',
      'p.yaml:3:3: phases[3].id: m3',
      'p.yaml:4:3: phases[4].id: m4',
      'p.yaml:5:3: phases[5].id: m5',
      '…and 2 more',
    ]);
  });

  it('prints a file-level issue without a position or path', () => {
    expect(formatIssues([{ file: 'x.yaml', line: 0, column: 0, path: '', message: 'missing' }])).toBe(
      'x.yaml: missing',
    );
  });

  it('formats paths with indexes and quoted odd keys', () => {
    expect(formatPath(['phases', 1, 'steps', 3, 'run', 'command'])).toBe('phases[1].steps[3].run.command');
    expect(formatPath(['vars', 'a b'])).toBe('vars["a b"]');
  });
});
