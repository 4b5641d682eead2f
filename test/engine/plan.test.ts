import { describe, expect, it } from 'vitest';
import { buildRunPlan } from '../../source/engine/plan/plan.js';
import { TransportError } from '../../source/transport/transport.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import { healthyHosts, ofType, runCollect, scriptedGates, tinyProfile } from './tiny-profile.js';

describe('buildRunPlan', () => {
  it('starts a deploy at --from, builds rollback phases, and names what is missing', () => {
    const profile = tinyProfile();
    expect(buildRunPlan(profile, { mode: 'deploy', from: 'switch' })).toMatchObject({
      mode: 'deploy',
      phases: [{ id: 'switch' }],
    });
    expect(() => buildRunPlan(profile, { mode: 'deploy', from: 'nope' })).toThrow(
      'no phase "nope" in profile tiny; phases: prepare, switch',
    );
    expect(buildRunPlan(profile, { mode: 'rollback', target: 'app' })).toMatchObject({
      mode: 'rollback',
      phases: [{ id: 'rollback-app' }],
    });
    expect(() => buildRunPlan(profile, { mode: 'rollback', target: 'all' })).toThrow(
      'no rollback steps for "observability"',
    );
  });

  it('rollback --to passes the release as a fact to the rollback action', async () => {
    const profile = tinyProfile();
    const { app, map } = healthyHosts();
    const { summary } = await runCollect(
      {
        profile,
        transports: map,
        gates: scriptedGates(),
        initialFacts: { rollback_target: '20251224_101010' },
      },
      buildRunPlan(profile, { mode: 'rollback', target: 'app' }),
    );
    expect(summary.outcome).toBe('ok');
    expect(app.ran(/id='20251224_101010'/)).toHaveLength(1);
  });

  it('maps a host that cannot be reached to exit code 3', async () => {
    const { map } = healthyHosts();
    const unreachable = new FakeTransport('app');
    unreachable.connect = async () => {
      throw new TransportError('unreachable', 'app (10.0.0.1:22): connection refused');
    };
    map.set('app', unreachable);
    const { summary, events } = await runCollect({ transports: map, gates: scriptedGates() });
    expect(summary.exitCode).toBe(3);
    expect(ofType(events, 'step-finished')[0]!.failure).toMatchObject({
      message: 'app: app (10.0.0.1:22): connection refused',
      hint: 'check the address and port in the profile, then retry',
    });
  });
});
