// Keys as a terminal sends them, into the real CLI in a real terminal: `chom-console deploy --from phase3`
// on a fresh sandbox opens the SMTP form, and each burst below goes in ONE write (key repeat, a fast typist
// over ssh, a paste), an arrow key's escape sequence is cut across two writes, a password is pasted in
// bracketed paste mode. Every assertion reads the field's value off the screen (secrets revealed with
// Ctrl-R); the screens are saved under artifacts/e2e/tui-keys/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, type PtyTerminal } from '../helpers/pty-terminal.js';

let home: string;
let term: PtyTerminal;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'chom-tui-keys-'));
  term = spawnCli(['deploy', '--from', 'phase3'], {
    env: { CHOM_CONSOLE_HOME: home },
    name: 'tui-keys',
    waitMs: 60_000,
  });
  await term.waitForText('❯ SMTP host', 120_000);
  term.save('smtp-form');
});
afterAll(async () => {
  term?.kill();
  await term?.exited;
  rmSync(home, { recursive: true, force: true });
});

const ctrl = (letter: string): string => String.fromCharCode(letter.charCodeAt(0) - 96);
const paste = (text: string): string => `\x1b[200~${text}\x1b[201~`;

/** Waits until the focused field (❯ label) shows exactly `shown`, the cursor ▏ included. */
async function focusedShows(label: string, shown: string): Promise<string> {
  const row = (screen: string) => screen.split('\n').find((line) => line.includes(`❯ ${label} `)) ?? '';
  return term.waitFor(
    (screen) => {
      const line = row(screen);
      const value = line.slice(line.indexOf(label) + label.length).trimStart();
      return value.startsWith(`${shown} `) || value.startsWith(`${shown}│`);
    },
    `❯ ${label} showing ${JSON.stringify(shown)}`,
  );
}

/** Moves the focus down to `label`, one key at a time, each seen on the screen. */
async function focus(label: string): Promise<void> {
  while (!term.screen().includes(`❯ ${label} `)) {
    const before = term.screen();
    term.write('\x1b[B');
    await term.waitFor((screen) => screen !== before, 'the focus moving');
  }
}

describe('the SMTP form takes keys as a terminal sends them', () => {
  it('enables bracketed paste mode with the screen', () => {
    expect(term.output()).toContain('\x1b[?2004h');
  });

  it('abc and three Backspaces in one write leave the value as it was (no ␡)', async () => {
    // The host field holds the sandbox relay's address, 127.0.0.1, with the cursor at its end.
    await focusedShows('SMTP host', '127.0.0.1▏');
    term.write('abc\x7f\x7f\x7f.lan');
    const screen = await focusedShows('SMTP host', '127.0.0.1.lan▏');
    expect(screen).not.toContain('␡');
    term.save('burst-backspaces');
  });

  it('a Tab inside a burst moves on, and the rest of the burst edits the next field', async () => {
    term.write(`${ctrl('u')}relay.test\t${ctrl('u')}2525`);
    const screen = await focusedShows('SMTP port', '2525▏');
    expect(screen).toMatch(/ SMTP host +relay\.test /);
    term.save('burst-tab');
  });

  it('joins an arrow key whose escape sequence is cut across two writes', async () => {
    await focus('SMTP username');
    term.write(`${ctrl('e')}x\x1b[`);
    // Once the x shows, the first write has been read: the arrow's last byte comes in a second read.
    await focusedShows('SMTP username', 'alerts@sandbox.testx▏');
    term.write('Dy');
    await focusedShows('SMTP username', 'alerts@sandbox.testy▏x');
    term.write(`\x1b[3~${ctrl('a')}${ctrl('k')}ops`);
    await focusedShows('SMTP username', 'ops▏');
    term.save('split-arrow');
  });

  it('a password typed with a burst of Backspaces holds no DEL', async () => {
    await focus('SMTP password');
    term.write(`${ctrl('u')}hunter22\x7f\x7f2`);
    await focusedShows('SMTP password', `${'•'.repeat(7)}▏`);
    term.write(ctrl('r'));
    await focusedShows('SMTP password', 'hunter2▏');
    term.write(ctrl('r'));
    await focusedShows('SMTP password', `${'•'.repeat(7)}▏`);
  });

  it('a bracketed paste of a password with quotes and a newline is the password; it never submits', async () => {
    const password = `p'a"ss w0rd$(x)`;
    term.write(`${ctrl('u')}${paste(`${password}\r`)}`);
    await focusedShows('SMTP password', `${'•'.repeat(password.length)}▏`);
    term.write(ctrl('r'));
    const shown = await focusedShows('SMTP password', `${password}▏`);
    expect(shown).toContain('Waiting for you: Enter the SMTP settings');
    term.save('pasted-password');
    term.write(ctrl('r'));
    await focusedShows('SMTP password', `${'•'.repeat(password.length)}▏`);
    // Enter submits the valid values: the next step asks for its confirmation.
    term.write('\r');
    await term.waitForText('Confirm: Store the SMTP settings in system_settings');
    term.save('submitted');
  });

  it('turns bracketed paste mode off again on the way out', async () => {
    term.kill('SIGTERM');
    await term.exited;
    const output = term.output();
    expect(output.lastIndexOf('\x1b[?2004l')).toBeGreaterThan(output.lastIndexOf('\x1b[?2004h'));
    expect(term.alternate()).toBe(false);
  });
});
