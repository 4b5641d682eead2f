// The guided deploy as an operator drives it, keys only, in a real terminal: home → d → every phase, each
// critical step confirmed in its dialog, the SMTP form typed (a wrong password refused by the relay's
// login test, the right one accepted), the checklist 17/17; then R → the previous release → confirm → the
// app rolled back and the checklist failing exactly the criteria that need the new release; q; the
// terminal is back on the normal screen. Every stage's screen is saved under artifacts/e2e/tui-deploy/.
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';
import { repoRoot, spawnCli, type PtyTerminal } from '../helpers/pty-terminal.js';

const seedRelease = '20260106_132320';
/** After `rollback --target app` only: these need bb283db live (the observability side stays deployed). */
const needNewApp = [
  'app-smtp-config-api',
  'app-observability-health-api',
  'app-smtp-export',
  'int-smtp-api-from-mentat',
];

let world: HeadlessWorld;
let term: PtyTerminal;
let profile: LoadedProfile;
let vars: Record<string, string>;
const title = (id: string): string => {
  const steps = [
    ...profile.phases.flatMap((phase) => phase.steps),
    ...Object.values(profile.rollback).flatMap((rollback) => rollback?.steps ?? []),
  ];
  const step = steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`no step ${id} in the sandbox profile`);
  return step.title;
};
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
});
afterAll(async () => {
  term?.kill();
  await world?.close();
});

/** Waits for a critical step's dialog, saves it, and confirms with y. */
async function confirm(stepId: string, stage: string): Promise<void> {
  const screen = await term.waitFor(
    (now) => now.includes(`Confirm: ${title(stepId)}`) && /Cancel\s+.*Confirm/.test(now),
    `the ${stepId} dialog`,
  );
  expect(screen).toMatch(/Host\s+\S+ as /);
  term.save(stage);
  await term.press('y');
  await term.waitFor((now) => !now.includes(`Confirm: ${title(stepId)}`), `the ${stepId} dialog closing`);
}

/** Moves the form's focus down to the field with this label. */
async function field(label: string): Promise<void> {
  await term.press('down');
  await term.waitForText(`❯ ${label}`);
}

/** Erases `count` characters of the focused field, one key at a time, each seen on the screen. */
async function erase(count: number, label: string, keep = 0): Promise<void> {
  for (let left = count - 1; left >= 0; left -= 1) {
    await term.press('backspace');
    await term.waitFor(
      (now) => new RegExp(`❯ ${label} +[^▏ ]{${left + keep}}▏`).test(now),
      `${label} with ${left + keep} characters`,
    );
  }
}

/** Erases whatever the focused field holds now (a default, or the runtime value the profile fills in). */
async function clear(label: string): Promise<void> {
  const value = new RegExp(`❯ ${label} +([^▏ ]*)▏`).exec(term.screen())?.[1] ?? '';
  await erase([...value].length, label);
}

describe('guided deploy in a terminal, keys only', () => {
  it('opens home on the sandbox: both hosts connected with fingerprints, the seed release live', async () => {
    const home = await term.waitForText(/mentat .*connected.*SHA256:/);
    await term.waitForText(`release ${seedRelease}`);
    expect(home).toMatch(/landsraad .*connected.*SHA256:\S+ \(embedded\)/);
    expect(term.alternate()).toBe(true);
    term.save('home');
  });

  it('runs phases 1–2 and confirms migrate and switch', async () => {
    await term.press('d');
    await term.waitForText(/phase1|Update deployment scripts/);
    term.save('deploy-started');
    await confirm('migrate', 'confirm-migrate');
    await confirm('switch', 'confirm-switch');
  });

  it('types the SMTP form: a wrong password is refused by the relay, the demo one is accepted', async () => {
    await term.waitForText('SMTP settings for CHOM and Alertmanager');
    term.save('smtp-form');
    // Every key is checked on the screen before the next: the form takes keys once its pointer moves.
    await field('SMTP port');
    await clear('SMTP port');
    await term.type(vars['sandbox_smtp_port']!);
    await term.waitForText(new RegExp(`SMTP port +${vars['sandbox_smtp_port']}▏`));
    await field('SMTP username');
    const user = vars['sandbox_smtp_user']!;
    await clear('SMTP username');
    await term.type(user);
    await term.waitForText(`SMTP username   ${user}▏`);
    await field('SMTP password');
    const password = vars['sandbox_smtp_password']!;
    await clear('SMTP password');
    await term.type(`${password}-wrong`);
    await term.waitForText(`SMTP password   ${'•'.repeat(password.length + 6)}▏`);
    await term.press('ctrl-t');
    const refused = await term.waitForText(/✗ login refused by 127\.0\.0\.1:\d+: 535/);
    expect(refused).not.toContain(password);
    term.save('smtp-test-refused');
    await erase('-wrong'.length, 'SMTP password', password.length);
    await term.press('ctrl-t');
    const accepted = await term.waitForText(/✓ login accepted by 127\.0\.0\.1:\d+ \(235/);
    expect(accepted).toContain('no mail was sent');
    expect(accepted).not.toContain(password);
    term.save('smtp-test-accepted');
    await term.press('enter');
    await term.waitFor((now) => !now.includes('SMTP settings for CHOM and Alertmanager'), 'the form closing');
  });

  it('confirms the SMTP store and both observability configs, then shows the checklist 17/17', async () => {
    await confirm('store-smtp-settings', 'confirm-store-smtp');
    await confirm('configure-alertmanager', 'confirm-alertmanager');
    await confirm('configure-prometheus', 'confirm-prometheus');
    const checklist = await term.waitForText('17/17 passing', 180_000);
    expect(checklist).toContain('every criterion passes');
    expect(checklist).toMatch(/Application 6\/6/);
    term.save('checklist-green');
    expect(current()).not.toContain(seedRelease);
    expect(world.sandbox.mail.list().length).toBeGreaterThan(0);
  }, 180_000);

  it('R → the previous release → confirm: the app is rolled back', async () => {
    await term.press('R');
    await term.waitForText(new RegExp(`${seedRelease} .*\\+\\d+ migr`));
    term.save('rollback-picker');
    // newest first: the new release (live), then the seed's
    await term.press('down', 'enter');
    await term.waitForText(`Confirm: Roll back the application to ${seedRelease}`);
    term.save('rollback-choice-confirm');
    await term.press('y');
    await confirm('switch-back', 'confirm-switch-back');
    await term.waitForText('✓ rollback finished');
    term.save('rollback-done');
    expect(current()).toContain(seedRelease);
  });

  it('the checklist reports exactly the criteria that need the new release as failing', async () => {
    await term.press('esc');
    await term.press('esc');
    await term.waitForText('Actions');
    await term.press('v');
    const screen = await term.waitForText(
      `${17 - needNewApp.length}/17 passing · ${needNewApp.length} failing`,
      120_000,
    );
    for (const id of needNewApp) {
      const check = profile.checks.find((candidate) => candidate.id === id);
      expect(screen).toMatch(
        new RegExp(`✗ ${check!.title.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    }
    term.save('checklist-after-rollback');
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
