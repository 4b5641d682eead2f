// The console's AppServices against a real sandbox world over SSH: hosts with verified fingerprints, home
// facts from read-only commands, releases and snapshots, the SMTP login test from mentat (right and wrong
// credentials against the relay; STARTTLS and implicit TLS against smtp-server with openssl), log following,
// Markdown export — and the password never on any command line.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleServices, type ConsoleServices } from '../../source/cli/app-services-impl.js';
import { processIo } from '../../source/cli/cli-io.js';
import { headlessGates } from '../../source/engine/run/gates.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { ensureSandbox } from '../../source/sandbox/lifecycle/ensure.js';
import { repoRoot } from '../helpers/pty-terminal.js';
import { sampleProcessLists, startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

let world: HeadlessWorld;
/** The sandbox's generated short hash of the commit the seed names `label`. */
const generated = (label: string): string => {
  const full = world.sandbox.facts.commits[label];
  if (full === undefined) throw new Error(`the sandbox's repository has no commit the seed names ${label}`);
  return full.slice(0, 7);
};
let console_: ConsoleServices;
let vars: Record<string, string>;
const tlsServers: SMTPServer[] = [];

beforeAll(async () => {
  world = await startHeadlessWorld('chom-tui-services-');
  vars = world.sandbox.runtimeVars;
  const loaded = loadProfile('sandbox', { profilesDir: join(repoRoot, 'profiles') });
  if (!loaded.ok) throw new Error('sandbox profile does not load');
  console_ = createConsoleServices({
    ref: 'sandbox',
    profile: loaded.profile,
    home: world.home,
    operator: 'tester',
    io: processIo(),
    sandbox: await ensureSandbox(world.home),
  });
  await console_.ready;
});
afterAll(async () => {
  await console_?.close();
  await Promise.all(
    tlsServers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
  await world?.close();
});

/** smtp-server with STARTTLS (its built-in self-signed certificate) or implicit TLS, on an ephemeral port. */
async function tlsServer(secure: boolean): Promise<number> {
  const server = new SMTPServer({
    secure,
    authMethods: ['PLAIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'tls-user' && auth.password === 'tls-pass')
        callback(null, { user: auth.username });
      else callback(new Error('535 5.7.8 bad credentials'));
    },
  });
  tlsServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.server.address() as { port: number }).port;
}

describe('AppServices over the sandbox world', () => {
  it('hosts(): both connected through the embedded trust, with SHA256 fingerprints', async () => {
    const hosts = await console_.services.hosts();
    expect(hosts.map((host) => [host.name, host.connected, host.trust])).toEqual([
      ['landsraad', true, 'embedded'],
      ['mentat', true, 'embedded'],
    ]);
    for (const host of hosts) expect(host.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('homeFacts(): the seed release and commit, SMTP commented out, the lock free', async () => {
    expect(await console_.services.homeFacts()).toEqual({
      liveRelease: '20260106_132320',
      // the generated commit with the name the seed's report, the README and the runbook use (issue 14, item 7)
      liveCommit: `${generated('7f572d2')} (7f572d2 in the report)`,
      smtp: 'not configured (SMTP lines commented out)',
      lock: { kind: 'free' },
    });
  });

  it('homeFacts(): a lock held by another console is shown with its owner and stale after stale_after', async () => {
    const lock = join(world.root('landsraad'), 'var/www/chom/.chom-console.lock');
    const old = Math.floor(Date.now() / 1000) - 600;
    await world.on(
      'landsraad',
      `mkdir '${lock}' && printf 'owner=leto\\nhost=elsewhere\\npid=1\\nstarted=${old}\\nheartbeat=${old}\\n' > '${lock}/info'`,
    );
    const facts = await console_.services.homeFacts();
    await world.on('landsraad', `rm -r '${lock}'`);
    expect(facts.lock).toMatchObject({ kind: 'held', owner: 'leto', stale: true });
    expect(facts.lock.kind === 'held' && facts.lock.ageMs).toBeGreaterThanOrEqual(600_000);
  });

  it('releases(): newest first, the live one marked, migrations added since the older ones', async () => {
    const releases = await console_.services.releases();
    expect(releases.map((release) => release.name)).toEqual([
      '20260106_132320',
      '20260103_120533',
      '20251218_171204',
      '20251205_094501',
      '20251120_150210',
    ]);
    expect(releases[0]).toMatchObject({
      live: true,
      commit: generated('7f572d2'),
      seedName: '7f572d2',
      complete: true,
      migrationsSince: [],
    });
    expect(releases[1]!.migrationsSince).toHaveLength(1);
    expect(releases[1]!.age).toMatch(/^\d+d$/);
  });

  it('a snapshot named before any listing (rollback --to on a terminal) is left to the restore step; a path is refused', () => {
    const gates = {
      confirm: async () => ({ answer: 'no' as const, by: 't' }),
      form: async () => 'cancel' as const,
      failure: async () => 'abort' as const,
    };
    const signal = new AbortController().signal;
    const runner = console_.services.createRun(
      { mode: 'rollback', rollbackTarget: 'observability', rollbackTo: '20260101_000000-x' },
      gates,
      signal,
    );
    expect(typeof runner.run).toBe('function');
    expect(() =>
      console_.services.createRun(
        { mode: 'rollback', rollbackTarget: 'observability', rollbackTo: '../etc' },
        gates,
        signal,
      ),
    ).toThrow(
      // the same words as `rollback --target observability --to ../etc` (engine/run/run-request.ts)
      'rollback --to: "../etc" is not a snapshot name (a directory under obs_snapshots, e.g. 20261127_071500-<run>; the console\'s rollback screen lists them)',
    );
    // an app release is a release name, as headless checks it
    expect(() =>
      console_.services.createRun(
        { mode: 'rollback', rollbackTarget: 'app', rollbackTo: '../etc' },
        gates,
        signal,
      ),
    ).toThrow('rollback --to: "../etc" is not a release name (YYYYmmdd_HHMMSS, as listed under releases/)');
  });

  it('snapshots(): none before phase 1; an observability rollback to a snapshot not listed is refused', async () => {
    expect(await console_.services.snapshots()).toEqual([]);
    const controller = new AbortController();
    expect(() =>
      console_.services.createRun(
        { mode: 'rollback', rollbackTarget: 'observability', rollbackTo: '20260101_000000-x' },
        {
          confirm: async () => ({ answer: 'no', by: 't' }),
          form: async () => 'cancel',
          failure: async () => 'abort',
        },
        controller.signal,
      ),
    ).toThrow(/no observability snapshot 20260101_000000-x on mentat \(found: none\)/);
  });

  it('testSmtp(): the relay accepts the demo credentials and refuses others; the password never reaches argv', async () => {
    const sampler = sampleProcessLists(20);
    const values = {
      host: '127.0.0.1',
      port: vars['sandbox_smtp_port']!,
      username: vars['sandbox_smtp_user']!,
      encryption: 'none',
    };
    const wrong = `not-${vars['sandbox_smtp_password']!}-x`;
    const ok = await console_.services.testSmtp!({ ...values, password: vars['sandbox_smtp_password']! });
    const refused = await console_.services.testSmtp!({ ...values, password: wrong });
    const seen = await sampler.stop();
    expect(ok).toEqual({
      ok: true,
      message: expect.stringMatching(/^login accepted by 127\.0\.0\.1:\d+ \(235 .*no mail was sent$/),
    });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/login refused by .*: 535 .* check the username and password/);
    expect(
      seen.filter((line) => line.includes(wrong) || line.includes(vars['sandbox_smtp_password']!)),
    ).toEqual([]);
    expect(world.sandbox.mail.list()).toEqual([]);
  });

  it('testSmtp(): STARTTLS (tls) and implicit TLS (ssl) through openssl s_client', async () => {
    const starttls = await tlsServer(false);
    const implicit = await tlsServer(true);
    const base = { host: '127.0.0.1', username: 'tls-user' };
    const tls = await console_.services.testSmtp!({
      ...base,
      port: String(starttls),
      password: 'tls-pass',
      encryption: 'tls',
    });
    const ssl = await console_.services.testSmtp!({
      ...base,
      port: String(implicit),
      password: 'tls-pass',
      encryption: 'ssl',
    });
    const bad = await console_.services.testSmtp!({
      ...base,
      port: String(starttls),
      password: 'nope',
      encryption: 'tls',
    });
    expect(tls).toMatchObject({ ok: true });
    expect(ssl).toMatchObject({ ok: true });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/535/);
  });

  it('testSmtp(): a closed port is reported as such', async () => {
    const result = await console_.services.testSmtp!({
      host: '127.0.0.1',
      port: '1',
      username: 'u',
      password: 'p',
      encryption: 'none',
    });
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/^cannot connect to 127\.0\.0\.1:1 from /),
    });
  });

  it('follow(): the app host pane follows laravel.log until aborted', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const following = console_.services.follow!(
      'landsraad',
      (line) => {
        lines.push(line);
        if (lines.length >= 3) controller.abort();
      },
      controller.signal,
    );
    await following.catch(() => undefined);
    expect(lines.some((line) => /production\.(INFO|WARNING|ERROR)/.test(line))).toBe(true);
  });

  it('exportMarkdown(): writes under <home>/exports with mode 0600', async () => {
    const path = await console_.services.exportMarkdown('checklist', '# Checklist\n');
    expect(path.startsWith(join(world.home, 'exports', 'checklist-'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('# Checklist\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("the assessment compares the profile's repository (its `repo` var) by default", async () => {
    const runner = console_.services.createRun(
      { mode: 'assess' },
      headlessGates({ yes: false, operator: 'tester' }),
      new AbortController().signal,
    );
    const summary = await runner.run();
    expect(summary.probes.map((p) => p.id)).toContain('deploy-hub-tree');
    const report = console_.services.assessReport!(summary);
    expect(report).not.toContain('No repository given');
    // the generated HEAD with the seed's name of the commit it stands for (issue 14, item 7)
    expect(report).toMatch(
      /the repository is at [0-9a-f]{7} \(bb283db in the report\): 3 commits and \d+ components NOT YET DEPLOYED/,
    );
    expect(report).toContain('| deploy/deploy-chom-automated.sh | A | absent ❌ |');
  });
});
