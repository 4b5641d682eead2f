// Fault: the SSH connection to landsraad dies while a long step runs (composer install, held at a gate).
// The step fails as a lost connection naming the host, the deploy lock is reported as left behind with how to
// recover, and `deploy --resume` (resume state from the journal) takes the lock back, finishes the deploy,
// and `verify` passes all 17 criteria.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventsOf,
  failures,
  startSandboxRun,
  type RunOutcome,
  type SandboxRun,
} from '../helpers/sandbox-run.js';

let sbx: SandboxRun;
beforeAll(async () => {
  sbx = await startSandboxRun('chom-faults-conn-');
});
afterAll(async () => {
  await sbx?.close();
});

const appBase = () => join(sbx.root('landsraad'), 'var/www/chom');
const lockInfo = () => readFileSync(join(appBase(), '.chom-console.lock/info'), 'utf8');

describe('the connection to a host is lost mid-step', () => {
  let cut: RunOutcome;

  it('fails the running step as a lost connection naming the host, and reports the lock left behind', async () => {
    const gate = sbx.holdTool('landsraad', 'composer');
    const running = sbx.run(sbx.deployPlan());
    await gate.waiting();
    await sbx.stopHost('landsraad');
    cut = await running;

    expect(cut.summary.outcome).toBe('failed');
    expect(cut.summary.exitCode).toBe(1);
    const failed = eventsOf(cut.events, 'step-finished').filter((e) => e.outcome === 'failed');
    expect(failed.map((e) => e.stepId)).toEqual(['composer-install']);
    expect(failed[0]?.failure?.host).toBe('landsraad');
    expect(failed[0]?.failure?.message).toMatch(/landsraad.*connection to landsraad was lost/);
    expect(failed[0]?.failure?.hint).toMatch(/landsraad/);
    // The lock could not be released over a dead connection: still on the host, ours, and reported.
    expect(lockInfo()).toContain(`run=${cut.summary.runId}`);
    const lockLines = eventsOf(cut.events, 'output')
      .filter((e) => e.stepId === null && e.stream === 'stderr')
      .map((e) => e.line)
      .join('\n');
    expect(lockLines).toMatch(/deploy lock .*\.chom-console\.lock.* is still held/);
    expect(lockLines).toMatch(/deploy --resume/);
    expect(cut.summary.message).toMatch(/lock/);
    gate.restore();
  });

  it('resumes from the journal once the host is back: takes its own lock back and completes the deploy', async () => {
    await sbx.restartHost('landsraad');
    const resume = sbx.resumeFrom(cut.summary.journalPath!);
    expect(resume.completedSteps.has('create-release')).toBe(true);
    expect(resume.completedSteps.has('composer-install')).toBe(false);
    const resumed = await sbx.run(sbx.deployPlan(), { resume });
    expect(failures(resumed.events)).toBe('');
    expect(resumed.summary.exitCode).toBe(0);
    // Its own lock, taken back without being reported as someone else's (the failed run had ended).
    expect(eventsOf(resumed.events, 'lock-held')).toEqual([]);
    expect(eventsOf(resumed.events, 'lock-acquired')).toHaveLength(1);
    const skipped = eventsOf(resumed.events, 'step-finished').filter(
      (e) => e.outcome === 'skipped' && e.reason === 'completed in the resumed run',
    );
    expect(skipped.map((e) => e.stepId)).toContain('create-release');
    expect(existsSync(join(appBase(), '.chom-console.lock'))).toBe(false);
    // One new release next to the two seeded ones: the resumed run built into the release it had created.
    const created = eventsOf(cut.events, 'fact-recorded').find((e) => e.name === 'release_id')?.value;
    expect(readdirSync(join(appBase(), 'releases')).filter((r) => r > '20260106_132320')).toEqual([created]);
  });

  it('then passes verify', async () => {
    const verify = await sbx.run({ mode: 'verify', checks: sbx.profile.checks });
    const failed = eventsOf(verify.events, 'check-finished').filter((e) => e.outcome !== 'pass');
    expect(failed.map((e) => `${e.checkId}: ${e.detail}`)).toEqual([]);
    expect(verify.summary.exitCode).toBe(0);
  });
});
