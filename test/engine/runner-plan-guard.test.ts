// `deploy --plan`'s guard in the runner: asked once the deploy lock is held and before anything else (the
// form, the value pre-flight, any step); what moved ends the run with exit 5, the lock released and nothing
// else sent; facts as planned let the run go on, the guard's line journalled.
import { describe, expect, it } from 'vitest';
import type { PlanGuardAnswer } from '../../source/engine/run/run-types.js';
import { healthyHosts, ofType, runCollect, scriptedGates, stateDir } from './tiny-profile.js';

describe('the plan guard', () => {
  it('moved: exit 5 naming it, after the lock and before the form, the lock released, nothing else sent', async () => {
    const { app, obs, map } = healthyHosts();
    const gates = scriptedGates();
    let sentBeforeGuard: string[] = [];
    const guard = async (): Promise<PlanGuardAnswer> => {
      sentBeforeGuard = [...app.commands.map((c) => c.command)];
      return { moved: true, message: 'alertmanager.yml on mentat changed since the plan (a → b)' };
    };
    const { summary, events } = await runCollect({
      transports: map,
      gates,
      planGuard: guard,
      stateDir: stateDir(),
    });
    expect(summary).toMatchObject({ outcome: 'failed', exitCode: 5, resumable: false });
    expect(summary.message).toBe('alertmanager.yml on mentat changed since the plan (a → b)');
    // the guard ran with the lock held: the lock was the only command sent before it
    expect(sentBeforeGuard).toHaveLength(1);
    expect(sentBeforeGuard[0]).toMatch(/if mkdir -- "\$lock"/);
    // then only the release of the lock: no form asked, no step started but the lock
    const after = app.commands.map((c) => c.command).slice(1);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/mv -T -- "\$lock" "\$lock\.released/);
    expect(obs.commands).toEqual([]);
    expect(gates.asked.confirm).toEqual([]);
    expect(ofType(events, 'step-started').map((e) => e.stepId)).toEqual(['lock']);
    expect(ofType(events, 'lock-released')).toHaveLength(1);
  });

  it('as planned: the run goes on and says so', async () => {
    const { map } = healthyHosts();
    const { summary, events } = await runCollect({
      transports: map,
      gates: scriptedGates(),
      planGuard: async () => ({ moved: false, note: 'plan: the 3 deciding facts are as planned' }),
    });
    expect(summary.exitCode).toBe(0);
    expect(ofType(events, 'output').map((e) => e.line)).toContain(
      'plan: the 3 deciding facts are as planned',
    );
    expect(ofType(events, 'step-finished').map((e) => e.stepId)).toContain('activate');
  });
});
