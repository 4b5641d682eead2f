// The guided deploy as an operator drives it, keys only, in a real terminal: home → d → every phase, each
// critical step confirmed in its dialog, the SMTP form typed (a wrong password refused by the relay's
// login test, the right one accepted), the checklist 17/17; then R → the previous release → confirm → the
// app rolled back and the checklist failing exactly the criteria that need the new release; q; the
// terminal is back on the normal screen. Every stage's screen is saved under artifacts/e2e/tui-deploy/.
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalDir } from '../../source/engine/run/journal.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';
import { repoRoot, spawnCli, type PtyTerminal } from '../helpers/pty-terminal.js';
import { deployKeys, seedRelease } from './tui-deploy-keys.js';

let world: HeadlessWorld;
let term: PtyTerminal;
let profile: LoadedProfile;
let vars: Record<string, string>;
let keys: ReturnType<typeof deployKeys>;
const current = () => readlinkSync(join(world.root('landsraad'), 'var/www/chom/current'));

beforeAll(async () => {
  const loaded = loadProfile('sandbox', { profilesDir: join(repoRoot, 'profiles') });
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
  profile = loaded.profile;
  world = await startHeadlessWorld('chom-tui-deploy-');
  vars = world.sandbox.runtimeVars;
  // The relay accepts exactly the demo credentials the sandbox publishes as runtime vars.
  world.sandbox.mail.setCredentials({
    user: vars['sandbox_smtp_user']!,
    password: vars['sandbox_smtp_password']!,
  });
  term = spawnCli([], { env: { CHOM_CONSOLE_HOME: world.home }, name: 'tui-deploy', waitMs: 45_000 });
  keys = deployKeys(term, profile);
});
afterAll(async () => {
  term?.kill();
  await world?.close();
});

describe('guided deploy in a terminal, keys only', () => {
  it('opens home on the sandbox: both hosts connected with fingerprints, the seed release live', async () => {
    const home = await term.waitForText(/mentat .*connected.*SHA256:/);
    await term.waitForText(`release ${seedRelease}`);
    expect(home).toMatch(/landsraad .*connected.*SHA256:\S+ \(embedded\)/);
    expect(term.alternate()).toBe(true);
    term.save('home');
  });

  it('d opens the pre-flight from the hosts (read-only); Esc goes home with nothing changed', async () => {
    await term.press('d');
    const screen = await term.waitForText('facts read from the hosts (read-only)', 60_000);
    term.save('preflight');
    expect(screen).toMatch(/Pre-flight: deploy on sandbox \(sandbox\)/);
    expect(screen).toMatch(/landsraad: embedded sandbox/);
    expect(screen).toMatch(/Commits to deploy: 3 \([0-9a-f]{7}\.\.[0-9a-f]{7}\)/);
    expect(screen).toMatch(/Pending migrations: 2/);
    await term.press('esc');
    await term.waitForText('Actions');
    expect(existsSync(join(world.root('landsraad'), 'var/www/chom/.chom-console.lock'))).toBe(false);
    expect(existsSync(journalDir(world.home)) ? readdirSync(journalDir(world.home)) : []).toEqual([]);
    expect(current()).toContain(seedRelease);
  });

  it('starts the deploy: the SMTP form comes first (the value pre-flight runs before phase 1)', async () => {
    await keys.preflight('preflight-then-enter');
    await term.waitForText('SMTP settings for CHOM and Alertmanager');
    term.save('deploy-started');
    expect(current()).toContain(seedRelease);
  });

  it('types the SMTP form: a wrong password is refused by the relay, the demo one is accepted', async () => {
    await term.waitForText('SMTP settings for CHOM and Alertmanager');
    term.save('smtp-form');
    // Every key is checked on the screen before the next: the form takes keys once its pointer moves.
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
    await term.type(`${password}-wrong`);
    await term.waitForText(`SMTP password   ${'•'.repeat(password.length + 6)}▏`);
    await term.press('ctrl-t');
    const refused = await term.waitForText(/✗ login refused by 127\.0\.0\.1:\d+: 535/);
    expect(refused).not.toContain(password);
    term.save('smtp-test-refused');
    await keys.erase('-wrong'.length, 'SMTP password', password.length);
    await term.press('ctrl-t');
    const accepted = await term.waitForText(/✓ login accepted by 127\.0\.0\.1:\d+ \(235/);
    expect(accepted).toContain('no mail was sent');
    expect(accepted).not.toContain(password);
    term.save('smtp-test-accepted');
    await term.press('enter');
    await term.waitFor((now) => !now.includes('SMTP settings for CHOM and Alertmanager'), 'the form closing');
  });

  it('runs phases 1–2 (migrate and switch confirmed), then confirms the SMTP store and both observability configs; the checklist shows 17/17', async () => {
    await keys.confirm('migrate', 'confirm-migrate');
    await keys.confirm('switch', 'confirm-switch');
    await keys.confirm('store-smtp-settings', 'confirm-store-smtp');
    await keys.confirm('configure-alertmanager', 'confirm-alertmanager');
    await keys.confirm('configure-prometheus', 'confirm-prometheus');
    const checklist = await term.waitForText('17/17 passing', 180_000);
    expect(checklist).toContain('every criterion passes');
    expect(checklist).toMatch(/Application 6\/6/);
    term.save('checklist-green');
    expect(current()).not.toContain(seedRelease);
    expect(world.sandbox.mail.list().length).toBeGreaterThan(0);
  }, 180_000);

  it('R → the previous release → confirm: the app is rolled back', async () => {
    await keys.rollbackApp();
    expect(current()).toContain(seedRelease);
  });

  it('the checklist reports exactly the criteria that need the new release as failing', async () => {
    await keys.checklistAfterRollback();
  }, 180_000);

  it('q quits with the last run’s exit code and leaves the alternate screen', async () => {
    await term.press('q');
    const { exitCode } = await term.exited;
    expect(exitCode).toBe(1);
    expect(term.alternate()).toBe(false);
    expect(term.output()).toContain('\x1b[?1049l');
    term.save('after-quit');
  });
});
