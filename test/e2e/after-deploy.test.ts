// The weeks after Phase 0, against the sandbox (embedded SSH hosts, real amtool/promtool/Alertmanager where
// installed), after one whole deploy: `deploy --only smtp` runs the SMTP phases (3 to 5) and nothing else, under
// the same lock and journal, leaving the app release exactly as it was; `sandbox commit` adds a next commit
// whose plan shows exactly that commit, and whose dropping migration the assessment's reader classifies.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlessGates } from '../../source/engine/run/gates.js';
import { readJournal } from '../../source/engine/run/journal.js';
import { runHistory } from '../../source/engine/run/run-history.js';
import { historyMarkdown } from '../../source/report/history-markdown.js';
import { prepareRun } from '../../source/engine/run/run-request.js';
import { RunScope } from '../../source/engine/run/run-scope.js';
import { livePlan } from '../../source/cli/live-plan.js';
import { runSandboxCommand } from '../../source/cli/sandbox-command.js';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import { readFacts } from '../../source/sandbox/world/world.js';
import type { HostName } from '../../source/sandbox/lifecycle/paths.js';
import { cliInProcess } from '../cli/cli-in-process.js';
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
    // each step once (the lock and the form also start before the value pre-flight, as in a whole deploy),
    // run or skipped as already done (a config identical to the live one: the change is from_name only)
    const phaseOf = new Map(
      sbx.profile.phases.flatMap((p) =>
        p.steps.map((s) => [s.id, s.id === 'lock' ? 'phase3' : p.id] as const),
      ),
    );
    const reached = [
      ...new Set(eventsOf(events, 'step-finished').map((e) => `${phaseOf.get(e.stepId)}/${e.stepId}`)),
    ];
    const profileSteps = (phase: string) =>
      sbx.profile.phases.find((p) => p.id === phase)!.steps.map((s) => `${phase}/${s.id}`);
    const conditional = new Set(
      sbx.profile.phases.flatMap((p) => p.steps.filter((s) => s.when).map((s) => `${p.id}/${s.id}`)),
    );
    const skipped = eventsOf(events, 'step-finished')
      .filter((e) => e.outcome === 'skipped')
      .map((e) => `${phaseOf.get(e.stepId)}/${e.stepId}`);
    expect(skipped.filter((id) => !conditional.has(id))).toEqual([]);
    // the lock is taken first (shown in the part's first phase), then every step of phases 3, 4 and 5
    expect(reached).toEqual([
      'phase3/lock',
      ...profileSteps('phase3'),
      ...profileSteps('phase4'),
      ...profileSteps('phase5'),
    ]);
    expect(appState()).toEqual(before);
    const started = readJournal(summary.journalPath!)[0];
    expect(started).toMatchObject({ type: 'run-started', mode: 'deploy', only: 'smtp' });
    // and `history` says which part it was
    const history = runHistory(dirname(dirname(summary.journalPath!)));
    const entry = history.entries.find((e) => e.journal === summary.journalPath);
    expect(entry).toMatchObject({ mode: 'deploy', only: 'smtp', result: 'ok' });
    expect(historyMarkdown(history)).toMatch(/\| deploy --only smtp \|/);
  }, 400_000);
});

describe('sandbox commit, then the plan of deploying it', () => {
  it('adds one commit; the live plan of --commit HASH has exactly it in its range and its two migrations pending', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSandboxCommand('commit', {
      home: sbx.home,
      io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const hash = /^commit ([0-9a-f]{40})$/m.exec(out.join('\n'))?.[1] ?? '';
    expect(out.join('\n')).toContain(`deploy it: chom-console deploy --commit ${hash}`);
    // the plan model the pre-flight shows (and `plan --live` builds on), read from the hosts with --commit HASH
    const scope = new RunScope(sbx.profile, { ...sbx.world.runtimeVars, commit: hash });
    const read = async (host: string, script: string) => {
      const result = await runOnHost(sbx.home, host as HostName, script);
      if (result.code !== 0) throw new Error(`${host}: exit ${result.code}: ${result.stderr}`);
      return result.stdout;
    };
    const plan = await livePlan({ profile: sbx.profile, stateDir: sbx.home, scope, read });
    if (!plan.commits.known) throw new Error(plan.commits.why);
    expect(plan.commits.value.commits).toEqual([
      { short: hash.slice(0, 7), subject: 'feat: Site backups API with backup failure alerts' },
    ]);
    expect(plan.commits.value.live).toBe(readFacts(sbx.home).commits['bb283db']);
    expect(plan.pendingMigrations).toEqual({
      known: true,
      value: [
        '2026_01_12_094500_create_site_backups_table',
        '2026_01_12_095000_drop_metadata_from_users_table',
      ],
    });
  }, 120_000);

  it("the assessment's readers: the new route is found, the adding migration creates, the dropping one drops", async () => {
    sbx.publishStatus();
    const run = await cliInProcess(
      ['assess', '--repo', join(sbx.home, 'sandbox/world/repo'), '--format', 'json'],
      { env: { CHOM_CONSOLE_HOME: sbx.home } },
    );
    expect(run.stderr).toBe('');
    const repo = (JSON.parse(run.stdout) as { repository: RepoSection }).repository;
    expect(repo.commits_since_deployed.map((c) => c.subject)).toEqual([
      'feat: Site backups API with backup failure alerts',
    ]);
    expect(repo.added_routes).toEqual(['/api/v1/sites/{site}/backups']);
    expect(repo.pending_migrations).toEqual([
      {
        name: '2026_01_12_094500_create_site_backups_table',
        changes: [{ kind: 'creates', target: 'table site_backups' }],
        needs_restore: false,
      },
      {
        name: '2026_01_12_095000_drop_metadata_from_users_table',
        changes: [{ kind: 'drops', target: 'column users.metadata' }],
        needs_restore: true,
      },
    ]);
  }, 120_000);
});

type RepoSection = {
  commits_since_deployed: { subject: string }[];
  added_routes: string[];
  pending_migrations: { name: string; changes: { kind: string; target: string }[]; needs_restore: boolean }[];
};
