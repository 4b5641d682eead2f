// verify and assess are read-only by construction: against the sandbox, before and after a deploy, every
// command they send is recorded through a wrapping transport, none of them changes anything (the world hash of
// both hosts is unchanged) and none is a mutating kind of command; a mutating step slipped into a read-only
// plan is refused before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunPlan } from '../../source/engine/run/runner.js';
import { hashWorld } from '../../source/sandbox/lifecycle/world-hash.js';
import { failures, startSandboxRun, type SandboxRun, type Sent } from '../helpers/sandbox-run.js';

let sbx: SandboxRun;
beforeAll(async () => {
  sbx = await startSandboxRun('chom-faults-ro-');
});
afterAll(async () => {
  await sbx?.close();
});

// What the deploy sends to change things; none of it may appear in a read-only run.
const mutating =
  /-X POST|\/-\/reload|amtool["']? alert add|\binstall -m|\bmv -T|\bln -sfn|migrate --force|SystemSetting::set|if mkdir -- "\$lock"/;

async function readOnly(plan: RunPlan): Promise<{ sent: Sent[]; exitCode: number }> {
  const before = hashWorld(sbx.home);
  const sent: Sent[] = [];
  const { summary } = await sbx.run(plan, { sent });
  expect(hashWorld(sbx.home)).toBe(before);
  expect(sent.filter((s) => s.kind === 'upload')).toEqual([]);
  expect(sent.filter((s) => mutating.test(s.text)).map((s) => s.text.slice(0, 200))).toEqual([]);
  return { sent, exitCode: summary.exitCode };
}

describe('read-only modes against the sandbox', () => {
  it('verify and assess change nothing in the before-state', async () => {
    const verify = await readOnly({ mode: 'verify', checks: sbx.profile.checks });
    expect(verify.sent.length).toBeGreaterThan(5);
    expect(verify.exitCode).toBe(1); // the before-state fails most criteria
    const assess = await readOnly({ mode: 'assess', probes: sbx.profile.assess });
    expect(new Set(assess.sent.map((s) => s.host))).toEqual(new Set(['landsraad', 'mentat']));
    expect(assess.exitCode).toBe(0);
  });

  it('refuses a mutating step in a read-only plan before sending anything', async () => {
    const phase = sbx.profile.phases.find((p) => p.id === 'phase2')!;
    const before = hashWorld(sbx.home);
    const sent: Sent[] = [];
    const { summary } = await sbx.run(
      { mode: 'verify', checks: sbx.profile.checks, phases: [phase] },
      { sent },
    );
    expect(summary.exitCode).toBe(2);
    expect(summary.message).toMatch(/read-only: refused before sending anything.*phase2\/lock/);
    expect(sent).toEqual([]);
    expect(hashWorld(sbx.home)).toBe(before);
  });

  it('verify and assess change nothing after a deploy either (and verify passes)', async () => {
    const deployed = await sbx.run(sbx.deployPlan());
    expect(failures(deployed.events)).toBe('');
    const verify = await readOnly({ mode: 'verify', checks: sbx.profile.checks });
    expect(verify.exitCode).toBe(0);
    const assess = await readOnly({ mode: 'assess', probes: sbx.profile.assess });
    expect(assess.exitCode).toBe(0);
  });
});
