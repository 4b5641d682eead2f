// Every success criterion can fail. One deploy into a fresh sandbox, verify: all 17 pass. Then, check by check,
// a minimal sabotage of the world that a real broken deploy (or a real outage) produces; verify (read-only)
// must fail exactly that check, or that check plus the ones that genuinely depend on the same fault (the set
// is asserted and explained), and the failing check must say why. The sabotage is undone precisely and verify
// must pass all 17 again before the next case. Cases run in the order of the checks and share one world.
import {
  appendFileSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../source/engine/run/events.js';
import { eventsOf, failures, startSandboxRun, type SandboxRun } from '../helpers/sandbox-run.js';
import {
  allTargetsUp,
  emailAttempts,
  gauge,
  overrideRoute,
  restartServer,
  ruleGroups,
  standInServer,
  stopServer,
  targetHealth,
  until,
} from './check-sabotage.js';

let sbx: SandboxRun;
const url = (name: string): string => sbx.world.runtimeVars[name]!;
const prometheus = () => url('sandbox_prometheus_url');
const alertmanager = () => url('sandbox_alertmanager_url');
const app = () => join(sbx.root('landsraad'), 'var/www/chom');
const live = () => realpathSync(join(app(), 'current'));
const laravelLog = () => join(app(), 'shared/storage/logs/laravel.log');
const obs = (path: string) => join(sbx.root('mentat'), 'etc/observability', path);
const database = () => join(sbx.root('landsraad'), 'var/lib/postgresql/chom.json');
const newRuleGroups = ['exporter_health', 'service_health', 'observability_stack_health'];

/** What one verify run found: failing check ids (in check order) and, per check, its verdict and output. */
type Verdict = { failing: string[]; evidence: (id: string) => string };

async function verify(): Promise<Verdict> {
  const { summary, events } = await sbx.run({ mode: 'verify', checks: sbx.profile.checks });
  expect(summary.checks).toHaveLength(17);
  const output = (id: string) =>
    eventsOf(events, 'output')
      .filter((e: Extract<RunEvent, { type: 'output' }>) => e.stepId === id)
      .map((e) => e.line);
  return {
    failing: summary.checks.filter((c) => c.outcome !== 'pass').map((c) => c.id),
    evidence: (id) => [summary.checks.find((c) => c.id === id)?.detail ?? '', ...output(id)].join('\n'),
  };
}

async function expectAllPass(): Promise<void> {
  const { failing, evidence } = await verify();
  expect(failing, failing.map((id) => `${id}: ${evidence(id)}`).join('\n')).toEqual([]);
}

async function on(host: 'landsraad' | 'mentat', command: string): Promise<string> {
  const result = await sbx.on(host, command);
  if (result.code !== 0) throw new Error(`${host}: ${command}: exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** POST <prefix>/-/reload as the runbook does (neither unit has ExecReload); returns the HTTP status. */
const reload = async (base: string): Promise<number> =>
  (await fetch(`${base}/-/reload`, { method: 'POST' })).status;

/** Phase 5's own test alert (amtool → warning-alerts → the relay), through the engine. */
async function sendTestAlert(): Promise<{ exitCode: number; why: string }> {
  const { summary, events } = await sbx.run(sbx.deployPlan(['test-alert']));
  return { exitCode: summary.exitCode, why: failures(events) };
}

/** Replaces a file's text and returns the precise undo (same bytes back). */
function edit(path: string, change: (text: string) => string): () => void {
  const before = readFileSync(path);
  const after = change(before.toString());
  if (after === before.toString()) throw new Error(`the sabotage changed nothing in ${path}`);
  writeFileSync(path, after);
  return () => writeFileSync(path, before);
}

/** Moves a file aside; the undo moves it back (bytes, mode and times kept). */
function remove(path: string): () => void {
  const aside = `${path}.sabotaged`;
  renameSync(path, aside);
  return () => renameSync(aside, path);
}

/**
 * The log lines the sabotage makes the app write are part of the fault; the undo of the log puts it back to
 * its length before the case. The app stub runs in this process, so the synchronous restore of the fault and
 * the truncation cannot interleave with a request.
 */
function logMark(): () => void {
  const size = statSync(laravelLog()).size;
  return () => truncateSync(laravelLog(), size);
}

type Case = {
  id: string;
  /** The check itself plus the checks that genuinely depend on the same fault (why: in `because`). */
  fails: string[];
  because?: string;
  /** What the failing check must say (its verdict and output): it fails for the right reason. */
  says: RegExp;
  /** Breaks the world (and waits until the break is observable); returns the precise undo. */
  sabotage: () => Promise<() => Promise<void> | void>;
};

const cases: Case[] = [
  {
    id: 'app-smtp-config-api',
    // A live release whose route table lacks the SMTP route (e.g. a stale route cache or the wrong commit).
    fails: ['app-smtp-config-api', 'int-smtp-api-from-mentat'],
    because: 'mentat asks the same route of the same app: the 301 reaches it too',
    says: /HTTP 301/,
    sabotage: async () =>
      edit(join(live(), 'routes/api.php'), (t) => t.replace(/^[ \t]*Route::get\('\/smtp-config',.*\n/m, '')),
  },
  {
    id: 'app-observability-health-api',
    fails: ['app-observability-health-api'],
    says: /HTTP 301/,
    sabotage: async () =>
      edit(join(live(), 'routes/api.php'), (t) =>
        t.replace(/^[ \t]*Route::get\('\/observability\/health'.*\n/m, ''),
      ),
  },
  {
    id: 'app-system-settings-rows',
    // The table exists but the migration's seeded mail.* rows are gone.
    fails: ['app-system-settings-rows', 'int-smtp-api-from-mentat'],
    because:
      'without rows the API still answers 200 success:true but with empty defaults: no SMTP host for mentat',
    says: /"0" is not "8"/,
    sabotage: async () =>
      edit(database(), (t) => {
        const db = JSON.parse(t) as { system_settings: { key: string }[] };
        db.system_settings = db.system_settings.filter((row) => !row.key.startsWith('mail.'));
        return `${JSON.stringify(db, null, 2)}\n`;
      }),
  },
  {
    id: 'app-smtp-export',
    // The live release lacks the command class (smtp:export not registered).
    fails: ['app-smtp-export'],
    says: /Command "smtp:export" is not defined/,
    sabotage: async () => remove(join(live(), 'app/Console/Commands/ExportSmtpConfig.php')),
  },
  {
    id: 'app-up',
    // A release whose asset build failed: Laravel's /up throws "Vite manifest not found" (HTTP 500).
    fails: ['app-up', 'app-no-php-errors'],
    because: 'the 500 is a PHP exception: Laravel logs it as production.ERROR in laravel.log',
    says: /HTTP 500/,
    sabotage: async () => {
      const log = logMark();
      const undo = remove(join(live(), 'public/build/manifest.json'));
      return () => {
        undo();
        log();
      };
    },
  },
  {
    id: 'app-no-php-errors',
    fails: ['app-no-php-errors'],
    says: /errors since .* UTC: 1$/m,
    sabotage: async () => {
      const log = logMark();
      const when = new Date().toISOString().replace('T', ' ').slice(0, 19);
      appendFileSync(
        laravelLog(),
        `[${when}] production.ERROR: SQLSTATE[42703]: Undefined column: tenant_user.updated_at {"exception":"[object] (Illuminate\\\\Database\\\\QueryException(code: 42703))"}\n`,
      );
      return log;
    },
  },
  {
    id: 'obs-alertmanager-smtp',
    // alertmanager.yml back at the commented-out SMTP block (what the seed found) but not reloaded yet: the
    // running Alertmanager keeps the good config, so only the file criterion sees it.
    fails: ['obs-alertmanager-smtp'],
    says: /smtp_from is missing or commented out/,
    sabotage: async () =>
      edit(obs('alertmanager/alertmanager.yml'), (t) => t.replace(/^(\s+)(smtp_\w+:)/gm, '$1# $2')),
  },
  {
    id: 'obs-exporters-rules-file',
    // The rule file is not installed and Prometheus was reloaded without it.
    fails: ['obs-exporters-rules-file', 'obs-rules-loaded'],
    because: 'exporters.yml is where the three new groups come from: reloaded without it, none is loaded',
    says: /No such file or directory/,
    sabotage: async () => {
      const undo = remove(obs('prometheus/rules/exporters.yml'));
      expect(await reload(prometheus())).toBe(200);
      await until(
        async () => !(await ruleGroups(prometheus())).includes('exporter_health'),
        'Prometheus to drop the exporters.yml groups',
      );
      return async () => {
        undo();
        await reloadRulesBack();
      };
    },
  },
  {
    id: 'obs-rules-loaded',
    // exporters.yml installed after Prometheus's last reload (configure-prometheus never ran or its reload
    // was lost): the file is valid and in place, the running Prometheus does not have its groups.
    fails: ['obs-rules-loaded'],
    says: /MISSING exporter_health/,
    sabotage: async () => {
      const undo = remove(obs('prometheus/rules/exporters.yml'));
      expect(await reload(prometheus())).toBe(200);
      await until(
        async () => !(await ruleGroups(prometheus())).includes('exporter_health'),
        'Prometheus to drop the exporters.yml groups',
      );
      undo();
      return reloadRulesBack;
    },
  },
  {
    id: 'obs-prometheus-active',
    fails: ['obs-rules-loaded', 'obs-prometheus-active', 'obs-prometheus-no-errors', 'int-targets-up'],
    because: 'the rules, readiness/reload gauge and targets are all read from the stopped Prometheus',
    says: /inactive/,
    sabotage: async () => {
      await on('mentat', 'systemctl stop prometheus');
      return async () => {
        await on('mentat', 'systemctl start prometheus');
        await until(() => allTargetsUp(prometheus()), 'every target to be scraped up after the restart');
      };
    },
  },
  {
    id: 'obs-alertmanager-active',
    fails: [
      'obs-alertmanager-active',
      'obs-alertmanager-no-errors',
      'int-test-alert-delivered',
      'int-targets-up',
    ],
    because:
      'health, reload gauge and notification counters are read from the stopped Alertmanager, and Prometheus scrapes it as a target',
    says: /inactive/,
    sabotage: async () => {
      await on('mentat', 'systemctl stop alertmanager');
      const port = Number(new URL(alertmanager()).port);
      await until(
        () => targetHealth(prometheus(), port, 'down'),
        'Prometheus to scrape Alertmanager as down',
      );
      return restartAlertmanager;
    },
  },
  {
    id: 'obs-prometheus-no-errors',
    // An unvalidated prometheus.yml with a typo installed and reloaded: Prometheus rejects it and keeps
    // running the previous config (what deploy-observability.sh's validate-after-install leads to).
    fails: ['obs-prometheus-no-errors'],
    says: /prometheus_config_last_reload_successful=0/,
    sabotage: async () => {
      const undo = edit(obs('prometheus/prometheus.yml'), (t) =>
        t.replace(/^(\s+)scrape_interval:/m, '$1scrape_intervall:'),
      );
      expect(await reload(prometheus())).toBe(500);
      await until(
        async () =>
          (await gauge(`${prometheus()}/metrics`, 'prometheus_config_last_reload_successful')) === '0',
        'the Prometheus reload gauge to read 0',
      );
      return async () => {
        undo();
        expect(await reload(prometheus())).toBe(200);
        await until(
          async () =>
            (await gauge(`${prometheus()}/metrics`, 'prometheus_config_last_reload_successful')) === '1',
          'the Prometheus reload gauge to read 1',
        );
      };
    },
  },
  {
    id: 'obs-alertmanager-no-errors',
    // alertmanager.yml whose route names a receiver that does not exist, reloaded: rejected, old config runs.
    fails: ['obs-alertmanager-no-errors'],
    says: /alertmanager_config_last_reload_successful=0/,
    sabotage: async () => {
      const undo = edit(obs('alertmanager/alertmanager.yml'), (t) =>
        t.replace("receiver: 'default'", "receiver: 'no-such-receiver'"),
      );
      expect(await reload(alertmanager())).not.toBe(200);
      await until(
        async () =>
          (await gauge(`${alertmanager()}/metrics`, 'alertmanager_config_last_reload_successful')) === '0',
        'the Alertmanager reload gauge to read 0',
      );
      return async () => {
        undo();
        expect(await reload(alertmanager())).toBe(200);
        await until(
          async () =>
            (await gauge(`${alertmanager()}/metrics`, 'alertmanager_config_last_reload_successful')) === '1',
          'the Alertmanager reload gauge to read 1',
        );
      };
    },
  },
  {
    id: 'int-smtp-api-from-mentat',
    // mentat cannot reach the app (a firewall or routing fault on mentat's side): curl on mentat is sent to
    // a closed port for the app's address only; landsraad and the console still reach the app.
    fails: ['int-smtp-api-from-mentat'],
    says: /Failed to connect|Connection refused|Couldn't connect/,
    sabotage: async () => {
      const curlrc = join(sbx.root('mentat'), 'home/deploy/.curlrc');
      const appHost = new URL(url('sandbox_app_url')).host;
      writeFileSync(curlrc, `connect-to = "${appHost}:127.0.0.1:1"\n`);
      return () => rmSync(curlrc);
    },
  },
  {
    id: 'int-test-alert-delivered',
    // The relay no longer accepts the password Alertmanager has (rotated at the provider, or a wrong one
    // entered): a test alert like phase 5's is not e-mailed, every SMTP attempt is refused.
    fails: ['int-test-alert-delivered'],
    says: /failed_attempts=[1-9]/,
    sabotage: async () => {
      sbx.world.mail.setCredentials({ user: url('sandbox_smtp_user'), password: 'rotated-at-the-provider' });
      // Phase 5's own step must see the failure: it waits for the SMTP attempt's outcome, not for the
      // notification to start (which reads failed=0 while the attempt is being refused).
      const sent = await sendTestAlert();
      expect(sent.exitCode, sent.why).toBe(1);
      expect(sent.why).toMatch(/e-mail attempt FAILED/);
      await until(
        async () => (await emailAttempts(alertmanager())).failed > 0,
        'Alertmanager to fail an SMTP attempt',
      );
      return async () => {
        sbx.world.mail.setCredentials({
          user: url('sandbox_smtp_user'),
          password: url('sandbox_smtp_password'),
        });
        // The counters only reset when Alertmanager restarts; then phase 5's test alert is sent again.
        await restartAlertmanager();
      };
    },
  },
  {
    id: 'int-targets-up',
    // The redis exporter on landsraad died: its port refuses the scrape.
    fails: ['int-targets-up'],
    says: /targets up: (\d+) of (?!\1\b)\d+/,
    sabotage: async () => {
      const port = sbx.world.ports.redis_landsraad;
      const exporter = standInServer(port);
      await stopServer(exporter);
      await until(
        () => targetHealth(prometheus(), port, 'down'),
        'Prometheus to scrape the redis exporter as down',
      );
      return async () => {
        await restartServer(exporter, port);
        await until(() => allTargetsUp(prometheus()), 'every target to be scraped up again');
      };
    },
  },
  {
    id: 'int-grafana',
    // Grafana's database fails: /api/health answers 503 with database "failing" (Grafana's own behaviour);
    // its /metrics still answers, so its target stays up.
    fails: ['int-grafana'],
    says: /HTTP 503/,
    sabotage: async () =>
      overrideRoute(standInServer(sbx.world.ports.grafana), '/api/health', {
        status: 503,
        body: JSON.stringify({ commit: 'sandbox', database: 'failing', version: '10.2.3' }),
      }),
  },
];

/** Reloads Prometheus and waits until the three new groups are loaded again. */
async function reloadRulesBack(): Promise<void> {
  expect(await reload(prometheus())).toBe(200);
  await until(async () => {
    const groups = await ruleGroups(prometheus());
    return newRuleGroups.every((g) => groups.includes(g));
  }, 'Prometheus to load the three new rule groups');
}

/** The test alert's SMTP attempt has ended (the step returns when the notification starts). */
const emailDelivered = () =>
  until(async () => (await emailAttempts(alertmanager())).delivered > 0, 'the test alert to be e-mailed');

/** (Re)starts Alertmanager, e-mails phase 5's test alert again, and waits until every target is up. */
async function restartAlertmanager(): Promise<void> {
  await on('mentat', 'systemctl restart alertmanager');
  const sent = await sendTestAlert();
  expect(sent.exitCode, sent.why).toBe(0);
  await emailDelivered();
  await until(() => allTargetsUp(prometheus()), 'every target (Alertmanager too) to be scraped up');
}

beforeAll(async () => {
  sbx = await startSandboxRun('chom-checks-both-');
  const { summary, events } = await sbx.run(sbx.deployPlan());
  if (summary.exitCode !== 0) throw new Error(`the deploy failed:\n${failures(events)}`);
  await emailDelivered();
}, 120_000);
afterAll(async () => {
  await sbx?.close();
});

describe('every success criterion passes on a good deploy and fails on its fault', () => {
  it('has one case per check, in the runbook order', () => {
    expect(cases.map((c) => c.id)).toEqual(sbx.profile.checks.map((c) => c.id));
  });

  it('passes all 17 criteria after the deploy', async () => {
    await expectAllPass();
  });

  const order = (ids: string[]) =>
    [...ids].sort(
      (a, b) =>
        sbx.profile.checks.findIndex((c) => c.id === a) - sbx.profile.checks.findIndex((c) => c.id === b),
    );

  it.each(cases)(
    '$id',
    async ({ id, fails, because, says, sabotage }) => {
      expect(fails).toContain(id);
      const undo = await sabotage();
      let broken: Verdict;
      try {
        broken = await verify();
      } finally {
        await undo();
      }
      const found = broken.failing.map((f) => `${f}: ${broken.evidence(f)}`).join('\n');
      expect(
        broken.failing,
        `${found}\nexpected because: ${because ?? 'only this check reads the fault'}`,
      ).toEqual(order(fails));
      expect(broken.evidence(id)).toMatch(says);
      await expectAllPass();
    },
    150_000,
  );
});
