// Cancel everywhere (issue 13, item 3): the production runbook on the sandbox, cancelled at each gate before
// and after the switch. Each scenario asserts what the gate said Cancel does, what the leave question stated,
// how the run ended, and the state of BOTH hosts: `readlink current` on landsraad, the live Alertmanager and
// Prometheus configs on mentat (hashes), and the deploy lock.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CancelPlan, LeaveChoice } from '../../source/engine/run/cancel-plan.js';
import type { ConfirmGate, Gates, LeaveRequest } from '../../source/engine/run/gates.js';
import { changesHosts, chooseResume } from '../../source/engine/run/resume-choice.js';
import { eventsOf, failures, operator, startSandboxRun, type SandboxRun } from '../helpers/sandbox-run.js';

let sandbox: SandboxRun;
beforeAll(async () => {
  sandbox = await startSandboxRun('chom-cancel-');
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  await sandbox.reset();
}, 120_000);

type Hosts = { current: string; alertmanager: string; prometheus: string; locked: boolean };
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
function hosts(): Hosts {
  const app = join(sandbox.root('landsraad'), 'var/www/chom');
  const etc = join(sandbox.root('mentat'), 'etc/observability');
  return {
    current: readlinkSync(join(app, 'current')).split('/').pop()!,
    alertmanager: hash(join(etc, 'alertmanager/alertmanager.yml')),
    prometheus: hash(join(etc, 'prometheus/prometheus.yml')),
    locked: existsSync(join(app, 'deploy.lock')),
  };
}

/** Gates that say yes everywhere except `no` once at `cancelAt`; leave answers from `choices` in turn. */
function cancelling(cancelAt: string, choices: LeaveChoice[]) {
  const said: Record<string, CancelPlan> = {};
  const asked: LeaveRequest[] = [];
  let declined = false;
  const confirm: ConfirmGate = async (step, context) => {
    said[step.id] = context.cancel;
    if (step.id === cancelAt && !declined) {
      declined = true;
      return { answer: 'no', by: operator };
    }
    return { answer: 'yes', by: operator };
  };
  const gates: Partial<Gates> = {
    confirm,
    leave: async (request) => {
      asked.push(request);
      return choices.shift() ?? 'pause';
    },
  };
  return { gates, said, asked };
}

const release = (events: Parameters<typeof eventsOf>[0]) =>
  eventsOf(events, 'fact-recorded').find((e) => e.name === 'release_id')?.value;

describe('Cancel at every gate, before and after the switch', () => {
  it('form (before any change): Cancel stops the deploy, both hosts untouched, the gate said so', async () => {
    const before = hosts();
    let note: CancelPlan | undefined;
    const { summary } = await sandbox.run(sandbox.deployPlan(), {
      gates: {
        form: async (request) => {
          note = request.cancel;
          return 'cancel';
        },
      },
    });
    expect(note).toEqual({ kind: 'stop', note: 'nothing changed yet, the deploy stops' });
    expect(summary.outcome).toBe('aborted');
    expect(summary.message).toMatch(/form smtp cancelled by the operator: nothing changed yet/);
    expect(hosts()).toEqual(before);
  }, 300_000);

  it('migrate: the gate says Cancel asks; pause keeps the half-built release out of service and resumable', async () => {
    const before = hosts();
    const { gates, said, asked } = cancelling('migrate', ['pause']);
    const { summary, events } = await sandbox.run(sandbox.deployPlan(), { gates });
    const built = release(events)!;
    expect(said['migrate']?.kind).toBe('ask');
    expect(said['migrate']?.note).toContain(`landsraad: release ${built} built, not live`);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.plan.choices).toEqual(['back', 'pause']);
    expect(summary.outcome).toBe('aborted');
    expect(summary.message).toContain(`paused at migrate`);
    expect(summary.message).toContain(`continue with \`chom-console deploy --resume ${summary.runId}\``);
    // both hosts: nothing live changed, the lock released
    expect(hosts()).toEqual({ ...before, locked: false });
    const choice = chooseResume(sandbox.home, changesHosts(sandbox.profile));
    expect(choice.kind === 'chosen' && choice.state.runId).toBe(summary.runId);
    expect(eventsOf(events, 'step-started').map((e) => e.stepId)).not.toContain('migrate');
  }, 300_000);

  it('migrate: go back, then confirm: the deploy carries on to the end', async () => {
    const before = hosts();
    const { gates, asked } = cancelling('migrate', ['back']);
    const { summary, events } = await sandbox.run(sandbox.deployPlan(), { gates });
    expect(failures(events)).toBe('');
    expect(asked.map((a) => a.stepId)).toEqual(['migrate']);
    expect(eventsOf(events, 'leave-decided').map((e) => e.choice)).toEqual(['back']);
    expect(summary.outcome).toBe('ok');
    const after = hosts();
    expect(after.current).toBe(release(events));
    expect(after.alertmanager).not.toBe(before.alertmanager);
    // Deployed again with nothing pending: the migrate gate is not asked, the step says why it was skipped.
    const again = cancelling('none', []);
    const second = await sandbox.run(sandbox.deployPlan(), { gates: again.gates });
    expect(failures(second.events)).toBe('');
    expect(second.summary.outcome).toBe('ok');
    expect(Object.keys(again.said)).not.toContain('migrate');
    expect(eventsOf(second.events, 'step-finished').find((e) => e.stepId === 'migrate')).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/no pending migration/),
    });
  }, 600_000);

  it('store-smtp-settings (after the switch): pause says landsraad runs the new release, mentat unchanged', async () => {
    const before = hosts();
    const { gates, asked } = cancelling('store-smtp-settings', ['pause']);
    const { summary, events } = await sandbox.run(sandbox.deployPlan(), { gates });
    const built = release(events)!;
    expect(asked).toHaveLength(1);
    const plan = asked[0]!.plan;
    expect(plan.choices).toEqual(['back', 'pause', 'rollback']);
    expect(plan.rollback).toBe('app');
    expect(plan.hosts[0]).toMatch(
      new RegExp(`^landsraad: release ${built} is live \\(confirmed by readlink`),
    );
    expect(plan.hosts[1]).toBe('mentat: live release unchanged');
    expect(summary.outcome).toBe('aborted');
    expect(summary.message).toContain(`landsraad: release ${built} is live`);
    expect(summary.message).toContain(`chom-console deploy --resume ${summary.runId}`);
    expect(hosts()).toEqual({ ...before, current: built, locked: false });
    // Resumed, the form (asked again first) knows what the paused run changed: Esc asks, naming the release.
    let formCancel: CancelPlan | undefined;
    const resumed = await sandbox.run(sandbox.deployPlan(), {
      resume: sandbox.resumeFrom(summary.journalPath!),
      gates: {
        form: async (request) => {
          formCancel = request.cancel;
          return 'cancel';
        },
        leave: async () => 'pause',
      },
    });
    expect(formCancel?.kind).toBe('ask');
    expect(formCancel?.note).toContain(`landsraad: release ${built} put live by the resumed run`);
    expect(resumed.summary.outcome).toBe('aborted');
    expect(hosts()).toEqual({ ...before, current: built, locked: false });
  }, 600_000);

  it('configure-prometheus (after the switch and the Alertmanager install): roll back puts both hosts back', async () => {
    const before = hosts();
    const { gates, asked, said } = cancelling('configure-prometheus', ['rollback']);
    const { summary, events } = await sandbox.run(sandbox.deployPlan(), { gates });
    expect(said['configure-alertmanager']?.kind).toBe('ask');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.plan.rollback).toBe('all');
    expect(asked[0]!.plan.hosts[1]).toContain('live configs changed by configure-alertmanager');
    expect(failures(events)).toBe('');
    expect(summary.outcome).toBe('aborted');
    expect(summary.message).toMatch(/the rollback the operator chose of all finished ok/);
    expect(hosts()).toEqual({ ...before, locked: false });
  }, 600_000);
});
