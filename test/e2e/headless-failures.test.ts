// Headless failure paths through the real CLI against one sandbox world, in order: refusals before
// connecting (exit 2) · the deploy lock held by someone else (exit 4) · SIGINT mid-deploy (exit 130, lock
// released) · `deploy --resume` whose post-switch health check fails, so --yes rolls the app back (exit 1,
// failure block with host, step, command, exit code, stderr tail and the recovery command) · unknown host
// key and unreachable host (exit 3).
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort } from '../helpers/ssh-process.js';
import { smtpValuesYaml, startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

const seedRelease = '20260106_132320';
const liveSeed = new RegExp(`(^|/)releases/${seedRelease}$`);
let world: HeadlessWorld;
let valuesFile: string;
const appBase = () => join(world.root('landsraad'), 'var/www/chom');
const lockDir = () => join(appBase(), '.chom-console.lock');
const journals = () =>
  existsSync(join(world.home, 'journal')) ? readdirSync(join(world.home, 'journal')) : [];
const deployArgs = () => [
  'deploy',
  '--plain',
  '--profile',
  'sandbox',
  '--yes',
  '--values',
  valuesFile,
  '--password-stdin',
];
const stdin = 'sandbox-smtp-demo\n';

beforeAll(async () => {
  world = await startHeadlessWorld('chom-e2e-fail-');
  valuesFile = join(world.home, 'values.json');
  writeFileSync(valuesFile, JSON.stringify({ smtp: { ...flat(smtpValuesYaml(world.sandbox)) } }));
});
afterAll(async () => {
  await world?.close();
});

/** The `smtp:` block of the YAML values as a flat object (exercises the JSON form of --values). */
function flat(yaml: string): Record<string, string> {
  return Object.fromEntries(
    yaml
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim().split(': ') as [string, string]),
  );
}

describe('refusals before connecting (exit 2, nothing changed)', () => {
  it('names every critical step and --yes when deploy runs without it', async () => {
    const run = await world.cli(['deploy', '--plain', '--values', valuesFile, '--password-stdin'], { stdin });
    expect(run.code).toBe(2);
    for (const step of [
      'migrate',
      'switch',
      'store-smtp-settings',
      'configure-alertmanager',
      'configure-prometheus',
    ])
      expect(run.stderr).toMatch(new RegExp(`^  - ${step} on (landsraad|mentat) `, 'm'));
    expect(run.stderr).toMatch(/confirms only with --yes/);
    expect(journals()).toEqual([]);
  });

  // Decided before connecting: run in-process (a child process per refusal proved nothing more and cost
  // seconds each); the test above keeps one refusal end-to-end through the real process.
  it('refuses --resume without a journal (and none of the refusals before it wrote one)', async () => {
    const run = await world.inProcess(['deploy', '--plain', '--yes', '--resume']);
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/no earlier deploy journal/)]);
    expect(journals()).toEqual([]);
    expect(readlinkSync(join(appBase(), 'current'))).toMatch(liveSeed);
  });

  // Production's form reads the live settings first (forms.smtp.live): this refusal comes once the seed's
  // are found incomplete, after connecting, and its run is journalled (refused, before the lock).
  let formRefusal: string[] = [];
  it('refuses a form without --values, naming the option', async () => {
    const run = await world.inProcess(['deploy', '--plain', '--yes']);
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/form smtp.*--values FILE/)]);
    formRefusal = journals();
    expect(formRefusal).toHaveLength(1);
    expect(existsSync(lockDir())).toBe(false);
  });

  it('refuses an unknown phase, listing the phases', async () => {
    const run = await world.inProcess(['deploy', '--plain', '--yes', '--from', 'phase9']);
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/no phase "phase9".*phase1, phase2/)]);
  });

  it('refuses a rollback without --yes, naming its critical step', async () => {
    const run = await world.inProcess(['rollback', '--plain', '--target', 'app']);
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/switch-back on landsraad/)]);
    // none of the refusals changed the release; only the form's (after connecting) journalled its run
    expect(journals()).toEqual(formRefusal);
    expect(readlinkSync(join(appBase(), 'current'))).toMatch(liveSeed);
  });
});

describe('runs that stop', () => {
  it('exits 4 naming the holder when someone else holds the deploy lock', async () => {
    mkdirSync(lockDir());
    const now = Math.floor(Date.now() / 1000);
    writeFileSync(
      join(lockDir(), 'info'),
      `owner=jessica\nhost=caladan\npid=4242\nstarted=${now}\nheartbeat=${now}\nrun=other-run\n`,
    );
    try {
      const run = await world.cli(deployArgs(), { stdin });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(
        /held by jessica@caladan \(run other-run, pid 4242, last heartbeat \d+ s ago\)/,
      );
      // A live holder elsewhere: wait, and no takeover command is offered.
      expect(run.stderr).toMatch(/^ {2}it runs on another machine .*: wait for that deploy to finish/m);
      expect(run.stderr).not.toMatch(/take-over-lock/);
      expect(readFileSync(join(lockDir(), 'info'), 'utf8')).toContain('owner=jessica');
    } finally {
      renameSync(lockDir(), `${lockDir()}.test-removed`);
    }
  });

  it('on SIGINT mid-deploy stops, releases the lock and exits 130', async () => {
    const child = world.start(deployArgs(), { stdin });
    await child.waitFor(/^\[landsraad\] start composer-install/m);
    child.child.kill('SIGINT');
    const run = await child.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/^deploy aborted after .* \(exit 130\): aborted by the operator/m);
    expect(run.stderr).toMatch(/^the deploy lock was released/m);
    expect(run.stdout).toMatch(/^\[landsraad\] lock released: /m);
    expect(existsSync(lockDir())).toBe(false);
    expect(readlinkSync(join(appBase(), 'current'))).toMatch(liveSeed);
  });

  it('resumes, and when the post-switch health check fails, --yes rolls the app back and says so', async () => {
    // Fault: restarting the workers after the switch also stops redis, so the health check fails after the
    // switch (pre-checks and pre-switch validation saw redis up).
    const bin = join(world.root('landsraad'), 'bin');
    renameSync(join(bin, 'supervisorctl'), join(bin, 'supervisorctl.real'));
    writeFileSync(
      join(bin, 'supervisorctl'),
      '#!/usr/bin/env bash\nif [ "$1" = restart ]; then systemctl stop redis-server; fi\nexec "$CHOM_SANDBOX_ROOT/bin/supervisorctl.real" "$@"\n',
    );
    chmodSync(join(bin, 'supervisorctl'), 0o755);
    const run = await world.cli([...deployArgs(), '--resume'], { stdin });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\[landsraad\] skipped fetch-code: completed in the resumed run$/m);
    expect(run.stdout).toMatch(/^\[landsraad\] ok switch /m);
    expect(run.stdout).toMatch(/^\[landsraad\] FAILED health-check /m);
    const block = run.stderr.slice(run.stderr.indexOf('FAILED: step health-check on landsraad'));
    // the exact command: the values as variables set by the engine, then the script as written
    expect(block).toMatch(
      /^ {2}command:\n {4}APP_BASE='[^']+'\n(?: {4}[A-Z_]+='[^']*'\n)* {4}# production\/app\/health-check\.sh\n {4}set -euo pipefail$/m,
    );
    expect(block).toMatch(/^FAILED: step health-check on landsraad: the command exited 1/);
    expect(block).toMatch(/^ {2}exit code 1$/m);
    expect(block).toMatch(
      /^ {2}last \d+ stderr lines:\n(.*\n)* {4}\| health check failed: redis-server is not active$/m,
    );
    expect(run.stderr).toMatch(/performing the rollback of app now \(headless with --yes\)/);
    expect(run.stderr).toMatch(/^the automatic rollback of app finished ok$/m);
    // What it says is live is what the rollback's own readlink confirmed, and what the host shows.
    expect(run.stderr).toMatch(
      new RegExp(
        `^ {2}landsraad: release ${seedRelease} is live \\(confirmed by readlink at \\S+, after the rollback\\)$`,
        'm',
      ),
    );
    expect(run.stderr).toContain(
      `  chom-console deploy --yes --values ${valuesFile} --password-stdin  a new deploy (new release) once the cause is fixed`,
    );
    expect(run.stderr).not.toMatch(/rollback --target app|deploy --resume/);
    expect(run.stdout).toMatch(/^\[landsraad\] ok switch-back /m);
    expect(readlinkSync(join(appBase(), 'current'))).toMatch(liveSeed);
    expect(existsSync(lockDir())).toBe(false);
  });
});

describe('rollback --to', () => {
  it('switches the app to the named release, and refuses a malformed release or snapshot name', async () => {
    const bad = await world.cli(['rollback', '--plain', '--yes', '--target', 'app', '--to', '../etc']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/"\.\.\/etc" is not a release name/)]);
    const obs = await world.cli([
      'rollback',
      '--plain',
      '--yes',
      '--target',
      'observability',
      '--to',
      '.hidden',
    ]);
    expect([obs.code, obs.stderr]).toEqual([2, expect.stringMatching(/"\.hidden" is not a snapshot name/)]);
    const run = await world.cli(['rollback', '--plain', '--yes', '--target', 'app', '--to', seedRelease]);
    expect(run.stderr).toContain(`app: rolling back to ${seedRelease} (--to)`);
    expect(run.stdout).toMatch(new RegExp(`^\\[landsraad\\] current=${seedRelease}$`, 'm'));
    expect(run.code).toBe(0);
    expect(readlinkSync(join(appBase(), 'current'))).toMatch(liveSeed);
  });
});

describe('sandbox subcommands', () => {
  it('sandbox status reports the world this test hosts (wired to runSandboxCommand)', async () => {
    const run = await world.cli(['sandbox', 'status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`sandbox up (pid ${process.pid}`);
    expect(run.stdout).toMatch(
      new RegExp(`landsraad +ssh 127\\.0\\.0\\.1:${world.sandbox.hosts.landsraad!.port}`),
    );
  });
});

describe('connection refusals (exit 3)', () => {
  function realHostProfile(ports: { landsraad: number; mentat: number }): string {
    const file = join(world.home, 'real-hosts.yaml');
    const key = join(world.home, 'sandbox/keys/console_ed25519');
    const host = (name: string, port: number, roles: string) =>
      `  ${name}:\n    address: 127.0.0.1\n    port: ${port}\n    user: deploy\n    identity: ${key}\n    roles: [${roles}]\n`;
    writeFileSync(
      file,
      `name: real-hosts\nextends: ${resolve('profiles/sandbox.yaml')}\nhosts:\n${host('landsraad', ports.landsraad, 'app')}${host('mentat', ports.mentat, 'observability')}`,
    );
    return file;
  }
  const env = () => {
    const home = join(world.home, 'operator-home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    return { CHOM_CONSOLE_SANDBOX: '1', HOME: home };
  };

  it('refuses an unknown host key with its SHA256 fingerprint and how to trust it', async () => {
    const { landsraad, mentat } = world.sandbox.hosts;
    const profile = realHostProfile({ landsraad: landsraad!.port, mentat: mentat!.port });
    const run = await world.cli(['verify', '--plain', '--profile', profile], { env: env() });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot connect to landsraad (127.0.0.1:${landsraad!.port})`);
    expect(run.stderr).toContain(`presented: ssh-ed25519 ${landsraad!.fingerprint}`);
    expect(run.stderr).toContain(`hosts.landsraad.fingerprint: ${landsraad!.fingerprint}`);
    expect(run.stderr).toMatch(/ssh-keyscan -p \d+ 127\.0\.0\.1 >> ~\/\.ssh\/known_hosts/);
    expect(run.stdout).toBe('');
  });

  it("refuses a jump host's unknown key naming the jump host, with known_hosts as the only way to trust it", async () => {
    const { landsraad, mentat } = world.sandbox.hosts;
    const file = realHostProfile({ landsraad: landsraad!.port, mentat: mentat!.port });
    // landsraad pinned (trusted), reached through mentat as its jump host, whose key nobody knows
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '    roles: [app]\n',
        `    roles: [app]\n    fingerprint: '${landsraad!.fingerprint}'\n    proxy_jump: 'deploy@127.0.0.1:${mentat!.port}'\n`,
      ),
    );
    const run = await world.cli(['verify', '--plain', '--profile', file], { env: env() });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `cannot connect to landsraad (127.0.0.1:${landsraad!.port}) through jump host 127.0.0.1 ([127.0.0.1]:${mentat!.port}): the jump host's key is not known`,
    );
    expect(run.stderr).toContain(`presented: ssh-ed25519 ${mentat!.fingerprint}`);
    expect(run.stderr).toContain(`ssh-keyscan -p ${mentat!.port} 127.0.0.1 >> ~/.ssh/known_hosts`);
    expect(run.stderr).not.toContain('hosts.landsraad.fingerprint');
  });

  it('says which host and address cannot be reached', async () => {
    const closed = await freePort();
    const profile = realHostProfile({ landsraad: closed, mentat: closed });
    const run = await world.cli(['verify', '--plain', '--profile', profile], { env: env() });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(`cannot connect to landsraad \\(127\\.0\\.0\\.1:${closed}\\): .*unreachable`),
    );
    expect(run.stderr).toMatch(new RegExp(`cannot connect to mentat \\(127\\.0\\.0\\.1:${closed}\\)`));
  });
});

// Production's SMTP form reads the stored settings (forms.smtp.live), so a password left out of the input is a
// run-time question: kept when one is stored, else the form cannot be answered. The sandbox's form has a public
// demo password as its default; this profile drops that default, as production has none. Last in the file: the
// run connects and journals.
describe('a secret with no source and none stored', () => {
  it('stops at the form before the lock, naming the password, and changes nothing', async () => {
    const sandbox = parse(readFileSync(resolve('profiles/sandbox.yaml'), 'utf8')) as {
      forms: { smtp: { fields: { id: string; default?: unknown }[] } };
    };
    // a mapping merges key by key (the live sources stay inherited); the fields list is replaced whole
    const form = { fields: sandbox.forms.smtp.fields };
    for (const field of form.fields) if (field.id === 'password') delete field.default;
    const file = join(world.home, 'no-demo-password.yaml');
    writeFileSync(
      file,
      `extends: sandbox\nname: no-demo-password\nforms:\n  smtp: ${JSON.stringify(form)}\n`,
    );
    const run = await world.inProcess([
      'deploy',
      '--plain',
      '--yes',
      '--profile',
      file,
      '--values',
      valuesFile,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs the secret "SMTP password".*--password-stdin or in the environment/);
    expect(run.stderr).toMatch(/none is stored to keep \(smtp\.stored on mentat/);
    expect(run.stdout + run.stderr).not.toContain('sandbox-smtp-demo');
    expect(readlinkSync(join(appBase(), 'current'))).toMatch(liveSeed);
    expect(existsSync(lockDir())).toBe(false);
  });
});
