// What a failed deploy says is live comes from the switch's own readlink, and an automatic rollback is
// "finished ok" only when its steps did: a rollback that cannot connect leaves the new release live (and
// says so), a switch whose connection dropped leaves the host unknown; the recovery commands follow.
import { describe, expect, it } from 'vitest';
import { headlessGates } from '../../source/engine/run/gates.js';
import { afterSwitch, describeLive, droppedAfterRename } from '../../source/engine/run/live-state.js';
import { commandLine, deployRecovery } from '../../source/engine/run/recovery.js';
import { TransportError } from '../../source/transport/transport.js';
import { healthyHosts, ofType, runCollect, tinyProfile } from './tiny-profile.js';

const gates = headlessGates({
  yes: true,
  operator: 'ci',
  values: { smtp: { host: 'h', password: 'pw-123' } },
});
const refused = () => {
  throw new TransportError('unreachable', 'app: connect ECONNREFUSED 127.0.0.1:22');
};
const dropped = () => {
  throw new TransportError('connection-lost', 'app: connection lost while running a command');
};
/** The tiny runbook with production's rule: a failed switch step (after its rename) proposes the app rollback. */
function profile() {
  const tiny = tinyProfile();
  const activate = tiny.phases[1]!.steps[0]!;
  activate.on_failure = { rollback: 'app' };
  return tiny;
}
const invocation = { profile: 'prod', yes: true, values: 'v.yaml', passwordStdin: true };

describe('after a failed post-switch step', () => {
  it('a rollback that cannot connect is reported FAILED and the confirmed new release as live', async () => {
    const { app, map } = healthyHosts();
    app.on(/systemctl reload/, dropped);
    app.on(/previous=\$live/, refused);
    const { summary, events } = await runCollect({ transports: map, gates, profile: profile() });
    expect(ofType(events, 'failure-decided')[0]).toMatchObject({ stepId: 'activate', decision: 'rollback' });
    expect(summary.rollback).toEqual({ scope: 'app', outcome: 'failed', failedStep: 'back' });
    expect(summary.message).toMatch(/the automatic rollback of app FAILED at step back/);
    expect(summary.message).not.toMatch(/finished ok|done/);
    const live = summary.hostStates.find((h) => h.host === 'app')!.live!;
    expect(live).toMatchObject({ kind: 'confirmed', release: '20260109_083012', by: 'switch' });
    const recovery = deployRecovery(summary, invocation);
    expect(recovery.live[0]).toMatch(
      /^app: release 20260109_083012 is live \(confirmed by readlink at \d{4}-\d\d-\d\dT.*Z, after the switch\)$/,
    );
    expect(recovery.commands.map((c) => c.command)).toEqual([
      `chom-console deploy --profile prod --resume ${summary.runId} --yes --values v.yaml --password-stdin`,
      'chom-console rollback --profile prod --target app --yes',
    ]);
  });

  it('a switch whose connection dropped leaves the host unknown, and the failed rollback keeps it unknown', async () => {
    const { app, map } = healthyHosts();
    app.on(/mv -Tf -- "\$base\/current.tmp/, dropped);
    app.on(/previous=\$live/, refused);
    const { summary } = await runCollect({ transports: map, gates, profile: profile() });
    // The switch may have happened: the rollback is attempted, and reported as failed.
    expect(summary.rollback).toMatchObject({ scope: 'app', outcome: 'failed' });
    const live = summary.hostStates.find((h) => h.host === 'app')!.live!;
    expect(live).toMatchObject({ kind: 'unknown', release: '20260109_083012', reason: droppedAfterRename });
    const recovery = deployRecovery(summary, { profile: null });
    expect(recovery.live[0]).toBe(
      'app: unknown: the connection dropped after the rename was sent; live is either release 20260109_083012 or release 20260106_132320 (live before this run)',
    );
    expect(recovery.commands.map((c) => c.command)).toEqual([
      `chom-console deploy --resume ${summary.runId}`,
      'chom-console rollback --target app',
    ]);
  });

  it('a rollback that finished ok is reported so, with the previous release confirmed and a new deploy advised', async () => {
    const { app, map } = healthyHosts();
    app.on(/curl -sf http:\/\/localhost\/up/, { code: 22 });
    app.on(/previous=\$live/, { stdout: 'previous=20260109_083012\ncurrent=20260106_132320\n' });
    const { summary } = await runCollect({ transports: map, gates, profile: profile() });
    expect(summary.rollback).toEqual({ scope: 'app', outcome: 'done', failedStep: null });
    expect(summary.hostStates.find((h) => h.host === 'app')!.live).toMatchObject({
      kind: 'confirmed',
      release: '20260106_132320',
      by: 'rollback',
    });
    expect(deployRecovery(summary, { profile: 'sandbox' }).commands.map((c) => c.command)).toEqual([
      'chom-console deploy',
    ]);
  });
});

describe('live state from a switch result', () => {
  const at = '2026-01-09T08:30:12.000Z';
  it('is confirmed only by the printed readlink, unchanged when nothing was sent, unknown otherwise', () => {
    const none = { kind: 'unchanged' } as const;
    expect(afterSwitch(none, 'r2', 'switch', { code: 0, stdout: 'current=r2\n' }, at)).toEqual({
      kind: 'confirmed',
      release: 'r2',
      at,
      by: 'switch',
    });
    expect(afterSwitch(none, 'r2', 'switch', { error: new TransportError('unreachable', 'x') }, at)).toBe(
      none,
    );
    expect(afterSwitch(none, 'r2', 'switch', { code: 3, stdout: '' }, at)).toBe(none);
    expect(afterSwitch(none, 'r2', 'switch', { code: 4, stdout: '' }, at)).toMatchObject({
      kind: 'unknown',
      reason: 'the switch exited 4 without confirming current',
    });
    const confirmed = afterSwitch(none, 'r2', 'switch', { code: 0, stdout: 'current=r2\n' }, at);
    const lost = afterSwitch(
      confirmed,
      'r1',
      'rollback',
      { error: new TransportError('connection-lost', 'x') },
      at,
    );
    expect(describeLive('app', lost)).toBe(
      `app: unknown: ${droppedAfterRename}; live is either release r1 or release r2 (confirmed at ${at})`,
    );
  });

  it('quotes what the shell would split in a printed command', () => {
    expect(
      commandLine('deploy', { profile: '/srv/my profiles/prod.yaml', yes: true }, ['--resume', 'r']),
    ).toBe("chom-console deploy --profile '/srv/my profiles/prod.yaml' --resume r --yes");
  });

  it('repeats --var and the resolved --commit, so a resumed run uses the same values (rollback: --var only)', () => {
    const invocation = {
      profile: null,
      yes: true,
      vars: ["branch=it's $(x)", 'app_owner=w'],
      commit: 'f'.repeat(40),
    };
    expect(commandLine('deploy', invocation, ['--resume', 'r'])).toBe(
      `chom-console deploy --resume r --var 'branch=it'\\''s $(x)' --var app_owner=w --commit ${'f'.repeat(40)} --yes`,
    );
    expect(commandLine('rollback', invocation, ['--target', 'app'])).toBe(
      "chom-console rollback --target app --var 'branch=it'\\''s $(x)' --var app_owner=w --yes",
    );
  });
});
