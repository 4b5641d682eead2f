// AppServices for UI tests: the REAL engine runner (createRunner) over scripted fake transports, on the
// UI fixture profile (two hosts, critical steps, an SMTP form with a secret, 17 checks in 3 groups, a
// release activate, both rollback targets). Knobs script failures; everything asked is recorded.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readJournalFile } from '../../../source/engine/run/journal.js';
import { deployPlan } from '../../../source/engine/plan/deploy-plan.js';
import { previewRender } from '../../../source/engine/plan/plan-render.js';
import { buildRunPlan } from '../../../source/engine/plan/plan.js';
import type { PlanFacts } from '../../../source/engine/plan/plan-facts.js';
import { runHistory } from '../../../source/engine/run/run-history.js';
import { createRunner } from '../../../source/engine/run/runner.js';
import { loadProfile } from '../../../source/profile/profile-loader.js';
import type { LoadedProfile } from '../../../source/profile/loaded-profile.js';
import type {
  AppServices,
  ExportKind,
  HostKeyAsk,
  HostKeyQuestion,
  ReleaseInfo,
  RunRequest,
} from '../../../source/ui/app-services.js';
import { FakeTransport, type FakeReply } from '../../helpers/fake-transport.js';

/** Knobs of {@link createFakeServices}. */
export type FakeOptions = {
  /** The health check fails this many times (then passes). */
  healthFailures?: number;
  /** These check ids fail. */
  failingChecks?: string[];
  typeHostToConfirm?: boolean;
  /** The fixture profile without its success criteria (a runbook with no `checks:`). */
  noChecks?: boolean;
  /** The `logs` follow emits this line per host, then waits for the abort. */
  followLine?: string;
  /** Lines the composer step prints (to exercise batching and the ring buffer). */
  composerLines?: number;
  /** The deploy lock's heartbeat period (the runner's default is minutes). */
  heartbeatMs?: number;
  /** hosts() first asks the installed host-key answerer about this key (mentat connects only if trusted). */
  unknownHostKey?: HostKeyQuestion;
  /** Runs write their journals here and the run history reads them back (engine/run/run-history.ts). */
  stateDir?: string;
  /** What the pre-flight's facts read answers (default: known facts, one pending migration). */
  planFacts?: PlanFacts;
  /** The pre-flight's facts read waits until this resolves (a placeholder screen meanwhile). */
  planGate?: Promise<void>;
};

/** Known facts of the fixture's world: 2 commits to deploy, one pending migration. */
export function uiPlanFacts(pending: string[] = ['2026_01_07_000001_create_system_settings']): PlanFacts {
  return {
    source: 'live',
    liveRelease: { known: true, value: oldRelease },
    liveCommit: { known: true, value: '7f572d2' },
    targetCommit: { known: true, value: 'bb283db' },
    commits: {
      known: true,
      value: {
        live: '7f572d2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        target: 'bb283dbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
        commits: [
          { short: 'bb283db', subject: 'Integrate SMTP configuration with Alertmanager' },
          { short: '0ec1983', subject: 'Add SMTP configuration UI in admin settings' },
        ],
        behind: 0,
      },
    },
    pendingMigrations: { known: true, value: pending },
    configs: { known: false, why: 'not compared in this test' },
    envKeys: { known: false, why: 'not compared in this test' },
    smtpStored: { known: false, why: 'not compared in this test' },
    lastRun: {
      runId: '20260105T090000Z-1',
      result: 'ok',
      durationMs: 83_000,
      startedAt: '2026-01-05T09:00:00Z',
      operator: 'ann',
    },
  };
}

const fixture = fileURLToPath(new URL('./ui-profile.yaml', import.meta.url));
export const newRelease = '20260109_083012';
export const oldRelease = '20260106_132320';

/** The UI fixture profile, loaded by the real loader. */
export function uiProfile(typeHost = false): LoadedProfile {
  const result = loadProfile(fixture);
  if (!result.ok)
    throw new Error(`ui fixture profile: ${result.issues.map((issue) => issue.message).join('; ')}`);
  return typeHost ? { ...result.profile, settings: { type_host_to_confirm: true } } : result.profile;
}

/** Runs a script with the local bash, `stubs` defined as exported functions that print their value. */
function localBash(script: string, stubs: Record<string, string>): FakeReply {
  const prelude = Object.entries(stubs)
    .map(([name, value]) => `${name}() { printf '%s\\n' '${value}'; }; export -f ${name}`)
    .join('\n');
  const result = spawnSync('bash', ['-c', `${prelude}\n${script}`], { encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

/** Fake services plus the world behind them. */
export function createFakeServices(options: FakeOptions = {}) {
  const loaded = uiProfile(options.typeHostToConfirm);
  const profile = options.noChecks ? { ...loaded, checks: [] } : loaded;
  const world = { live: oldRelease, smtp: 'not configured (commented out)' };
  const landsraad = new FakeTransport('landsraad');
  const mentat = new FakeTransport('mentat');
  landsraad.on(/date -u \+%Y%m%d_%H%M%S/, {
    stdout: `release_id=${newRelease}\nrelease_path=/srv/chom/releases/${newRelease}\nrollback_target=${oldRelease}\n`,
  });
  landsraad.on(/if mkdir -- "\$lock"/, { stdout: 'acquired\n' });
  landsraad.on(/mv -T -- "\$lock" "\$lock.released/, { stdout: 'released\n' });
  landsraad.on(/mv -Tf -- "\$base\/current.tmp/, () => {
    world.live = newRelease;
    return { stdout: `current=${newRelease}\n` };
  });
  landsraad.on(/previous=\$live/, (request) => {
    const to = /id='?(\d{8}_\d{6})/.exec(request.command)?.[1] ?? oldRelease;
    world.live = to;
    return { stdout: `previous=${newRelease}\ncurrent=${to}\n` };
  });
  landsraad.on(/composer install/, {
    stdout: Array.from(
      { length: options.composerLines ?? 3 },
      (_, index) => `composer: package ${index + 1}`,
    ).join('\n'),
  });
  landsraad.on(/php artisan migrate --force/, {
    stdout: 'Migrating: 2026_01_07_000001_create_system_settings\nMigrated.',
  });
  if ((options.healthFailures ?? 0) > 0) {
    landsraad.on(
      /curl -sf http:\/\/localhost\/up/,
      { code: 7, stderr: 'curl: (7) Failed to connect to localhost port 80: Connection refused' },
      options.healthFailures,
    );
  }
  mentat.on(/install-secret/, () => {
    world.smtp = 'configured (smtp.example.org:587)';
    return { stdout: 'installed 0640' };
  });
  for (const id of options.failingChecks ?? []) {
    const transport = Number(id.slice(1)) <= 7 ? landsraad : mentat;
    transport.on(new RegExp(`check-${id}`), { code: 1, stderr: `${id}: expectation not met` });
  }
  // Probes answer alone, or inside the engine's batch script (run by the local bash with the probe
  // commands stubbed as exported functions).
  const stubs = (): Record<string, string> => ({
    'probe-live-release': `/srv/chom/releases/${world.live}`,
    'probe-live-commit': world.live === newRelease ? 'bb283db' : '7f572d2',
    'probe-smtp-lines': '0',
  });
  for (const transport of [landsraad, mentat]) {
    for (const name of Object.keys(stubs()))
      transport.on(new RegExp(`^${name} `), () => ({ stdout: `${stubs()[name]}\n` }));
    transport.on(/chom-console assess:/, (request) => localBash(request.command, stubs()));
  }
  const transports = new Map([
    ['landsraad', landsraad],
    ['mentat', mentat],
  ]);
  const requests: RunRequest[] = [];
  /** Log followers running now (one per host and session that follows). */
  const followers = { active: 0 };
  const exported: { kind: ExportKind; content: string }[] = [];
  const smtpTests: Record<string, string>[] = [];
  /** How often the pre-flight read its facts (all read-only). */
  const planReads = { count: 0 };
  const releases = (): ReleaseInfo[] => [
    ...(world.live === newRelease || landsraad.ran(/current.tmp/).length > 0
      ? [
          {
            name: newRelease,
            commit: 'bb283db',
            message: 'Add the API routes',
            age: '1m',
            live: world.live === newRelease,
            migrationsSince: [],
            complete: true,
          },
        ]
      : []),
    {
      name: oldRelease,
      commit: '7f572d2',
      message: 'Phase 0 baseline',
      age: '3d',
      live: world.live === oldRelease,
      migrationsSince: world.live === newRelease ? ['2026_01_07_000001_create_system_settings'] : [],
      complete: true,
    },
    {
      name: '20260105_090000',
      commit: '1a2b3c4',
      message: 'Half-finished upload',
      age: '4d',
      live: false,
      migrationsSince: [],
      complete: false,
    },
  ];
  const hostKey: { ask: HostKeyAsk | undefined; answers: boolean[] } = { ask: undefined, answers: [] };
  const mentatTrusted = async (): Promise<boolean> => {
    if (options.unknownHostKey === undefined) return true;
    const trusted = (await hostKey.ask?.(options.unknownHostKey)) ?? false;
    hostKey.answers.push(trusted);
    return trusted;
  };
  const services: AppServices = {
    profile,
    profileName: 'ui',
    operator: 'tester',
    runtimeNotes: ['Sandbox SMTP relay: user demo, password demo-pass (stand-in)'],
    setHostKeyAsk: (ask) => {
      hostKey.ask = ask;
    },
    ...(options.stateDir !== undefined
      ? {
          history: (limit: number) => runHistory(options.stateDir as string, limit),
          readJournal: (path: string) => readJournalFile(path),
        }
      : {}),
    hosts: async () => [
      {
        name: 'landsraad',
        address: '127.0.0.1:2201',
        connected: true,
        latencyMs: 3,
        fingerprint: `SHA256:${'L'.repeat(43)}`,
        trust: 'embedded',
      },
      (await mentatTrusted())
        ? {
            name: 'mentat',
            address: '127.0.0.1:2202',
            connected: true,
            latencyMs: 4,
            fingerprint: `SHA256:${'M'.repeat(43)}`,
            trust: options.unknownHostKey === undefined ? 'embedded' : 'accepted',
          }
        : { name: 'mentat', address: '127.0.0.1:2202', connected: false, error: 'host key not accepted' },
    ],
    homeFacts: async () => ({
      liveRelease: world.live,
      liveCommit: world.live === newRelease ? 'bb283db' : '7f572d2',
      smtp: world.smtp,
      lock: { kind: 'free' },
    }),
    createRun: (request, gates, signal) => {
      requests.push(request);
      const plan =
        request.mode === 'fix'
          ? buildRunPlan(profile, { mode: 'fix', steps: request.fixSteps ?? [] })
          : request.mode === 'rollback'
            ? buildRunPlan(profile, { mode: 'rollback', target: request.rollbackTarget ?? 'app' })
            : request.mode === 'deploy'
              ? buildRunPlan(profile, { mode: 'deploy', ...(request.from ? { from: request.from } : {}) })
              : buildRunPlan(profile, { mode: request.mode });
      return createRunner({
        profile,
        plan,
        transports,
        gates,
        operator: 'tester',
        signal,
        ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
        ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
        // as the real services do: a release for the app, a snapshot for observability
        ...(request.rollbackTo
          ? {
              initialFacts:
                request.rollbackTarget === 'observability'
                  ? { rollback_snapshot: request.rollbackTo }
                  : { rollback_target: request.rollbackTo },
            }
          : {}),
      });
    },
    deployPlan: async (from, only) => {
      planReads.count += 1;
      await options.planGate;
      return deployPlan(
        profile,
        { ...(from !== undefined && { from }), ...(only !== undefined && { only }) },
        options.planFacts ?? uiPlanFacts(),
        previewRender(profile),
      );
    },
    releases: async () => releases(),
    snapshots: async () => [
      { name: 'alertmanager-20260109', age: '1m', description: 'before the SMTP change', live: false },
      { name: 'alertmanager-20260101', age: '8d', description: 'initial', live: false },
    ],
    testSmtp: async (values) => {
      smtpTests.push(values);
      return values['password'] === 'wrong'
        ? { ok: false, message: '535 5.7.8 authentication failed' }
        : { ok: true, message: `logged in to ${values['host']}:${values['port']}` };
    },
    follow: async (host, onLine, signal) => {
      followers.active += 1;
      if (options.followLine !== undefined) onLine(`${options.followLine} ${host}`);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      followers.active -= 1;
    },
    assessReport: (summary) =>
      [
        '# Assessment: ui',
        '',
        ...summary.probes.map((probe) => `- ${probe.host} ${probe.title}: ${JSON.stringify(probe.facts)}`),
      ].join('\n'),
    exportMarkdown: async (kind, content) => {
      exported.push({ kind, content });
      return `/tmp/chom-ui-test/${kind}.md`;
    },
  };
  return { services, world, landsraad, mentat, requests, exported, smtpTests, hostKey, followers, planReads };
}
