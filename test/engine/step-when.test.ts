// The `when:` evaluator over a view of facts: skip with evidence when the condition holds, run (with why)
// when it does not, unknown (the step runs) when what it reads was not read; any/all combine them.
import { describe, expect, it } from 'vitest';
import { evaluateWhen, type WhenView } from '../../source/engine/run/step-when.js';
import type { When } from '../../source/profile/when-schema.js';
import { whenSchema } from '../../source/profile/when-schema.js';

const none = (why: string) => ({ known: false as const, why });
const view = (over: Partial<WhenView> = {}): WhenView => ({
  pendingMigrations: () => ({ known: true, value: [] }),
  config: (step) => ({
    known: true,
    value: {
      step,
      host: 'mentat',
      identical: true,
      files: [{ path: '/etc/a.yml', secret: false, identical: true, diff: [] }],
    },
  }),
  unchanged: () => ({ known: true, value: { identical: false, differing: ['password'] } }),
  fact: () => none('never saved'),
  targetLive: () => none('not read'),
  upload: () => none('not read'),
  uploads: () => none('not read'),
  configs: () => none('not read'),
  assessed: () => none('not read'),
  ...over,
});
const when = (input: unknown): When => whenSchema.parse(input);

describe('when: skip_if', () => {
  it('each condition: holds → skip with evidence; does not → run saying why', () => {
    expect(evaluateWhen(when({ skip_if: { pending_migrations: 'none' } }), 'migrate', view())).toEqual({
      kind: 'skip',
      evidence: 'no pending migration (every migration of the target has run on the live database)',
    });
    expect(
      evaluateWhen(
        when({ skip_if: { pending_migrations: 'none' } }),
        'migrate',
        view({ pendingMigrations: () => ({ known: true, value: ['2026_x'] }) }),
      ),
    ).toEqual({ kind: 'run', evidence: '1 pending: 2026_x' });
    expect(evaluateWhen(when({ skip_if: { config: 'identical' } }), 'c', view())).toEqual({
      kind: 'skip',
      evidence: 'rendered config identical to the live files (/etc/a.yml)',
    });
    expect(evaluateWhen(when({ skip_if: { unchanged: 'smtp.stored' } }), 's', view())).toEqual({
      kind: 'run',
      evidence: 'smtp.stored differs in: password',
    });
  });

  it('what was not read never skips: unknown, with why', () => {
    const verdict = evaluateWhen(
      when({ skip_if: { config: 'identical' } }),
      'c',
      view({ config: () => none('mentat unreachable') }),
    );
    expect(verdict).toEqual({ kind: 'unknown', why: 'config of c: mentat unreachable' });
  });

  it('any: one holding is enough; all: every one must hold, one failing runs it', () => {
    const both = { pending_migrations: 'none' as const };
    const differs = { unchanged: 'smtp.stored' };
    expect(evaluateWhen(when({ skip_if: { any: [differs, both] } }), 's', view()).kind).toBe('skip');
    expect(evaluateWhen(when({ skip_if: { all: [differs, both] } }), 's', view())).toEqual({
      kind: 'run',
      evidence: 'smtp.stored differs in: password',
    });
    const unread = view({ pendingMigrations: () => none('db down') });
    expect(evaluateWhen(when({ skip_if: { any: [differs, both] } }), 's', unread)).toEqual({
      kind: 'unknown',
      why: 'pending migrations: db down',
    });
    expect(evaluateWhen(when({ skip_if: { all: [{ config: 'identical' }, both] } }), 's', view())).toEqual({
      kind: 'skip',
      evidence:
        'rendered config identical to the live files (/etc/a.yml); no pending migration (every migration of the target has run on the live database)',
    });
  });

  it('target: live holds when the live commit is the target, runs once this run switched, unknown when unread', () => {
    const commits = (live: string, target: string, switched = false) =>
      view({ targetLive: () => ({ known: true, value: { live, target, same: live === target, switched } }) });
    const target = when({ skip_if: { target: 'live' } });
    expect(evaluateWhen(target, 'switch', commits('a'.repeat(40), 'a'.repeat(40)))).toEqual({
      kind: 'skip',
      evidence: `the target commit ${'a'.repeat(12)} is the live one (the current release was built from it)`,
    });
    expect(evaluateWhen(target, 'switch', commits('b'.repeat(40), 'a'.repeat(40)))).toEqual({
      kind: 'run',
      evidence: `the live commit is ${'b'.repeat(12)}, the target ${'a'.repeat(12)}`,
    });
    expect(evaluateWhen(target, 'health-check', commits('a', 'a', true)).kind).toBe('run');
    expect(evaluateWhen(target, 'switch', view())).toEqual({
      kind: 'unknown',
      why: 'the live commit: not read',
    });
  });

  it('upload(s) / configs: identical hold only when every file is identical; unread is unknown', () => {
    const upload = (identical: boolean) => ({ step: 'stage', host: 'mentat', path: '/hub/a.yml', identical });
    expect(
      evaluateWhen(
        when({ skip_if: { upload: 'identical' } }),
        'stage',
        view({ upload: () => ({ known: true, value: upload(true) }) }),
      ),
    ).toEqual({ kind: 'skip', evidence: '/hub/a.yml on mentat is identical to the local file' });
    expect(
      evaluateWhen(
        when({ skip_if: { upload: 'identical' } }),
        'stage',
        view({ upload: () => ({ known: true, value: upload(false) }) }),
      ).kind,
    ).toBe('run');
    const uploads = view({
      uploads: () => ({ known: true, value: [upload(true), { ...upload(false), step: 'other' }] }),
    });
    expect(evaluateWhen(when({ skip_if: { uploads: 'identical' } }), 'hub', uploads)).toEqual({
      kind: 'run',
      evidence: 'upload steps that differ: other',
    });
    const config = (step: string, identical: boolean) => ({ step, host: 'mentat', identical, files: [] });
    const configs = (...facts: ReturnType<typeof config>[]) =>
      view({ configs: () => ({ known: true, value: facts }) });
    const alert = when({ skip_if: { all: [{ configs: 'identical' }, { unchanged: 'smtp.stored' }] } });
    expect(
      evaluateWhen(
        when({ skip_if: { configs: 'identical' } }),
        'snap',
        configs(config('a', true), config('b', true)),
      ),
    ).toEqual({
      kind: 'skip',
      evidence: 'every config step is identical (a, b)',
    });
    expect(evaluateWhen(alert, 'test-alert', configs(config('a', true), config('b', false)))).toEqual({
      kind: 'run',
      evidence: 'config steps that differ: b; smtp.stored differs in: password',
    });
    expect(evaluateWhen(when({ skip_if: { configs: 'identical' } }), 'snap', view()).kind).toBe('unknown');
  });

  it('assessed: every line of the probe fact must match (none: holds); one other line runs it', () => {
    const rules = (...lines: string[]) => view({ assessed: () => ({ known: true, value: lines }) });
    const only = when({ skip_if: { assessed: 'rule_files', every_line: '^(basic|exporters)\\.yml ' } });
    expect(evaluateWhen(only, 'retire', rules('basic.yml 10 ab', 'exporters.yml 20 cd')).kind).toBe('skip');
    expect(evaluateWhen(only, 'retire', rules()).kind).toBe('skip');
    expect(evaluateWhen(only, 'retire', rules('basic.yml 10 ab', 'old.yml 5 ef'))).toEqual({
      kind: 'run',
      evidence: '1 line(s) of rule_files do not match /^(basic|exporters)\\.yml /: old.yml 5 ef',
    });
    expect(evaluateWhen(only, 'retire', view()).kind).toBe('unknown');
    expect(() => when({ skip_if: { target: 'deployed' } })).toThrow();
    expect(() => when({ skip_if: { assessed: 'rule_files' } })).toThrow(
      /`assessed` and `every_line` together/,
    );
  });

  it('a fact condition matches a line of a saved fact; the older form still runs only when it matches', () => {
    const saved = view({ fact: () => ({ known: true, value: 'x\npending=0' }) });
    expect(
      evaluateWhen(when({ skip_if: { fact: 'migration_status', matches: '^pending=0$' } }), 'm', saved).kind,
    ).toBe('skip');
    expect(
      evaluateWhen(
        when({ fact: 'migration_status', matches: '^pending=[1-9]', else: 'nothing pending' }),
        'm',
        saved,
      ),
    ).toEqual({ kind: 'skip', evidence: 'nothing pending' });
  });

  it('no expression language: a condition is one known key with a fixed value', () => {
    expect(() => when({ skip_if: { pending_migrations: '$(rm -rf /)' } })).toThrow();
    expect(() => when({ skip_if: { eval: 'true' } })).toThrow();
    expect(() => when({ skip_if: { any: [] } })).toThrow();
    expect(() => when({ skip_if: { fact: 'x' } })).toThrow(/fact` and `matches` together/);
  });
});
