import { describe, expect, it } from 'vitest';
import { cancelPlan, type CancelFacts } from '../../source/engine/run/cancel-plan.js';
import { evaluateWhen, type WhenView } from '../../source/engine/run/step-when.js';

/** The older `when:` form through the evaluator: the `else` text when skipped, null when it runs. */
function skipReason(step: Step, facts: Record<string, string>): string | null {
  if (step.when === undefined) return null;
  const none = { known: false as const, why: 'not read' };
  const view: WhenView = {
    pendingMigrations: () => none,
    config: () => none,
    unchanged: () => none,
    fact: (name) => (name in facts ? { known: true, value: facts[name]! } : none),
  };
  const verdict = evaluateWhen(step.when, step.id, view);
  return verdict.kind === 'skip' ? verdict.evidence : null;
}
import { profileSchema, type Step } from '../../source/profile/schema.js';

const facts = (over: Partial<CancelFacts> = {}): CancelFacts => ({
  mode: 'deploy',
  runId: '20261206-070000-abcd',
  stepId: 'migrate',
  hosts: ['landsraad', 'mentat'],
  changed: false,
  live: new Map(),
  activated: new Set(),
  built: new Map(),
  configured: new Map(),
  rollbacks: { app: true, observability: true },
  ...over,
});

describe('what Cancel does at a gate', () => {
  it('before any change: the deploy stops, and the gate says so', () => {
    expect(cancelPlan(facts())).toEqual({ kind: 'stop', note: 'nothing changed yet, the deploy stops' });
  });

  it('a half-built release: asks, names the release as not live, offers back and pause only', () => {
    const plan = cancelPlan(facts({ changed: true, built: new Map([['landsraad', '20261206_070100']]) }));
    expect(plan).toMatchObject({
      kind: 'ask',
      choices: ['back', 'pause'],
      rollback: null,
      resume: 'chom-console deploy --resume 20261206-070000-abcd',
      hosts: [
        'landsraad: release 20261206_070100 built, not live (live release unchanged)',
        'mentat: live release unchanged',
      ],
    });
    expect(plan.note).toMatch(/^asks what to do: landsraad: release 20261206_070100 built, not live/);
  });

  it('after the switch: says which release is live (the readlink), offers the app rollback', () => {
    const plan = cancelPlan(
      facts({
        changed: true,
        stepId: 'store-smtp-settings',
        activated: new Set(['landsraad']),
        built: new Map([['landsraad', '20261206_070100']]),
        live: new Map([
          ['landsraad', { kind: 'confirmed', release: '20261206_070100', at: '07:02', by: 'switch' }],
        ]),
      }),
    );
    expect(plan).toMatchObject({ kind: 'ask', choices: ['back', 'pause', 'rollback'], rollback: 'app' });
    if (plan.kind !== 'ask') throw new Error('ask expected');
    expect(plan.hosts[0]).toBe(
      'landsraad: release 20261206_070100 is live (confirmed by readlink at 07:02, after the switch)',
    );
    expect(plan.hosts[1]).toBe('mentat: live release unchanged');
  });

  it('configs installed after the switch: the rollback covers both, the host line names the step', () => {
    const plan = cancelPlan(
      facts({
        changed: true,
        activated: new Set(['landsraad']),
        live: new Map([['landsraad', { kind: 'confirmed', release: 'R', at: 't', by: 'switch' }]]),
        configured: new Map([
          [
            'configure-alertmanager',
            {
              kind: 'changed',
              stepId: 'configure-alertmanager',
              host: 'mentat',
              files: ['alertmanager.yml'],
            },
          ],
        ]),
      }),
    );
    expect(plan).toMatchObject({ rollback: 'all' });
    if (plan.kind !== 'ask') throw new Error('ask expected');
    expect(plan.hosts[1]).toBe(
      'mentat: live release unchanged; live configs changed by configure-alertmanager',
    );
  });

  it('a config install whose result never came back: the host line says the new file may be live', () => {
    const plan = cancelPlan(
      facts({
        changed: true,
        configured: new Map([
          [
            'configure-prometheus',
            {
              kind: 'unknown',
              stepId: 'configure-prometheus',
              host: 'mentat',
              files: ['prometheus.yml'],
              reason: 'the connection dropped during configure-prometheus',
            },
          ],
        ]),
      }),
    );
    if (plan.kind !== 'ask') throw new Error('ask expected');
    expect(plan.hosts[1]).toBe(
      'mentat: live release unchanged; unknown: the connection dropped during configure-prometheus; prometheus.yml may be the new one',
    );
    expect(plan.rollback).toBe('observability');
  });

  it('a switch of the resumed run counts; a profile without an app rollback offers none', () => {
    const resumed = facts({ changed: true, activated: new Set(['landsraad']) });
    expect(cancelPlan(resumed)).toMatchObject({ rollback: 'app' });
    expect(cancelPlan({ ...resumed, rollbacks: { app: false, observability: true } })).toMatchObject({
      rollback: null,
      choices: ['back', 'pause'],
    });
  });

  it('a rollback run cancelled half way is not resumable: back or stop, no nested rollback', () => {
    expect(cancelPlan(facts({ mode: 'rollback', changed: true }))).toMatchObject({
      kind: 'ask',
      choices: ['back', 'pause'],
      rollback: null,
    });
    expect(cancelPlan(facts({ mode: 'rollback' }))).toEqual({
      kind: 'stop',
      note: 'nothing changed yet, the rollback stops',
    });
  });
});

describe('a step’s when: over a saved fact', () => {
  const step = (when?: unknown): Step =>
    profileSchema.parse({
      name: 'w',
      hosts: { app: { embedded: true } },
      phases: [
        {
          id: 'p',
          title: 'P',
          steps: [
            { id: 'migrate', title: 'M', host: 'app', run: { command: 'true' }, ...(when ? { when } : {}) },
          ],
        },
      ],
    }).phases[0]!.steps[0]!;
  const when = { fact: 'migration_status', matches: '^pending=[1-9]', else: 'nothing pending, skipped' };

  it('skips with its reason when no line matches, runs when one does', () => {
    expect(skipReason(step(when), { migration_status: 'Migration name  Ran?\npending=0' })).toBe(
      'nothing pending, skipped',
    );
    expect(skipReason(step(when), { migration_status: 'x Pending\npending=2' })).toBeNull();
  });

  it('runs when the fact was never saved, or the step has no when', () => {
    expect(skipReason(step(when), {})).toBeNull();
    expect(skipReason(step(), { migration_status: 'pending=0' })).toBeNull();
  });

  it('the profile refuses a pattern that is not a regular expression', () => {
    expect(() => step({ ...when, matches: '(' })).toThrow(/a valid regular expression/);
  });
});
