// A phase's `when:` skips all its steps with the phase's evidence (no confirmation asked for its critical
// ones); a step's `when:` that cannot be read runs the step and says why on its output.
import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../source/profile/schema.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import { ofType, runCollect, scriptedGates } from './tiny-profile.js';

const profile = profileSchema.parse({
  name: 'phases',
  hosts: { app: { embedded: true } },
  phases: [
    {
      id: 'read',
      title: 'Read',
      steps: [
        {
          id: 'state',
          title: 'State',
          host: 'app',
          mutates: false,
          save_as: 'state',
          run: { command: 'cat state' },
        },
      ],
    },
    {
      id: 'change',
      title: 'Change',
      when: { skip_if: { fact: 'state', matches: '^done$' } },
      steps: [
        { id: 'write', title: 'Write', host: 'app', critical: true, run: { command: 'write it' } },
        { id: 'reload', title: 'Reload', host: 'app', run: { command: 'reload it' } },
      ],
    },
    {
      id: 'migrate',
      title: 'Migrate',
      steps: [
        {
          id: 'migrate',
          title: 'Migrate',
          host: 'app',
          when: { skip_if: { pending_migrations: 'none' } },
          run: { command: 'migrate it' },
        },
      ],
    },
  ],
});

describe('when: on a phase, and what cannot be read', () => {
  it('skips every step of the phase with its evidence, asking nothing; a condition not read runs its step', async () => {
    const app = new FakeTransport('app');
    app.on(/cat state/, { stdout: 'done\n' });
    const gates = scriptedGates();
    const { summary, events } = await runCollect({ profile, transports: new Map([['app', app]]), gates });
    expect(summary.exitCode).toBe(0);
    const finished = ofType(events, 'step-finished').map((e) => [e.stepId, e.outcome, e.reason]);
    expect(finished).toEqual([
      ['state', 'ok', undefined],
      ['write', 'skipped', 'phase change skipped: state matches /^done$/'],
      ['reload', 'skipped', 'phase change skipped: state matches /^done$/'],
      ['migrate', 'ok', undefined],
    ]);
    expect(gates.asked.confirm).toEqual([]);
    expect(app.ran(/write it|reload it/)).toHaveLength(0);
    // no probe reads ran_migrations in this profile: unknown, so the step ran and said why
    const said = ofType(events, 'output')
      .filter((e) => e.stepId === 'migrate')
      .map((e) => e.line);
    expect(said[0]).toMatch(
      /^runs: could not tell whether it is done \(pending migrations: .*ran_migrations/,
    );
    expect(app.ran(/migrate it/)).toHaveLength(1);
  });
});
