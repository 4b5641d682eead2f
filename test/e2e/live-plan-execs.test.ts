// Issue 16, bench/plan: `plan --live` reads each host in as few round trips as the assessment does. After a
// deploy (configs, the secret password file and the stored settings all live), the plan's read sends ONE
// exec per host for everything it reads (probes, config identities, live configs, .env keys, the forms' live
// sources), plus one per host holding secret files (compared there with `cmp`, the content on stdin), and
// what it decides is the same as reading each fact on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLive } from '../../source/cli/live-plan-read.js';
import { Redactor } from '../../source/engine/run/redaction.js';
import type { ExecRequest, Transport } from '../../source/transport/transport.js';
import {
  failures,
  RecordingTransport,
  startSandboxRun,
  type SandboxRun,
  type Sent,
} from '../helpers/sandbox-run.js';

let sbx: SandboxRun;

beforeAll(async () => {
  sbx = await startSandboxRun('chom-plan-execs-');
  const { summary, events } = await sbx.run(sbx.deployPlan());
  expect(summary.exitCode, failures(events)).toBe(0);
}, 240_000);
afterAll(async () => {
  await sbx?.close();
});

/** A host whose batched read fails (the channel is refused), every other command as usual. */
class BatchRefused extends RecordingTransport {
  override exec(request: ExecRequest) {
    if (request.command.startsWith('IFS= read -r -N'))
      return Promise.reject(new Error('channel refused (test)'));
    return super.exec(request);
  }
}

async function planRead(sent: Sent[], wrap = (t: Transport): Transport => t) {
  const transports = new Map([...sbx.transports(sent)].map(([host, t]) => [host, wrap(t)]));
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
  it('one exec per host for its reads, one more per secret file compared (bytes on stdin) and one for the staged files; nothing else', async () => {
    const sent: Sent[] = [];
    const read = await planRead(sent);
    const perHost = (host: string) => sent.filter((s) => s.host === host && s.kind === 'exec').length;
    // the deploy set's staged files (phase 1's upload steps, all on mentat): one exec for all, by sha256
    const uploads = sbx.profile.phases.flatMap((p) => p.steps).filter((s) => s.upload);
    expect(new Set(uploads.map((s) => s.host))).toEqual(new Set(['mentat']));
    expect(uploads.length).toBeGreaterThan(1);
    expect({ landsraad: perHost('landsraad'), mentat: perHost('mentat') }).toEqual({
      landsraad: 1,
      mentat: 3,
    });
    const staged = read.facts.uploads;
    expect(staged?.known === true && staged.value.every((u) => u.identical)).toBe(true);
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

  it('a batch that cannot run: each fact is read on its own, and the plan decides exactly the same', async () => {
    const batched = await planRead([]);
    const sent: Sent[] = [];
    const alone = await planRead([], (t) => new BatchRefused(t, sent));
    expect(alone).toEqual(batched);
    const execs = sent.filter((s) => s.kind === 'exec' && !s.text.startsWith('IFS= read -r -N'));
    expect(execs.filter((s) => s.host === 'mentat').length).toBeGreaterThan(2);
  });
});
