// Issue 16, bench/plan: `plan --live` reads each host in as few round trips as the assessment does. After a
// deploy (configs, the secret password file and the stored settings all live), the plan's read sends ONE
// exec per host for everything it reads (probes, config identities, live configs, .env keys, the forms' live
// sources), plus one per host holding secret files (compared there with `cmp`, the content on stdin), and
// what it decides is the same as reading each fact on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLive } from '../../source/cli/live-plan-read.js';
import { Redactor } from '../../source/engine/run/redaction.js';
import { failures, startSandboxRun, type SandboxRun, type Sent } from '../helpers/sandbox-run.js';

let sbx: SandboxRun;

beforeAll(async () => {
  sbx = await startSandboxRun('chom-plan-execs-');
  const { summary, events } = await sbx.run(sbx.deployPlan());
  expect(summary.exitCode, failures(events)).toBe(0);
}, 240_000);
afterAll(async () => {
  await sbx?.close();
});

async function planRead(sent: Sent[]) {
  const transports = sbx.transports(sent);
  await Promise.all([...transports.values()].map((t) => t.connect()));
  return readLive({
    profile: sbx.profile,
    transports,
    runtimeVars: sbx.world.runtimeVars,
    stateDir: sbx.home,
    redactor: new Redactor(),
  });
}

describe('plan --live: round trips per host', () => {
  it('one exec per host for its reads, one more where secret files are compared; nothing else', async () => {
    const sent: Sent[] = [];
    const read = await planRead(sent);
    const perHost = (host: string) => sent.filter((s) => s.host === host && s.kind === 'exec').length;
    expect({ landsraad: perHost('landsraad'), mentat: perHost('mentat') }).toEqual({
      landsraad: 1,
      mentat: 2,
    });
    expect(sent.filter((s) => s.kind !== 'exec')).toEqual([]);
    // what was read in one batch decides as before: a deployed world, nothing to change
    expect(read.facts.pendingMigrations).toEqual({ known: true, value: [] });
    expect(read.facts.configs.known && read.facts.configs.value.every((c) => c.identical)).toBe(true);
    expect(read.facts.smtpStored).toEqual({ known: true, value: { identical: true, differing: [] } });
    expect(read.facts.envKeys.known).toBe(true);
    expect(read.identities.known && read.identities.value.every((i) => i.sha256 !== null)).toBe(true);
    // the SMTP password never travels in a command (only on the comparison's stdin)
    const password = sbx.world.runtimeVars.sandbox_smtp_password!;
    expect(sent.map((s) => s.text).join('\n')).not.toContain(password);
  });
});
