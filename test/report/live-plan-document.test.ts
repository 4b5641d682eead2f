// The live plan document over the real production runbook and fakes of what `plan --live` reads: the
// Markdown shows the config diffs (a secret file's never), the .env keys, the stored SMTP fields, each step
// as will-run or skip with its command, the critical steps, a dropping migration's restore warning and the
// deciding facts; the JSON round-trips through the plan file reader; a forged or foreign file is refused.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decidingFacts } from '../../source/engine/plan/deciding-facts.js';
import { digestOf, type LivePlan, type LiveRead } from '../../source/engine/plan/live-plan.js';
import type { PlanFacts } from '../../source/engine/plan/plan-facts.js';
import { planMismatch, readPlanFile } from '../../source/engine/plan/plan-file.js';
import { classifyPending } from '../../source/engine/plan/plan-migrations.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { livePlanDocument, plannedCommands } from '../../source/report/live-plan-document.js';
import { livePlanMarkdown } from '../../source/report/live-plan-markdown.js';

const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production.yaml does not load');
const production = loaded.profile;
const secret = 'sm7p-Pa$$(word)';

const dropping = `<?php
return new class extends Migration {
  public function up(): void {
    Schema::table('users', function (Blueprint $table) { $table->dropColumn('legacy_token'); });
  }
};`;

const facts: PlanFacts = {
  source: 'live',
  liveRelease: { known: true, value: '20260106_132320' },
  liveCommit: { known: true, value: '7f572d2' },
  targetCommit: { known: true, value: 'bb283db' },
  commits: {
    known: true,
    value: {
      live: '7f572d2',
      target: 'bb283db',
      commits: [{ short: 'bb283db', subject: 'Drop legacy tokens' }],
      behind: 0,
    },
  },
  pendingMigrations: { known: true, value: ['2026_02_01_000000_drop_legacy_token'] },
  configs: {
    known: true,
    value: [
      {
        step: 'configure-alertmanager',
        host: 'mentat',
        identical: false,
        files: [
          {
            path: '/etc/observability/alertmanager/alertmanager.yml',
            secret: false,
            identical: false,
            diff: ['-  smtp_from: a@x', '+  smtp_from: b@x'],
          },
          {
            path: '/etc/observability/alertmanager/smtp_auth_password',
            secret: true,
            identical: false,
            diff: [`+${secret}`],
          },
        ],
      },
    ],
  },
  envKeys: { known: true, value: { missingLive: ['MAIL_FROM_NAME'], onlyLive: [] } },
  smtpStored: { known: true, value: { identical: false, differing: ['port'] } },
  lastRun: null,
};

async function read(): Promise<LiveRead> {
  const identities = { known: true as const, value: [] };
  return {
    facts,
    identities,
    migrations: await classifyPending(facts.pendingMigrations, async () => dropping),
    deciding: decidingFacts(facts, identities, {
      release: 'landsraad',
      commit: 'landsraad',
      migrations: 'landsraad',
    }),
  };
}

const document = async (): Promise<LivePlan> =>
  livePlanDocument({
    profile: production,
    runtimeVars: {},
    read: await read(),
    request: { from: null, only: null, commit: null, vars: [] },
    madeBy: 'ann',
    madeAt: new Date('2026-12-06T10:00:00Z'),
  });

describe('live plan document', () => {
  it('Markdown: diffs (no secret file text), .env keys, SMTP fields, will-run/skip with commands, critical steps, restore warning', async () => {
    const md = livePlanMarkdown(await document());
    expect(md).toContain('+  smtp_from: b@x');
    expect(md).toContain('smtp_auth_password (secret file: only whether it changed): changes');
    expect(md).toContain('.env keys the target expects, missing from the live .env: MAIL_FROM_NAME');
    expect(md).toContain('Stored SMTP settings differ: port');
    expect(md).toMatch(
      /- 2026_02_01_000000_drop_legacy_token: drops column users\.legacy_token \(a rollback then needs a database restore\)/,
    );
    expect(md).toMatch(
      /- Warning: an app rollback after this deploy needs a database restore: 2026_02_01_000000_drop_legacy_token/,
    );
    expect(md).toMatch(/`migrate` on landsraad \(phase2\) — will run, CRITICAL/);
    expect(md).toMatch(/### Critical steps\n\n- migrate, switch/);
    expect(md).toMatch(/### Deciding facts \(fingerprint sha256:[0-9a-f]{64}\)/);
    expect(md).not.toContain(secret);
  });

  it('a step skipped by its fact says so, with its reason and no command', async () => {
    const none: PlanFacts = { ...facts, pendingMigrations: { known: true, value: [] } };
    const plan = livePlanDocument({
      profile: production,
      runtimeVars: {},
      read: { ...(await read()), facts: none, migrations: { known: true, value: [] } },
      request: { from: null, only: null, commit: null, vars: [] },
      madeBy: 'ann',
    });
    expect(plan.steps.find((s) => s.step === 'migrate')).toMatchObject({
      disposition: 'skip',
      reason: 'no pending migration (every migration of the target has run on the live database)',
    });
    expect(livePlanMarkdown(plan)).toMatch(
      /`migrate` on landsraad \(phase2\) — skip: no pending migration \(every migration of the target has run on the live database\)\n\d+\. /,
    );
    expect(plan.critical).not.toContain('migrate');
  });

  it('the JSON reads back as a plan file; an edit, a forged digest for another profile, or other commands are refused', async () => {
    const plan = await document();
    const text = JSON.stringify(plan, null, 2);
    const back = readPlanFile(text, 'plan.json');
    expect(back.ok ? 'ok' : back.message).toBe('ok');
    expect(text).not.toContain(secret);
    const edited = text.replace('"disposition": "skip"', '"disposition": "run"').replace('ann', 'bob');
    expect(readPlanFile(edited, 'plan.json')).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^plan file plan\.json: its contents changed after `plan --live --out` wrote it/,
      ),
    });
    const { digest: _d, ...rest } = plan;
    const hostile = { ...rest, profile: '\u001b[2J\u0007prod' };
    const forged = { ...hostile, digest: digestOf(hostile) };
    const reread = readPlanFile(JSON.stringify(forged), 'plan.json');
    if (!reread.ok) throw new Error(reread.message);
    const foreign = planMismatch(reread.plan, { profile: production.name, hosts: plan.hosts });
    expect(foreign).toMatch(
      /^the plan is for profile "\\u001b\[2J\\u0007prod", this deploy uses profile "production"/,
    );
    // eslint-disable-next-line no-control-regex -- the point: no control character reaches the message
    expect(foreign).not.toMatch(/[\u0000-\u001f]/);
    const steps = plannedCommands(production, {}, plan.deploy);
    expect(planMismatch(plan, { profile: production.name, hosts: plan.hosts, steps })).toBeNull();
    const changed = steps.map((s) => (s.step === 'switch' ? { ...s, command: `${s.command} --force` } : s));
    expect(planMismatch(plan, { profile: production.name, hosts: plan.hosts, steps: changed })).toMatch(
      /step "switch": its command is not the plan's/,
    );
    const moved = plan.hosts.map((h) => (h.name === 'mentat' ? { ...h, address: '10.0.0.9' } : h));
    expect(planMismatch(plan, { profile: production.name, hosts: moved })).toMatch(
      /the plan was made for hosts/,
    );
  });
});
