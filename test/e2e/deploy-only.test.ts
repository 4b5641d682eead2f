// Partial deploys by name against the sandbox (embedded SSH hosts, real amtool/promtool/Alertmanager where
// installed): after a whole deploy, `deploy --only smtp` runs the SMTP phases (3 to 5) and nothing else, under
// the same lock and journal, and leaves the app release exactly as it was.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlessGates } from '../../source/engine/run/gates.js';
import { readJournal } from '../../source/engine/run/journal.js';
import { prepareRun } from '../../source/engine/run/run-request.js';
import {
  eventsOf,
  failures,
  operator,
  smtpValues,
  startSandboxRun,
  type SandboxRun,
} from '../helpers/sandbox-run.js';

let sbx: SandboxRun;
const app = () => join(sbx.root('landsraad'), 'var/www/chom');

/** The app as a deploy leaves it: the live release, every release directory, and the shared .env's bytes. */
function appState(): { current: string; releases: string[]; env: string } {
  return {
    current: readlinkSync(join(app(), 'current')),
    releases: readdirSync(join(app(), 'releases')).sort(),
    env: createHash('sha256')
      .update(readFileSync(join(app(), 'shared/.env')))
      .digest('hex'),
  };
}

beforeAll(async () => {
  sbx = await startSandboxRun('chom-deploy-only-');
  const whole = await sbx.run(sbx.deployPlan());
  if (whole.summary.exitCode !== 0) throw new Error(`the whole deploy failed:\n${failures(whole.events)}`);
}, 400_000);
afterAll(async () => {
  await sbx?.close();
});

describe('deploy --only smtp', () => {
  it('runs phases 3 to 5 only (under the deploy lock), journals the part, and changes nothing of the app release', async () => {
    const before = appState();
    const answer = prepareRun(sbx.profile, sbx.home, { mode: 'deploy', only: 'smtp' });
    if (answer.kind !== 'ready') throw new Error(answer.message);
    expect(answer.run.notices.join('\n')).toMatch(/partial deploy --only smtp/);
    const values = smtpValues(sbx.world);
    values.smtp!.from_name = 'CHOM Operations';
    const { summary, events } = await sbx.run(answer.run.plan, {
      gates: headlessGates({ yes: true, operator, values }),
    });
    if (summary.exitCode !== 0) throw new Error(failures(events));
    // each step once (the lock and the form also start before the value pre-flight, as in a whole deploy)
    const ran = [...new Set(eventsOf(events, 'step-started').map((e) => `${e.phaseId}/${e.stepId}`))];
    const profileSteps = (phase: string) =>
      sbx.profile.phases.find((p) => p.id === phase)!.steps.map((s) => `${phase}/${s.id}`);
    // the lock is taken first (shown in the part's first phase), then every step of phases 3, 4 and 5
    expect(ran).toEqual([
      'phase3/lock',
      ...profileSteps('phase3'),
      ...profileSteps('phase4'),
      ...profileSteps('phase5'),
    ]);
    expect(appState()).toEqual(before);
    const started = readJournal(summary.journalPath!)[0];
    expect(started).toMatchObject({ type: 'run-started', mode: 'deploy', only: 'smtp' });
  }, 400_000);
});
