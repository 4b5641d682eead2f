import { describe, expect, it } from 'vitest';
import { parseVarOverrides, withCommit } from '../../source/engine/plan/var-overrides.js';
import type { NameCatalog } from '../../source/profile/name-catalog.js';

const catalog: NameCatalog = {
  runtimeVars: new Set(['world']),
  vars: new Set(['branch', 'commit']),
  forms: new Map([['smtp', new Set(['host', 'password'])]]),
  facts: new Set(['smtp_api']),
  builtins: new Set(['run_id']),
  secrets: new Set(['smtp.password', 'smtp_api.data.password']),
};
const names = { catalog, vars: { branch: 'main', commit: 'abc' } };
const refusal = (...args: string[]) => {
  const parsed = parseVarOverrides(args, names);
  return parsed.ok ? 'accepted' : parsed.message;
};

describe('parseVarOverrides', () => {
  it('keeps everything after the first "=" byte for byte, "=" and newlines included', () => {
    const parsed = parseVarOverrides(['branch=a=b\n$(x)', 'commit='], names);
    expect(parsed).toEqual({
      ok: true,
      values: {
        overrides: { branch: 'a=b\n$(x)', commit: '' },
        sources: { branch: '--var', commit: '--var' },
      },
    });
  });

  it('refuses secrets (a whole fact holding one too), form fields, facts and runtime vars, by kind', () => {
    expect(refusal('smtp.password=x')).toMatch(/a secret is never given on the command line/);
    expect(refusal('smtp_api=x')).toMatch(/a secret is never given/);
    expect(refusal('smtp.host=x')).toMatch(/a form field, answered in the form .* --values FILE/);
    expect(refusal('smtp_api.data.host=x')).toMatch(/set by the run itself \(a fact\)/);
    expect(refusal('world=x')).toMatch(/supplied at run time .*profile's vars: branch, commit/);
  });

  it('refuses a name given twice with different values, accepts the same value twice', () => {
    expect(refusal('branch=a', 'branch=b')).toMatch(/--var branch is given twice/);
    expect(refusal('branch=a', 'branch=a')).toBe('accepted');
  });
});

describe('withCommit', () => {
  it('replaces --var commit and remembers the value it replaced', () => {
    const parsed = parseVarOverrides(['commit=abc1234', 'branch=x'], names);
    if (!parsed.ok) throw new Error(parsed.message);
    const values = withCommit(parsed.values, { ref: 'v1', hash: 'f'.repeat(40), checkout: '/repo' });
    expect(values.overrides).toEqual({ commit: 'f'.repeat(40), branch: 'x' });
    expect(values.sources).toEqual({ commit: '--commit', branch: '--var' });
    expect(values.commit).toEqual({
      ref: 'v1',
      hash: 'f'.repeat(40),
      checkout: '/repo',
      replacedVar: 'abc1234',
    });
  });
});
