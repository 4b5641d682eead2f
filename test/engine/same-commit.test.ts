// `target: live` compares the live full hash with the `commit` var, which may be an abbreviation.
import { describe, expect, it } from 'vitest';
import { sameCommit } from '../../source/engine/plan/same-commit.js';

const full = '7cb21fc9cc31e630b9cc94620cc719c925201ab4';

describe('sameCommit', () => {
  it('a full hash or an abbreviation of at least 7 digits of it', () => {
    expect(sameCommit(full, full)).toBe(true);
    expect(sameCommit(full, '7cb21fc')).toBe(true);
    expect(sameCommit('7CB21FC9\n', full)).toBe(true);
  });
  it('never a shorter prefix, another commit or nothing', () => {
    expect(sameCommit(full, '7cb21f')).toBe(false);
    expect(sameCommit(full, '7cb21fd')).toBe(false);
    expect(sameCommit(full, `${full.slice(0, 39)}0`)).toBe(false);
    expect(sameCommit('', '')).toBe(false);
    expect(sameCommit(full, 'main')).toBe(false);
  });
});
