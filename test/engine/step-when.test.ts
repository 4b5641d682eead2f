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
