// Issue 12, items 4, 5 and 10: the SMTP password after a kill, a Ctrl-C and a rotation. One chain per signal
// (each in its own sandbox world, the two chains at once): a full `deploy` is stopped at the first step of
// phase 3, then `deploy --resume` is stopped at each next step of phases 3 and 4 in turn, and a last resume
// completes. After every stop, both hosts' temp directories (/tmp, where the staging directories are, and
// each host's tmp/) and $CHOM_CONSOLE_HOME are scanned for the password, and every copy of it on mentat must
// be the live file or a root-only backup. At the end: one set of backups (the first run's, with the files as
// they were before the deploy), no staging directory of any run left. Then a redeploy rotates the password:
// the old one is kept only as rollback needs it (root-only), the assessment counts the copies, and a rollback
// of observability puts back the password its snapshot holds.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../source/engine/run/events.js';
import { headlessGates } from '../../source/engine/run/gates.js';
import { journalDir, readJournal } from '../../source/engine/run/journal.js';
import { resumeState } from '../../source/engine/run/resume.js';
import { startCli, type CliResult } from '../cli/run-cli.js';
import { filesHolding, stagingDirs } from '../helpers/secret-scan.js';
import { failures, operator, smtpValues, startSandboxRun, type SandboxRun } from '../helpers/sandbox-run.js';
import { waitFor } from '../helpers/ssh-process.js';

type Signal = 'SIGKILL' | 'SIGINT';

/**
 * Where a stop lands: a command of the step held at a gate; a step with no command of its own to hold is
 * stopped once journaled as started, with the next step's command held so the run cannot get past it.
 */
type StopAt = {
  step: string;
  hold: { host: 'landsraad' | 'mentat'; path: string; pattern: string };
  when: 'held' | 'started';
};

const tinker = { host: 'landsraad', path: 'bin/php', pattern: 'tinker' } as const;
// the step's own check of its staged file, not the value pre-flight's `amtool check-config /dev/stdin`
const amtoolCheck = {
  host: 'mentat',
  path: 'opt/observability/bin/amtool',
  pattern: 'check-config /tmp/chom-console-',
} as const;
const promtool = (pattern: string) =>
  ({ host: 'mentat', path: 'opt/observability/bin/promtool', pattern }) as const;

// every step of phases 3 and 4 that runs a command on this world, in order
const stops: StopAt[] = [
  { step: 'store-smtp-settings', hold: tinker, when: 'held' },
  {
    step: 'verify-smtp-roundtrip',
    hold: { host: 'landsraad', path: 'bin/php', pattern: 'smtp:export' },
    when: 'held',
  },
  {
    step: 'fetch-smtp-config',
    // the step's own request (http-command.ts: `-w %{http_code} -- URL`), not the SMTP form's read of the
    // same URL for its live values (`curl -fsS --max-time 10 -- URL`), which comes first
    hold: { host: 'mentat', path: 'bin/curl', pattern: '%{http_code} -- ' },
    when: 'held',
  },
  { step: 'derive-require-tls', hold: amtoolCheck, when: 'started' },
  { step: 'configure-alertmanager', hold: amtoolCheck, when: 'held' },
  { step: 'install-exporters-rules', hold: promtool('exporters.yml'), when: 'held' },
  // install-basic-rules and retire-stale-rules are not among them: the seed's basic.yml is byte-identical to
  // the commit's and its rules folder holds only the deploy set's files, so both skip as already done (their
  // `when: skip_if`) and run no command to stop at
  { step: 'configure-prometheus', hold: promtool('check config'), when: 'held' },
];

/**
 * Puts a wrapper at `file` (a stand-in, a link to a real tool, or nothing: then the tool of /usr/bin) that
 * waits at a gate when its arguments contain `pattern`, after touching a marker; other calls run the tool.
 */
function hold(file: string, pattern: string) {
  const id = randomUUID();
  const gate = `${file}.gate-${id}`;
  const marker = `${file}.waiting-${id}`;
  let tool: string;
  let restore: () => void;
  if (!existsSync(file)) {
    tool = join('/usr/bin', basename(file));
    restore = () => unlinkSync(file);
  } else if (lstatSync(file).isSymbolicLink()) {
    const link = readlinkSync(file);
    tool = realpathSync(file);
    unlinkSync(file);
    restore = () => {
      unlinkSync(file);
      symlinkSync(link, file);
    };
  } else {
    // kept beside it for the held call, which runs it once released
    tool = `${file}.held-${id}`;
    copyFileSync(file, tool);
    chmodSync(tool, 0o755);
    const original = readFileSync(file);
    restore = () => writeFileSync(file, original);
  }
  writeFileSync(gate, '');
  writeFileSync(
    file,
    [
      '#!/usr/bin/env bash',
      `case "$*" in *${JSON.stringify(pattern)}*)`,
      `  touch -- ${JSON.stringify(marker)}`,
      // a gate, not a timer: it opens when the test removes it, after the console was stopped
      `  while [ -e ${JSON.stringify(gate)} ]; do sleep 0.05; done ;;`,
      'esac',
      `exec ${JSON.stringify(tool)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return {
    waiting: () => existsSync(marker),
    release: () => {
      if (!existsSync(gate)) return;
      restore();
      rmSync(gate, { force: true });
      rmSync(marker, { force: true });
    },
  };
}

/** One world and its password, with what the chain needs to run and scan it. */
type Chain = {
  sbx: SandboxRun;
  /** The chain's deploy completed (the rotation test continues in its world). */
  completed: boolean;
  password: string;
  valuesFile: string;
  journals: () => { runId: string; events: RunEvent[] }[];
};

async function startChain(signal: Signal): Promise<Chain> {
  const sbx = await startSandboxRun(`chom-secret-${signal.toLowerCase()}-`);
  // the CLI child reuses this world (as after `chom-console sandbox up`)
  sbx.publishStatus();
  const { password: _demo, ...values } = smtpValues(sbx.world).smtp!;
  const valuesFile = join(sbx.home, 'values.json');
  writeFileSync(valuesFile, JSON.stringify({ smtp: values }));
  const journals = () =>
    (existsSync(journalDir(sbx.home)) ? readdirSync(journalDir(sbx.home)) : [])
      .filter((name) => name.endsWith('.jsonl'))
      .sort()
      .map((name) => ({
        runId: name.slice(0, -'.jsonl'.length),
        events: readJournal(join(journalDir(sbx.home), name)),
      }));
  // unique per world: a scan can never match another test's files; the relay accepts it (phase 5 mails)
  const password = `pw-${signal}-${randomBytes(8).toString('hex')}`;
  sbx.world.mail.setCredentials({ user: values.username!, password });
  return { sbx, completed: false, password, valuesFile, journals };
}

const liveFiles = (sbx: SandboxRun) => {
  const am = join(sbx.root('mentat'), 'etc/observability/alertmanager');
  return {
    password: join(am, 'smtp_auth_password'),
    alertmanager: join(am, 'alertmanager.yml'),
    prometheus: join(sbx.root('mentat'), 'etc/observability/prometheus/prometheus.yml'),
    basic: join(sbx.root('mentat'), 'etc/observability/prometheus/rules/basic.yml'),
    snapshots: join(sbx.root('mentat'), 'var/lib/observability/chom-console/snapshots'),
  };
};

/** Everywhere the password must never be: temp dirs of both hosts, the staging dirs, the console's state. */
function leaks(chain: Chain): string[] {
  const { sbx, password } = chain;
  const world = join(sbx.home, 'sandbox', 'world');
  return [
    ...stagingDirs().flatMap((dir) => filesHolding(dir, password)),
    ...filesHolding(join(sbx.root('landsraad'), 'tmp'), password),
    ...filesHolding(join(sbx.root('mentat'), 'tmp'), password),
    ...filesHolding(sbx.home, password, (path) => path === world),
  ];
}

/** Every copy of the password on mentat that is neither the live file nor readable by root only. */
function openCopies(sbx: SandboxRun, password: string): string[] {
  const live = liveFiles(sbx).password;
  return filesHolding(sbx.root('mentat'), password).filter(
    (path) => path !== live && (statSync(path).mode & 0o777) !== 0o600,
  );
}

function deploy(chain: Chain, extra: string[]) {
  return startCli(
    ['deploy', '--plain', '--yes', '--values', chain.valuesFile, '--password-stdin', ...extra],
    {
      env: { CHOM_CONSOLE_HOME: chain.sbx.home },
      stdin: `${chain.password}\n`,
    },
  );
}

/** The newest journal's events (the running child's). */
const current = (chain: Chain) => chain.journals().at(-1)?.events ?? [];
const started = (events: RunEvent[], step: string) =>
  events.some((e) => e.type === 'step-started' && e.stepId === step);

/** Starts a deploy (or resume), stops it with `signal` at `stop`, and checks what it left. */
async function stopAt(chain: Chain, signal: Signal, stop: StopAt, resume: boolean): Promise<void> {
  const { sbx } = chain;
  const held = hold(join(sbx.root(stop.hold.host), stop.hold.path), stop.hold.pattern);
  const before = chain.journals().length;
  const { child, done: exit } = deploy(chain, resume ? ['--resume'] : []);
  let ended: CliResult | null = null;
  void exit.then((e) => (ended = e));
  try {
    await waitFor(
      () => {
        if (ended)
          throw new Error(
            `deploy ended before ${stop.step} (${ended.code}):\n${ended.stdout.slice(-3000)}\n${ended.stderr}`,
          );
        return (
          chain.journals().length > before &&
          (stop.when === 'held' ? held.waiting() : started(current(chain), stop.step))
        );
      },
      `${signal}: the deploy to reach ${stop.step}`,
      240_000,
    );
    expect(started(current(chain), stop.step), stop.step).toBe(true);
    child.kill(signal);
    // Ctrl-C lets the command in flight finish (the run stops at the next safe point): open its gate
    if (signal === 'SIGINT') held.release();
    const stopped = await exit;
    if (signal === 'SIGKILL') expect(stopped.signal).toBe('SIGKILL');
    else expect(stopped.code, `${stopped.stdout}\n${stopped.stderr}`).toBe(130);
  } finally {
    if (ended === null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    held.release();
  }
  expect(leaks(chain), `after ${signal} at ${stop.step}`).toEqual([]);
  expect(openCopies(sbx, chain.password), `after ${signal} at ${stop.step}`).toEqual([]);
}

const chains = new Map<Signal, Chain>();
afterAll(async () => {
  await Promise.all([...chains.values()].map((c) => c.sbx.close()));
});

describe('the SMTP password after a kill -9 or a Ctrl-C at every step of phases 3 and 4', () => {
  // One chain after the other: two worlds of one worker share its port slice, and a world stopped between two
  // commands keeps ports the other could choose meanwhile (EADDRINUSE once in CI when they ran concurrently).
  it.each(['SIGKILL', 'SIGINT'] as const)(
    '%s: never in a temp dir or the console state; resumes complete with one backup set and no staging left',
    async (signal) => {
      const chain = await startChain(signal);
      chains.set(signal, chain);
      const { sbx } = chain;
      const files = liveFiles(sbx);
      const before = {
        alertmanager: readFileSync(files.alertmanager),
        prometheus: readFileSync(files.prometheus),
        basic: readFileSync(files.basic),
      };
      const stoppedAt: string[] = [];
      for (const [index, stop] of stops.entries()) {
        // after a Ctrl-C the step in flight may have completed: the next stop is the next step to run
        const journals = chain.journals();
        const done = journals.length > 0 ? resumeState(journals.at(-1)!.events).completedSteps : new Set();
        if (done.has(stop.step)) continue;
        await stopAt(chain, signal, stop, index > 0);
        stoppedAt.push(stop.step);
      }
      // a kill -9 stops every step; a Ctrl-C at least every other one (the one in flight may complete)
      if (signal === 'SIGKILL') expect(stoppedAt).toEqual(stops.map((s) => s.step));
      else expect(stoppedAt.length).toBeGreaterThanOrEqual(stops.length / 2);

      const last = deploy(chain, ['--resume']);
      const done = await last.done;
      expect(done.code, `${done.stdout}\n${done.stderr}`).toBe(0);
      chain.completed = true;
      expect(leaks(chain)).toEqual([]);
      expect(openCopies(sbx, chain.password)).toEqual([]);
      const runs = chain.journals().map((j) => j.runId);
      expect(runs).toHaveLength(stoppedAt.length + 1);
      // no staging directory of any run of the chain is left on the host
      expect(runs.filter((run) => existsSync(`/tmp/chom-console-${run}`))).toEqual([]);
      // one backup per file, named after the first run, holding the file as it was before the deploy
      const first = runs[0]!;
      for (const [name, path] of [
        ['alertmanager', files.alertmanager],
        ['prometheus', files.prometheus],
      ] as const) {
        const dir = join(path, '..');
        const backups = readdirSync(dir).filter((n) => n.startsWith(`${basename(path)}.bak-`));
        expect(backups, name).toEqual([`${basename(path)}.bak-${first}`]);
        expect(readFileSync(join(dir, backups[0]!)).equals(before[name]), name).toBe(true);
      }
      // basic.yml was already the commit's (its step skipped as already done): untouched, so no backup
      expect(readdirSync(join(files.basic, '..')).filter((n) => n.startsWith('basic.yml.bak-'))).toEqual([]);
      expect(readFileSync(files.basic).equals(before.basic)).toBe(true);
      // the password file did not exist before: live (0640), never backed up
      expect(readFileSync(files.password, 'utf8')).toBe(chain.password);
      expect(statSync(files.password).mode & 0o777).toBe(0o640);
      expect(
        readdirSync(join(files.password, '..')).filter((n) => n.includes('smtp_auth_password.')),
      ).toEqual([]);
    },
    900_000,
  );

  it('a rotated password is kept only as rollback needs it, counted by the assessment, restored by rollback', async () => {
    const chain = [...chains.values()].find((c) => c.completed);
    expect(chain, 'a chain completed the first deploy').toBeDefined();
    const { sbx } = chain!;
    const files = liveFiles(sbx);
    const old = chain!.password;
    // snapshots of earlier deploys, each with a password older still
    for (let day = 1; day <= 6; day += 1) {
      const dir = join(files.snapshots, `2025010${day}_000000-old${day}`, 'alertmanager');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(join(dir, 'smtp_auth_password'), `ancient-${day}`, { mode: 0o600 });
    }
    const rotated = `pw-rotated-${randomBytes(8).toString('hex')}`;
    const values = smtpValues(sbx.world);
    sbx.world.mail.setCredentials({ user: values.smtp!.username!, password: rotated });
    const redeploy = await sbx.run(sbx.deployPlan(), {
      gates: headlessGates({ yes: true, operator, values: { smtp: { ...values.smtp!, password: rotated } } }),
    });
    expect(failures(redeploy.events)).toBe('');
    expect(redeploy.summary.exitCode).toBe(0);
    expect(readFileSync(files.password, 'utf8')).toBe(rotated);

    // the old password: once beside the live file and once in the new snapshot, both root-only
    const copies = filesHolding(sbx.root('mentat'), old);
    expect(copies.map((p) => basename(p))).toEqual([
      `smtp_auth_password.bak-${redeploy.summary.runId}`,
      'smtp_auth_password',
    ]);
    for (const copy of copies) expect(statSync(copy).mode & 0o777, copy).toBe(0o600);
    // snapshots of the last 5 deploys only (keep_releases): the 3 oldest went, with their passwords
    const snapshots = readdirSync(files.snapshots).filter((n) => n !== 'latest');
    expect(snapshots).toHaveLength(5);
    expect(snapshots.filter((n) => n.startsWith('2025'))).toEqual([
      '20250104_000000-old4',
      '20250105_000000-old5',
      '20250106_000000-old6',
    ]);
    expect(leaks({ ...chain!, password: rotated })).toEqual([]);

    const assess = await startCli(
      ['assess', '--format', 'json', '--repo', join(sbx.home, 'sandbox', 'world', 'repo')],
      { env: { CHOM_CONSOLE_HOME: sbx.home }, stdin: '' },
    ).done;
    expect(assess.code, assess.stderr).toBe(0);
    const doc = JSON.parse(assess.stdout) as {
      hosts: { mentat: { facts: { old_password_copies: unknown } } };
      findings: { id: string; title: string; severity: string }[];
    };
    // /tmp is the machine's own here, shared with every other test: its count is not this world's to assert
    expect(doc.hosts.mentat.facts.old_password_copies).toEqual({
      backups: 1,
      snapshots: 4,
      temp: expect.any(Number),
    });
    const found = doc.findings.filter((f) => f.id === 'security.old-smtp-password-copies');
    expect(found).toHaveLength(1);
    expect(found[0]!.title).toMatch(
      /^\d+ copies of earlier SMTP passwords on mentat: 1 beside the live file \(\.bak-<run>\), 4 in snapshots/,
    );
    expect(assess.stdout).not.toContain(old);
    expect(assess.stdout).not.toContain(rotated);

    const rollback = await startCli(['rollback', '--target', 'observability', '--yes', '--plain'], {
      env: { CHOM_CONSOLE_HOME: sbx.home },
      stdin: '',
    }).done;
    expect(rollback.code, `${rollback.stdout}\n${rollback.stderr}`).toBe(0);
    // the password the snapshot holds, readable by Alertmanager again
    expect(readFileSync(files.password, 'utf8')).toBe(old);
    expect(statSync(files.password).mode & 0o777).toBe(0o640);
    const metrics = await (await fetch(`${sbx.world.runtimeVars.sandbox_alertmanager_url}/metrics`)).text();
    expect(metrics).toMatch(/^alertmanager_config_last_reload_successful 1$/m);
  }, 600_000);
});
