// The operator's keys through the guided deploy, shared by the terminal deploy tests (embedded hosts and real
// sshd): confirming a critical step's dialog, moving through and clearing form fields, rolling the app back
// from the picker, and the checklist after that rollback. Each waits for the screen before the next key.
import { expect } from 'vitest';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import type { PtyTerminal } from '../helpers/pty-terminal.js';

export const seedRelease = '20260106_132320';

/** After `rollback --target app` only: these need bb283db live (the observability side stays deployed). */
export const needNewApp = [
  'app-smtp-config-api',
  'app-observability-health-api',
  'app-smtp-export',
  'int-smtp-api-from-mentat',
];

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The keys of a deploy in `term`, for the steps of `profile`. */
export function deployKeys(term: PtyTerminal, profile: LoadedProfile) {
  const title = (id: string): string => {
    const steps = [
      ...profile.phases.flatMap((phase) => phase.steps),
      ...Object.values(profile.rollback).flatMap((rollback) => rollback?.steps ?? []),
    ];
    const step = steps.find((candidate) => candidate.id === id);
    if (!step) throw new Error(`no step ${id} in the sandbox profile`);
    return step.title;
  };

  /** Waits for a critical step's dialog, checks its host line, saves it, and confirms with y. */
  async function confirm(stepId: string, stage: string, hostLine: RegExp = /Host\s+\S+ as /): Promise<void> {
    const screen = await term.waitFor(
      (now) => now.includes(`Confirm: ${title(stepId)}`) && /Cancel\s+.*Confirm/.test(now),
      `the ${stepId} dialog`,
    );
    expect(screen).toMatch(hostLine);
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

  /**
   * `d` opens the pre-flight (read-only); once the hosts' facts are read, it is saved as `stage` and Enter
   * starts the deploy. Resolves with the pre-flight's screen.
   */
  async function preflight(stage = 'preflight'): Promise<string> {
    await term.press('d');
    const screen = await term.waitForText('facts read from the hosts (read-only)', 60_000);
    term.save(stage);
    await term.press('enter');
    return screen;
  }

  /** R → the previous release → confirm, then the switch-back dialog: waits for the finished rollback. */
  async function rollbackApp(switchBackHost?: RegExp): Promise<void> {
    await term.press('R');
    await term.waitForText(new RegExp(`${seedRelease} .*\\+\\d+ migr`));
    term.save('rollback-picker');
    // newest first: the new release (live), then the seed's
    await term.press('down', 'enter');
    await term.waitForText(`Confirm: Roll back the application to ${seedRelease}`);
    term.save('rollback-choice-confirm');
    await term.press('y');
    await confirm('switch-back', 'confirm-switch-back', switchBackHost);
    await term.waitForText('✓ rollback finished');
    term.save('rollback-done');
  }

  /** Back home, `v`: the checklist fails exactly the criteria that need the new release. */
  async function checklistAfterRollback(): Promise<void> {
    await term.press('esc');
    // two Escs in one read are one Esc to Ink's input parser: send the second once the first has been taken
    await term.waitFor((screen) => !screen.includes('✓ rollback finished'), 'the screen under the rollback');
    await term.press('esc');
    // the finished deploy's screen stays under its checklist (it can be seen again); one more Esc leads home
    await term.waitForText('✓ deploy finished');
    await term.press('esc');
    await term.waitForText('Actions');
    await term.press('v');
    const screen = await term.waitForText(
      `${17 - needNewApp.length}/17 passing · ${needNewApp.length} failing`,
      120_000,
    );
    expect(screen.split('\n').filter((line) => /✗ /.test(line))).toHaveLength(needNewApp.length);
    for (const id of needNewApp) {
      const check = profile.checks.find((candidate) => candidate.id === id);
      expect(screen).toMatch(new RegExp(`✗ ${escapeRegExp(check!.title.slice(0, 30))}`));
    }
    term.save('checklist-after-rollback');
  }

  return { confirm, field, erase, clear, preflight, rollbackApp, checklistAfterRollback };
}
