// A new operator's path through the console, end to end (issue 13, "Done when"): the real CLI in a real
// pseudo-terminal at 80×24 (CI=false, keys written as a terminal sends them), both sandbox hosts served by
// real OpenSSH sshd. home → d → the pre-flight → Enter → the SMTP form typed with bursts, cursor edits and a
// bracketed paste → the migrate confirmation → Cancel → the leave dialog → go back → every confirmation read
// in full (its texts, rendered as the engine renders the profile's, recoverable word for word from its
// pages) → checklist 17/17 → the finished deploy's screen → the run reopened from history → R → the picker →
// the confirmation naming the release chosen → rollback done → q. The hosts' files are read at each key
// point, and every screen is saved (ANSI stripped, numbered, named by moment) under
// artifacts/e2e/operator-walk/.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalDir, readJournal } from '../../source/engine/run/journal.js';
import type { RunEvent } from '../../source/engine/run/events.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { repoRoot, spawnCli, type PtyTerminal } from '../helpers/pty-terminal.js';
import {
  sandboxSshdUnavailableReason,
  sshdProfile,
  startSandboxSshd,
  type SandboxSshd,
} from '../helpers/sandbox-sshd.js';
import { filesHolding } from '../helpers/secret-scan.js';
import { waitFor } from '../helpers/ssh-process.js';
import { expectFrameFits, expectRecoverable } from '../ui/support/frame-integrity.js';
import { confirmationTexts, dialogRows, focusedValue, readInFull, stepOf } from './operator-walk-screens.js';
import { seedRelease } from './tui-deploy-keys.js';
import { startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

const unavailable = sandboxSshdUnavailableReason();
if (unavailable) console.warn(`SKIPPED the operator's walk over real sshd: ${unavailable}`);

const columns = 80;
const rows = 24;
/** The widest a word can be in a confirmation's value column at 80 columns (longer ones are cut). */
const valueWidth = columns - 4 - 9;
const artifacts = join(repoRoot, 'artifacts', 'e2e', 'operator-walk');
const ctrl = (letter: string): string => String.fromCharCode(letter.charCodeAt(0) - 96);
const paste = (text: string): string => `\x1b[200~${text}\x1b[201~`;
const password = `walk "pw" 's3cret' ${process.pid}`;
const keys = { home: '\x1b[H', end: '\x1b[F', left: '\x1b[D', down: '\x1b[B', esc: '\x1b' } as const;

describe.skipIf(unavailable !== undefined)("a new operator's walk at 80×24 over real sshd", () => {
  /** The world (no embedded SSH server), the sshd serving its hosts, and the profile naming them. */
  let setup: {
    world: HeadlessWorld;
    sshd: SandboxSshd;
    vars: Record<string, string>;
    profilePath: string;
    env: Record<string, string>;
  };
  let term: PtyTerminal;
  let profile: LoadedProfile;
  const app = (path: string) => join(setup.world.root('landsraad'), 'var/www/chom', path);
  const current = () => readlinkSync(app('current')).split('/').pop()!;
  /** landsraad's system_settings (its JSON "PostgreSQL"): null before the migration creates the table. */
  const settings = () =>
    (
      JSON.parse(
        readFileSync(join(setup.world.root('landsraad'), 'var/lib/postgresql/chom.json'), 'utf8'),
      ) as {
        system_settings: { key: string; value: string }[] | null;
      }
    ).system_settings;
  const setting = (key: string) => settings()?.find((row) => row.key === key)?.value;
  const alertmanagerYml = () =>
    readFileSync(join(setup.world.root('mentat'), 'etc/observability/alertmanager/alertmanager.yml'), 'utf8');
  /** The journal of the newest run of `mode`, read now. */
  const journal = (mode: 'deploy' | 'rollback'): RunEvent[] => {
    const dir = journalDir(setup.world.home);
    const runs = readdirSync(dir)
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => readJournal(join(dir, name)))
      .filter((events) => events.some((e) => e.type === 'run-started' && e.mode === mode));
    expect(runs.length, `a ${mode} journal in ${dir}`).toBeGreaterThan(0);
    return runs.sort((a, b) => (a[0]!.at < b[0]!.at ? -1 : 1)).at(-1)!;
  };
  let releaseBuilt = '';

  beforeAll(async () => {
    rmSync(artifacts, { recursive: true, force: true });
    console.log(`operator walk: screens saved under ${artifacts}`);
    // as tui-deploy-sshd.test.ts: only the sshd processes serve the hosts' roots
    const world = await startHeadlessWorld('chom-walk-', { sshd: false });
    expect(world.sandbox.hosts).toEqual({});
    const vars = world.sandbox.runtimeVars;
    // Not the sandbox's public demo password (home shows that one): a secret of this walk, quotes and a space
    // included, that the relay alone knows and the operator pastes.
    world.sandbox.mail.setCredentials({ user: vars['sandbox_smtp_user']!, password });
    const sshd = await startSandboxSshd(world.home);
    const served = sshdProfile(world.home, sshd);
    setup = {
      world,
      sshd,
      vars,
      profilePath: served.profile,
      env: { CHOM_CONSOLE_HOME: world.home, ...served.env },
    };
    const loaded = loadProfile(setup.profilePath, {
      profilesDir: join(repoRoot, 'profiles'),
      runtimeVars: Object.keys(setup.vars),
    });
    if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
    profile = loaded.profile;
    term = spawnCli(['--profile', setup.profilePath], {
      env: setup.env,
      cols: columns,
      rows,
      name: 'operator-walk',
      waitMs: 60_000,
    });
  }, 120_000);
  afterAll(async () => {
    term?.kill();
    if (term) await term.exited;
    await setup?.sshd.stop();
    await setup?.world.close();
  });

  /** Saves the screen as the moment `stage`, after checking it fits 80×24 with no template left. */
  const save = (stage: string): string => {
    expectFrameFits(term.screen(), columns, rows, stage);
    return term.save(stage);
  };

  /** Waits until the focused field shows exactly `shown` (the cursor ▏ included). */
  const fieldShows = (label: string, shown: string): Promise<string> =>
    term.waitFor(
      (screen) => focusedValue(screen, label) === shown,
      `❯ ${label} showing ${JSON.stringify(shown)}`,
    );

  /** Reads the open confirmation of `stepId` in full and checks every text it must show is on its pages. */
  const readConfirmation = async (stepId: string, stage: string, occurrence = 1): Promise<string[]> => {
    const title = stepOf(profile, stepId).title;
    await term.waitFor(
      (now) => dialogRows(now).some((row) => row.includes('Confirm:')) && /Cancel\s+.*Confirm/.test(now),
      `the ${stepId} confirmation`,
    );
    expect(term.screen()).toContain(title.split(' ').slice(0, 2).join(' '));
    const pages = await readInFull(term, stage);
    for (const page of pages) expectFrameFits(page, columns, rows, stage);
    const texts = confirmationTexts({
      profile,
      runtimeVars: setup.vars,
      events: journal('deploy'),
      stepId,
      user: setup.sshd.user,
      occurrence,
    });
    expectRecoverable(texts, pages, valueWidth, stage);
    return pages;
  };

  /** Moves a list's selection down (↓, one key at a time) until the screen matches `selected`. */
  const moveTo = async (selected: RegExp): Promise<void> => {
    for (let moves = 0; !selected.test(term.screen()); moves += 1) {
      expect(moves, `${String(selected)} never selected:\n${term.screen()}`).toBeLessThan(20);
      const before = term.screen();
      term.write(keys.down);
      await term.waitFor((now) => now !== before, 'the selection moving');
    }
  };

  const confirm = async (stepId: string, stage: string): Promise<void> => {
    await readConfirmation(stepId, stage);
    const title = stepOf(profile, stepId).title;
    term.write('y');
    await term.waitFor((now) => !now.includes(`Confirm: ${title}`), `the ${stepId} dialog closing`);
  };

  it('home: both hosts connected through sshd, the seed release live', async () => {
    await term.waitFor(
      (now) => /landsraad .*connected/.test(now) && /mentat .*connected/.test(now),
      'both hosts connected',
    );
    await term.waitForText('Actions');
    const home = await term.waitForText(new RegExp(`Live +landsraad: (release )?${seedRelease} `));
    save('home');
    // the header names the profile and both hosts in full at 80 columns (a --profile path cut them to "la…")
    expect(home.split('\n')[0]).toMatch(/^chom-console · sandbox-sshd +landsraad .* mentat /);
    expect(current()).toBe(seedRelease);
    expect(settings()).toBeNull();
  });

  it('d → the pre-flight → Enter → the SMTP form, typed with bursts, cursor edits and a pasted password', async () => {
    // `d` opens the pre-flight (read-only: what will run, skip or be asked); Enter there starts the deploy
    term.write('d');
    const preflight = await term.waitForText('facts read from the hosts (read-only)');
    save('preflight');
    expect(preflight).toMatch(/Commits to deploy: 3 \(/);
    expect(current()).toBe(seedRelease);
    term.write('\r');
    await fieldShows('SMTP host', '127.0.0.1▏');
    save('smtp-form');
    // three letters and three Backspaces in one read: the value is as it was, no DEL inserted
    term.write('abc\x7f\x7f\x7f');
    await term.waitFor(
      (now) => focusedValue(now, 'SMTP host') === '127.0.0.1▏' && !now.includes('abc'),
      'the burst typed and erased',
    );
    expect(term.screen()).not.toContain('␡');
    // Home, a typo at the start, End, then Ctrl-A and Delete take it out again
    term.write(`${keys.home}x${keys.end}`);
    await fieldShows('SMTP host', 'x127.0.0.1▏');
    term.write(`${ctrl('a')}\x1b[3~`);
    await fieldShows('SMTP host', '▏127.0.0.1');
    term.write(ctrl('e'));
    await fieldShows('SMTP host', '127.0.0.1▏');
    save('smtp-host-edited');
    // a Tab inside a burst moves to the port; the rest of the burst replaces its value
    const port = setup.vars['sandbox_smtp_port']!;
    term.write(`\t${ctrl('u')}99${keys.left}${keys.left}${port}`);
    await fieldShows('SMTP port', `${port}▏99`);
    term.write(`${ctrl('k')}`);
    await fieldShows('SMTP port', `${port}▏`);
    save('smtp-port-burst');
    // the user: a word too many, taken back with Ctrl-W and a Backspace
    const user = setup.vars['sandbox_smtp_user']!;
    term.write(`${keys.down}${ctrl('u')}${user} oops${ctrl('w')}\x7f`);
    await fieldShows('SMTP username', `${user}▏`);
    save('smtp-username');
    // the password pasted (bracketed paste, its line break included): masked, and the paste never submits
    term.write(`${keys.down}${ctrl('u')}${paste(`${password}\n`)}`);
    const pasted = await fieldShows('SMTP password', `${'•'.repeat(password.length)}▏ (C-r show)`);
    expect(pasted).toContain('SMTP settings for CHOM and Alertmanager');
    expect(pasted).not.toContain(password);
    save('smtp-password-pasted');
    term.write(ctrl('t'));
    const accepted = await term.waitForText(/✓ login accepted by/);
    expect(accepted).not.toContain(password);
    // the whole answer, wrapped: nothing of it cut with an ellipsis
    expect(accepted.split('\n').find((line) => line.includes('login accepted'))).not.toContain('…');
    save('smtp-login-accepted');
    term.write('\r');
    await term.waitFor((now) => !now.includes('SMTP settings for CHOM and Alertmanager'), 'the form closing');
  }, 120_000);

  it('n at the migrate confirmation → the leave dialog: the release built, nothing live changed', async () => {
    await readConfirmation('migrate', 'confirm-migrate');
    releaseBuilt = journal('deploy')
      .filter((e) => e.type === 'fact-recorded' && e.name === 'release_id')
      .map((e) => (e.type === 'fact-recorded' ? e.value : ''))[0]!;
    expect(releaseBuilt).toMatch(/^\d{8}_\d{6}$/);
    expect(existsSync(app(`releases/${releaseBuilt}`))).toBe(true);
    term.write('n');
    const leave = await term.waitForText('Cancelled at');
    save('leave-dialog');
    const words = leave.replace(/[│║╭╮╰╯]/g, ' ').replace(/\s+/g, ' ');
    expect(words).toContain(`landsraad: release ${releaseBuilt} built, not live`);
    expect(words).toMatch(/g Go back/);
    expect(words).toMatch(/p Pause/);
    // the status line waits for this answer (it said "Next: <the step after migrate>" before)
    expect(leave).toContain('Waiting for you: cancelled at Run the pending migrations');
    expect(current()).toBe(seedRelease);
  });

  it('g goes back to the migrate confirmation; the deploy carries on, each confirmation read in full', async () => {
    term.write('g');
    await term.waitFor((now) => !now.includes('Cancelled at'), 'the leave dialog closing');
    await confirm('migrate', 'confirm-migrate-again');
    await confirm('switch', 'confirm-switch');
    await waitFor(() => current() === releaseBuilt, 'the new release live on landsraad');
    // the migration made the table; the SMTP values are not stored yet
    expect(setting('mail.username')).toBe('');
    await confirm('store-smtp-settings', 'confirm-store-smtp');
    await waitFor(
      () => setting('mail.username') === setup.vars['sandbox_smtp_user'],
      'the SMTP settings stored on landsraad',
    );
    expect(setting('mail.host')).toBe('127.0.0.1');
    expect(setting('mail.port')).toBe(setup.vars['sandbox_smtp_port']);
    const before = alertmanagerYml();
    await confirm('configure-alertmanager', 'confirm-alertmanager');
    await waitFor(() => alertmanagerYml() !== before, 'alertmanager.yml installed on mentat');
    expect(alertmanagerYml()).toContain(`127.0.0.1:${setup.vars['sandbox_smtp_port']}`);
    await confirm('configure-prometheus', 'confirm-prometheus');
    const checklist = await term.waitForText('17/17 passing', 180_000);
    expect(checklist).toContain('every criterion passes');
    // the profile by its name (its file path took the row at 80 columns)
    expect(checklist).toContain('Success criteria · sandbox-sshd\n');
    // 20 rows of criteria do not fit 24: the screen says how many are below, and which keys show them
    expect(checklist).toMatch(/↓ \d+ more · j\/k move/);
    save('checklist-17-of-17');
    // the test alert went through the relay, logged in with the pasted password
    expect(
      setup.world.sandbox.mail.list().filter((mail) => mail.authUser === setup.vars['sandbox_smtp_user']),
    ).not.toHaveLength(0);
    expect(current()).toBe(releaseBuilt);
  }, 300_000);

  it('Esc: the finished deploy stays on its screen; home; h reopens that deploy from its journal, read-only', async () => {
    const runId = journal('deploy').find((e) => e.type === 'run-started')!;
    const id = runId.type === 'run-started' ? runId.runId : '';
    term.write(keys.esc);
    await term.waitForText('✓ deploy finished');
    save('deploy-finished');
    term.write(keys.esc);
    await term.waitForText('Actions');
    await term.waitForText(new RegExp(`Live +landsraad: (release )?${releaseBuilt} `));
    save('home-after-deploy');
    term.write('h');
    await term.waitForText(/Run history · \d+ runs?/);
    save('history');
    // newest first: the checklist's verify run, then the deploy
    await moveTo(new RegExp(`❯ .*deploy +ok .*${id}`));
    save('history-deploy-selected');
    term.write('\r');
    const reopened = await term.waitForText(`read-only · deploy ${id} · ok`);
    // the run's end in view: its last phase, every step of it done
    const last = profile.phases.at(-1)!;
    expect(reopened).toContain(`${last.title} ${last.steps.length}/${last.steps.length}`);
    expect(reopened).toContain(`✓ ${last.steps.at(-1)!.title.slice(0, 40)}`);
    save('reopened-deploy');
    term.write(keys.esc);
    await term.waitForText(/Run history · \d+ runs?/);
    term.write(keys.esc);
    await term.waitForText('Actions');
  });

  it('R → the picker → the seed release → a confirmation naming it → the app rolled back', async () => {
    term.write('R');
    await term.waitForText(new RegExp(`${seedRelease} `));
    save('rollback-picker');
    await moveTo(new RegExp(`❯ .*${seedRelease}`));
    save('rollback-picker-seed');
    term.write('\r');
    const pages = await readInFull(term, 'confirm-rollback-choice');
    expectRecoverable(
      [
        `Confirm: Roll back the application to ${seedRelease}`,
        // bb283db's two migrations: a rollback leaves them applied, and the dialog says so
        `the live release becomes ${seedRelease}; the 2 migrations added after it stay applied`,
      ],
      pages,
      valueWidth,
      'the rollback choice',
    );
    term.write('y');
    await term.waitFor(
      (now) =>
        dialogRows(now).some((row) => row.includes('Confirm:')) &&
        !now.includes('Roll back the application to'),
      'the switch-back confirmation',
    );
    const back = await readInFull(term, 'confirm-switch-back');
    const texts = confirmationTexts({
      profile,
      runtimeVars: setup.vars,
      events: journal('rollback'),
      stepId: 'switch-back',
      user: setup.sshd.user,
    });
    expectRecoverable(texts, back, valueWidth, 'the switch-back confirmation');
    expect(back.join('\n').replace(/\s+/g, ' ')).toContain(seedRelease);
    term.write('y');
    const finished = await term.waitForText('✓ rollback finished');
    save('rollback-finished');
    // in the order things ran: the lock the rollback took first, then the switch back
    expect(finished.indexOf('✓ Take the deploy lock')).toBeGreaterThan(-1);
    expect(finished.indexOf('✓ Take the deploy lock')).toBeLessThan(
      finished.indexOf('✓ Switch current back'),
    );
    expect(current()).toBe(seedRelease);
  }, 120_000);

  it('q quits with 0, the terminal restored, no process of this console home left', async () => {
    term.write(keys.esc);
    await term.waitForText('Actions');
    term.write('q');
    const { exitCode } = await term.exited;
    expect(exitCode).toBe(0);
    expect(term.alternate()).toBe(false);
    save('after-quit');
    // the SMTP password (pasted, stored, installed on mentat) never reached the terminal
    expect(term.output()).not.toContain(password);
    expect(filesHolding(artifacts, password)).toEqual([]);
    const marker = `CHOM_CONSOLE_HOME=${setup.world.home}\0`;
    const left = () =>
      readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
        .filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker);
          } catch {
            return false;
          }
        });
    await waitFor(
      () => left().length === 0,
      () => `no process with ${marker} (left: ${left().join(' ')})`,
    );
  });
});
