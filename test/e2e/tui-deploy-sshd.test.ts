// The guided deploy of tui-deploy.test.ts, keys only in a real terminal, but with both sandbox hosts served by
// REAL OpenSSH sshd (test/helpers/sandbox-sshd.ts) instead of the in-process ssh2 hosts: the world is started
// with `sshd: false` (no embedded server at all), the CLI gets a profile whose hosts are real ones (landsraad
// trusted through ~/.ssh/known_hosts, mentat through a pinned fingerprint) and CHOM_CONSOLE_SANDBOX=1 for the
// world's runtime vars, exactly as headless-sshd.test.ts does. home → d → every phase, each critical step
// confirmed, the SMTP form typed, checklist 17/17; R → the previous release → confirm → the app rolled back and
// the checklist failing exactly the criteria that need the new release; q. The sshd logs prove the console
// logged in through sshd. Every stage's screen is saved under artifacts/e2e/tui-deploy-sshd/.
// Skipped (loudly) without root or sshd.
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { clientKey } from '../../source/sandbox/world/keys.js';
import { hostNames, sandboxPaths, type HostName } from '../../source/sandbox/lifecycle/paths.js';
import { fingerprintOfPublicKeyLine } from '../../source/transport/host-key.js';
import { repoRoot, spawnCli, type PtyTerminal } from '../helpers/pty-terminal.js';
import {
  sandboxSshdUnavailableReason,
  sshdProfile,
  startSandboxSshd,
  type SandboxSshd,
} from '../helpers/sandbox-sshd.js';
import { startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';
import { deployKeys, escapeRegExp, seedRelease } from './tui-deploy-keys.js';

const unavailable = sandboxSshdUnavailableReason();
if (unavailable) console.warn(`SKIPPED terminal deploy over real sshd: ${unavailable}`);

describe.skipIf(unavailable !== undefined)(
  'guided deploy in a terminal over real OpenSSH sshd, keys only',
  () => {
    let world: HeadlessWorld;
    let sshd: SandboxSshd;
    let term: PtyTerminal;
    let profile: LoadedProfile;
    let vars: Record<string, string>;
    let keys: ReturnType<typeof deployKeys>;
    const current = () => readlinkSync(join(world.root('landsraad'), 'var/www/chom/current'));
    const sshdLog = (host: HostName) =>
      readFileSync(join(sandboxPaths(world.home).dir, 'sshd', `${host}.log`), 'utf8');

    beforeAll(async () => {
      const loaded = loadProfile('sandbox', { profilesDir: join(repoRoot, 'profiles') });
      if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
      profile = loaded.profile;
      // No embedded SSH server: only the sshd processes below serve the hosts' roots.
      world = await startHeadlessWorld('chom-tui-sshd-', { sshd: false });
      expect(world.sandbox.hosts).toEqual({});
      vars = world.sandbox.runtimeVars;
      world.sandbox.mail.setCredentials({
        user: vars['sandbox_smtp_user']!,
        password: vars['sandbox_smtp_password']!,
      });
      sshd = await startSandboxSshd(world.home);
      const served = sshdProfile(world.home, sshd);
      const operatorHome = served.operatorHome;
      const profilePath = served.profile;
      term = spawnCli(['--profile', profilePath], {
        env: { CHOM_CONSOLE_HOME: world.home, CHOM_CONSOLE_SANDBOX: '1', HOME: operatorHome },
        name: 'tui-deploy-sshd',
        waitMs: 45_000,
      });
      keys = deployKeys(term, profile);
    });
    afterAll(async () => {
      term?.kill();
      if (term) await term.exited;
      await sshd?.stop();
      await world?.close();
    });

    /** Confirms a critical step's dialog, which names `host` and the user sshd logged in. */
    const confirm = (stepId: string, host: HostName, stage: string): Promise<void> =>
      keys.confirm(stepId, stage, new RegExp(`Host\\s+${host} as ${escapeRegExp(sshd.user)}\\s`));

    it('opens home with both hosts connected through their sshd ports, keys trusted as configured', async () => {
      const home = await term.waitFor(
        (now) => hostNames.every((host) => new RegExp(`${host} .*connected.*SHA256:`).test(now)),
        'both hosts connected',
      );
      await term.waitForText(`release ${seedRelease}`);
      term.save('home');
      const { landsraad, mentat } = sshd.hosts;
      // The address is the sshd's port, the fingerprint the key sshd presented, the trust how the profile says.
      expect(home).toMatch(
        new RegExp(
          `landsraad +127\\.0\\.0\\.1:${landsraad.port} +. connected.* ${escapeRegExp(landsraad.fingerprint)} \\(known-hosts\\)`,
        ),
      );
      expect(home).toMatch(
        new RegExp(
          `mentat +127\\.0\\.0\\.1:${mentat.port} +. connected.* ${escapeRegExp(mentat.fingerprint)} \\(pinned\\)`,
        ),
      );
      expect(home).not.toContain('(embedded)');
      expect(term.alternate()).toBe(true);
      // Each sshd logged the console in with the sandbox client key.
      const client = fingerprintOfPublicKeyLine(
        clientKey(sandboxPaths(world.home).keys).publicKey.split(' ').slice(0, 2).join(' '),
      );
      for (const host of hostNames)
        expect(sshdLog(host)).toMatch(
          new RegExp(
            `Accepted publickey for ${escapeRegExp(sshd.user)} from 127\\.0\\.0\\.1 .*${escapeRegExp(client)}`,
          ),
        );
    });

    it('starts the deploy: the SMTP form comes first (the value pre-flight runs before phase 1)', async () => {
      const preflight = await keys.preflight();
      expect(preflight).toMatch(/Commits to deploy: 3 \(/);
      await term.waitForText('SMTP settings for CHOM and Alertmanager');
      term.save('deploy-started');
    }, 120_000);

    it('types the SMTP form with the relay’s demo credentials, accepted by the login test', async () => {
      await term.waitForText('SMTP settings for CHOM and Alertmanager');
      term.save('smtp-form');
      await keys.field('SMTP port');
      await keys.clear('SMTP port');
      await term.type(vars['sandbox_smtp_port']!);
      await term.waitForText(new RegExp(`SMTP port +${vars['sandbox_smtp_port']}▏`));
      await keys.field('SMTP username');
      const user = vars['sandbox_smtp_user']!;
      await keys.clear('SMTP username');
      await term.type(user);
      await term.waitForText(`SMTP username   ${user}▏`);
      await keys.field('SMTP password');
      const password = vars['sandbox_smtp_password']!;
      await keys.clear('SMTP password');
      await term.type(password);
      await term.waitForText(`SMTP password   ${'•'.repeat(password.length)}▏`);
      await term.press('ctrl-t');
      const accepted = await term.waitForText(/✓ login accepted by 127\.0\.0\.1:\d+ \(235/);
      expect(accepted).not.toContain(password);
      term.save('smtp-test-accepted');
      await term.press('enter');
      await term.waitFor(
        (now) => !now.includes('SMTP settings for CHOM and Alertmanager'),
        'the form closing',
      );
    });

    it('runs phases 1–2 (migrate and switch confirmed), then confirms the SMTP store and both observability configs; the checklist shows 17/17', async () => {
      await confirm('migrate', 'landsraad', 'confirm-migrate');
      await confirm('switch', 'landsraad', 'confirm-switch');
      await confirm('store-smtp-settings', 'landsraad', 'confirm-store-smtp');
      await confirm('configure-alertmanager', 'mentat', 'confirm-alertmanager');
      await confirm('configure-prometheus', 'mentat', 'confirm-prometheus');
      const checklist = await term.waitForText('17/17 passing', 180_000);
      expect(checklist).toContain('every criterion passes');
      expect(checklist).toMatch(/Application 6\/6/);
      term.save('checklist-green');
      expect(current()).toMatch(/(^|\/)releases\/\d{8}_\d{6}$/);
      expect(current()).not.toContain(seedRelease);
      expect(
        world.sandbox.mail.list().filter((m) => m.authUser === vars['sandbox_smtp_user']).length,
      ).toBeGreaterThan(0);
    }, 180_000);

    it('R → the previous release → confirm: the app is rolled back to the seed release', async () => {
      await keys.rollbackApp(new RegExp(`Host\\s+landsraad as ${escapeRegExp(sshd.user)}\\s`));
      expect(current()).toMatch(new RegExp(`(^|/)releases/${seedRelease}$`));
    }, 120_000);

    it('the checklist reports exactly the criteria that need the new release as failing', async () => {
      await keys.checklistAfterRollback();
    }, 180_000);

    it('q quits with the last run’s exit code and leaves the alternate screen; every session went through sshd', async () => {
      await term.press('q');
      const { exitCode } = await term.exited;
      expect(exitCode).toBe(1);
      expect(term.alternate()).toBe(false);
      expect(term.output()).toContain('\x1b[?1049l');
      term.save('after-quit');
      for (const host of hostNames) {
        const log = sshdLog(host);
        expect(log).toMatch(
          new RegExp(`Accepted publickey for ${escapeRegExp(sshd.user)} from 127\\.0\\.0\\.1`),
        );
        expect(log).not.toMatch(/Failed publickey/);
      }
    });
  },
);
