import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headlessGates } from '../../source/engine/run/gates.js';
import {
  healthyHosts,
  hostile,
  ofType,
  runCollect,
  scriptedGates,
  stateDir,
  tinyProfile,
} from './tiny-profile.js';
import { waitFor } from '../helpers/wait-for.js';

describe('runner: a whole deploy on a tiny profile', () => {
  it('runs every step in order, confirms critical steps, interpolates facts and releases the lock', async () => {
    const { app, map } = healthyHosts();
    const gates = scriptedGates();
    const { summary, events } = await runCollect({ transports: map, gates });
    expect(summary).toMatchObject({ outcome: 'ok', exitCode: 0 });
    expect(gates.asked.confirm).toEqual(['migrate', 'activate']);
    expect(ofType(events, 'step-finished').map((e) => `${e.stepId}:${e.outcome}`)).toEqual([
      'lock:ok',
      'smtp:ok',
      'store:ok',
      'create:ok',
      'env:ok',
      'migrate:ok',
      'activate:ok',
      'health:ok',
      'unlock:ok',
    ]);
    expect(app.ran(/php artisan migrate --force/)[0]!.command).toBe(
      `cd -- '/srv/app/releases/20260109_083012' || exit 1\nphp artisan migrate --force`,
    );
    expect(app.ran(/systemctl reload php8.2-fpm/)).toHaveLength(1);
    expect(app.uploads[0]!.remotePath).toBe('/srv/app/releases/20260109_083012/.env.example');
    expect(ofType(events, 'lock-acquired')).toHaveLength(1);
    expect(ofType(events, 'lock-released')).toHaveLength(1);
    expect(app.ran(/lock.released/)).toHaveLength(1);
    expect(ofType(events, 'fact-recorded').map((e) => `${e.name}=${e.value}`)).toContain(
      'rollback_target=20260106_132320',
    );
    const finished = ofType(events, 'run-finished')[0]!;
    expect(finished.hostStates.find((h) => h.host === 'app')).toMatchObject({
      lastCompletedStep: 'unlock',
      interruptedStep: null,
      release: '20260109_083012',
    });
  });

  it('refuses a critical step when the confirmation is "no": stops as aborted, lock released', async () => {
    const { app, map } = healthyHosts();
    const gates = { ...scriptedGates(), confirm: async () => ({ answer: 'no' as const, by: 'tester' }) };
    const { summary, events } = await runCollect({ transports: map, gates });
    expect(summary).toMatchObject({ outcome: 'aborted', exitCode: 130 });
    expect(app.ran(/migrate/)).toHaveLength(0);
    expect(ofType(events, 'confirm-answered')[0]).toMatchObject({
      stepId: 'migrate',
      answer: 'no',
      by: 'tester',
    });
    expect(app.ran(/lock.released/)).toHaveLength(1);
  });

  it('headless without --yes refuses critical steps and forms without values', async () => {
    const { app, map } = healthyHosts();
    const { summary } = await runCollect({
      transports: map,
      gates: headlessGates({ yes: false, operator: 'ci' }),
    });
    expect(summary.exitCode).toBe(130);
    expect(app.ran(/tinker|migrate/)).toHaveLength(0);
  });
});

describe('runner: failures', () => {
  it('retry runs the step again and goes on', async () => {
    const { app, map } = healthyHosts();
    app.on(/curl -sf http:\/\/localhost\/up/, { code: 7, stderr: 'curl: (7) Failed to connect\n' }, 1);
    const gates = scriptedGates(() => 'retry');
    const { summary, events } = await runCollect({ transports: map, gates });
    expect(summary.outcome).toBe('ok');
    expect(app.ran(/curl -sf/)).toHaveLength(2);
    const failed = ofType(events, 'step-finished').find((e) => e.outcome === 'failed')!;
    expect(failed.failure).toMatchObject({
      host: 'app',
      stepId: 'health',
      command: 'curl -sf http://localhost/up',
      exitCode: 7,
      stderrTail: ['curl: (7) Failed to connect'],
    });
    expect(failed.failure!.hint).toMatch(/retry/);
    expect(gates.asked.failure[0]).toEqual({ canSkip: true, rollback: 'app', attempt: 1 });
  });

  it('skip is allowed for a non-critical step only', async () => {
    const { app, map } = healthyHosts();
    app.on(/tinker/, { code: 1 });
    const skipped = await runCollect({ transports: map, gates: scriptedGates(() => 'skip') });
    expect(skipped.summary.outcome).toBe('ok');
    expect(
      ofType(skipped.events, 'step-finished')
        .filter((e) => e.stepId === 'store')
        .map((e) => e.outcome),
    ).toEqual(['failed', 'skipped']);

    const critical = healthyHosts();
    critical.app.on(/migrate --force/, { code: 1 });
    const gates = scriptedGates(() => 'skip');
    const refused = await runCollect({ transports: critical.map, gates });
    expect(gates.asked.failure[0]!.canSkip).toBe(false);
    expect(refused.summary).toMatchObject({ outcome: 'failed', exitCode: 1 });
    expect(critical.app.ran(/current.tmp/)).toHaveLength(0);
  });

  it('abort stops the run as failed and releases the lock; a lost connection names the host and what to do', async () => {
    const { app, map } = healthyHosts();
    app.on(/tinker/, { loseConnection: true });
    const { summary, events } = await runCollect({ transports: map, gates: scriptedGates(() => 'abort') });
    expect(summary).toMatchObject({ outcome: 'failed', exitCode: 1 });
    const failure = ofType(events, 'step-finished').find((e) => e.outcome === 'failed')!.failure!;
    expect(failure.message).toContain('app: connection lost');
    expect(failure.hint).toBe('reconnect and retry');
    expect(ofType(events, 'run-finished')[0]!.hostStates.find((h) => h.host === 'app')).toMatchObject({
      interruptedStep: 'store',
      connection: 'lost',
    });
  });

  it('proposes the rollback after a post-switch failure; headless --yes performs it', async () => {
    const { app, map } = healthyHosts();
    app.on(/curl -sf http:\/\/localhost\/up/, { code: 22 });
    const { summary, events } = await runCollect({
      transports: map,
      gates: {
        ...headlessGates({ yes: true, operator: 'ci', values: { smtp: { host: 'h', password: 'pw-123' } } }),
      },
    });
    expect(ofType(events, 'rollback-proposed')).toEqual([expect.objectContaining({ scope: 'app' })]);
    expect(ofType(events, 'failure-decided')[0]).toMatchObject({ decision: 'rollback' });
    const back = app.ran(/previous=\$live/);
    expect(back).toHaveLength(1);
    expect(back[0]!.command).toContain(`id='20260106_132320'`);
    expect(ofType(events, 'phase-started').map((e) => e.phaseId)).toEqual([
      'prepare',
      'switch',
      'rollback-app',
    ]);
    expect(summary).toMatchObject({ outcome: 'failed', exitCode: 1 });
    expect(summary.message).toContain('the automatic rollback of app finished ok');
    expect(summary.rollback).toEqual({ scope: 'app', outcome: 'done', failedStep: null });
    expect(ofType(events, 'lock-released')).toHaveLength(1);
  });

  it('does not propose a rollback for a failure before the switch', async () => {
    const { app, map } = healthyHosts();
    const profile = tinyProfile();
    profile.phases[0]!.steps[5]!.on_failure = { rollback: 'app' };
    app.on(/migrate --force/, { code: 1 });
    const gates = scriptedGates(() => 'rollback');
    const { events } = await runCollect({ profile, transports: map, gates });
    expect(gates.asked.failure[0]!.rollback).toBeNull();
    expect(ofType(events, 'rollback-proposed')).toHaveLength(0);
  });

  it('reports a lock held by someone else with exit code 4 and runs nothing else', async () => {
    const { app, map } = healthyHosts();
    app.on(/if mkdir -- "\$lock"/, {
      code: 4,
      stdout: 'owner=bob\nhost=desk\npid=9\nstarted=100\nheartbeat=100\nrun=x\nnow=130\n',
    });
    const { summary, events } = await runCollect({ transports: map, gates: scriptedGates() });
    expect(summary).toMatchObject({
      exitCode: 4,
      lockHeldBy: { owner: 'bob', ageSeconds: 30, stale: false },
    });
    expect(ofType(events, 'lock-held')).toHaveLength(1);
    expect(app.commands).toHaveLength(1);
  });

  it('takes over a stale lock only when the holder name is typed', async () => {
    const { app, map } = healthyHosts();
    app.on(/if mkdir -- "\$lock"/, {
      code: 4,
      stdout: 'owner=bob\nhost=desk\npid=9\nstarted=100\nheartbeat=100\nrun=x\nnow=9999\n',
    });
    const typed = { ...scriptedGates(), takeover: async () => ({ typed: 'bob', by: 'tester' }) };
    const { summary } = await runCollect({ transports: map, gates: typed });
    expect(summary.outcome).toBe('ok');
    expect(app.ran(/heartbeat=100'/)).toHaveLength(1);
    const wrong = healthyHosts();
    wrong.app.on(/if mkdir -- "\$lock"/, {
      code: 4,
      stdout: 'owner=bob\nhost=desk\npid=9\nstarted=100\nheartbeat=100\nrun=x\nnow=9999\n',
    });
    const refused = await runCollect({
      transports: wrong.map,
      gates: { ...scriptedGates(), takeover: async () => ({ typed: 'bo', by: 'tester' }) },
    });
    expect(refused.summary.exitCode).toBe(4);
    expect(wrong.app.ran(/stale/)).toHaveLength(0);
  });
});

describe('runner: abort and heartbeat', () => {
  it('an abort during a step stops cleanly, releases the lock and reports each host', async () => {
    const { app, map } = healthyHosts();
    app.on(/migrate --force/, { hang: true });
    const controller = new AbortController();
    const profile = tinyProfile();
    const { createRunner } = await import('../../source/engine/run/runner.js');
    const runner = createRunner({
      profile,
      plan: { mode: 'deploy', phases: profile.phases },
      transports: map,
      gates: scriptedGates(),
      operator: 'tester',
      signal: controller.signal,
    });
    runner.subscribe((e) => {
      if (e.type === 'step-started' && e.stepId === 'migrate') controller.abort();
    });
    const summary = await runner.run();
    expect(summary).toMatchObject({ outcome: 'aborted', exitCode: 130 });
    expect(app.ran(/lock.released/)).toHaveLength(1);
    expect(app.ran(/current.tmp/)).toHaveLength(0);
    expect(summary.hostStates).toEqual([
      expect.objectContaining({ host: 'app', lastCompletedStep: 'env', interruptedStep: 'migrate' }),
      expect.objectContaining({ host: 'obs', lastCompletedStep: null, interruptedStep: null }),
    ]);
  });

  it.each([
    ['operator', 'aborted by the operator'],
    ['terminal-closed', 'interrupted: terminal closed'],
  ] as const)('journals why it stopped: an abort with cause %s says "%s"', async (cause, said) => {
    const { app, map } = healthyHosts();
    app.on(/migrate --force/, { hang: true });
    const controller = new AbortController();
    const profile = tinyProfile();
    const { createRunner } = await import('../../source/engine/run/runner.js');
    const runner = createRunner({
      profile,
      plan: { mode: 'deploy', phases: profile.phases },
      transports: map,
      gates: scriptedGates(),
      operator: 'tester',
      signal: controller.signal,
      stateDir: stateDir(),
    });
    runner.subscribe((e) => {
      if (e.type === 'step-started' && e.stepId === 'migrate') controller.abort(cause);
    });
    const summary = await runner.run();
    expect(summary).toMatchObject({ outcome: 'aborted', exitCode: 130, message: said });
    const lines = readFileSync(summary.journalPath!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; stepId?: string; reason?: string; message?: string });
    expect(lines.find((l) => l.type === 'step-finished' && l.stepId === 'migrate')?.reason).toBe(said);
    expect(lines.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'aborted', message: said });
    expect(app.ran(/lock.released/)).toHaveLength(1);
  });

  it('refreshes the lock heartbeat while a step runs', async () => {
    const { app, map } = healthyHosts();
    app.on(/migrate --force/, async () => {
      await waitFor(() => app.ran(/s\/\^heartbeat=/).length >= 2, 'two heartbeats during the step');
      return {};
    });
    const { summary } = await runCollect({ transports: map, gates: scriptedGates(), heartbeatMs: 5 });
    expect(summary.outcome).toBe('ok');
    expect(app.ran(/s\/\^heartbeat=/).length).toBeGreaterThanOrEqual(2);
  });
});

describe('runner: journal', () => {
  it('writes every event as JSONL with confirmations and who gave them', async () => {
    const { map } = healthyHosts();
    const dir = stateDir();
    const { summary } = await runCollect({ transports: map, gates: scriptedGates(), stateDir: dir });
    const lines = readFileSync(summary.journalPath!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; by?: string; command?: string });
    expect(lines[0]!.type).toBe('run-started');
    expect(lines.at(-1)!.type).toBe('run-finished');
    expect(lines.filter((l) => l.type === 'confirm-answered').map((l) => l.by)).toEqual(['tester', 'tester']);
    expect(lines.some((l) => l.type === 'command-finished' && l.command === 'php artisan tinker')).toBe(true);
    void hostile;
  });
});

describe('runner: abort while a gate waits', () => {
  it('an abort during the confirmation dialog stops the run and releases the lock', async () => {
    const { app, map } = healthyHosts();
    const controller = new AbortController();
    const gates = { ...scriptedGates(), confirm: () => new Promise<never>(() => controller.abort()) };
    const { summary } = await runCollect({ transports: map, gates, signal: controller.signal });
    expect(summary).toMatchObject({ outcome: 'aborted', exitCode: 130 });
    expect(app.ran(/migrate/)).toHaveLength(0);
    expect(app.ran(/lock.released/)).toHaveLength(1);
  });
});
