// What the operator's walk (operator-walk.test.ts) reads off the terminal: a confirmation read in full
// (scrolled with the dialog's own keys until nothing is left below), the texts that confirmation must show
// as the engine renders them from the profile with the run's values (replayed from the run's journal), and
// the focused form field's value.
import { expect } from 'vitest';
import { confirmShown } from '../../source/engine/run/confirm-shown.js';
import type { RunEvent } from '../../source/engine/run/events.js';
import { builtinFacts, resumeState } from '../../source/engine/run/resume.js';
import { RunScope, type BuiltinName } from '../../source/engine/run/run-scope.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import type { Step } from '../../source/profile/schema.js';
import type { PtyTerminal } from '../helpers/pty-terminal.js';

const pageDown = '\x1b[6~';

/** The rows of the confirmation dialog on `screen` (its double border, ╔ to ╚), or [] when none. */
export function dialogRows(screen: string): string[] {
  const lines = screen.split('\n');
  const top = lines.findIndex((line) => line.includes('╔'));
  const bottom = lines.findIndex((line, index) => index > top && line.includes('╚'));
  return top < 0 || bottom < 0 ? [] : lines.slice(top, bottom + 1);
}

/**
 * Reads the open confirmation from top to bottom: saves the screen, and while the dialog says rows are left
 * below, pages down with PgDn (as an operator would) and saves again. Returns the dialog of every page.
 */
export async function readInFull(term: PtyTerminal, stage: string): Promise<string[]> {
  const pages: string[] = [];
  await term.waitFor((now) => dialogRows(now).length > 0, `${stage}: a confirmation`);
  for (let page = 1; ; page += 1) {
    const rows = dialogRows(term.screen());
    pages.push(rows.join('\n'));
    term.save(`${stage}${page === 1 ? '' : `-page${page}`}`);
    const marker = rows.find((row) => /↓ \d+ more rows?/.test(row));
    if (marker === undefined) return pages;
    expect(page, `${stage}: still more rows after ${page} pages`).toBeLessThan(40);
    const before = rows.join('\n');
    term.write(pageDown);
    await term.waitFor((now) => dialogRows(now).join('\n') !== before, `${stage} scrolled by PgDn`);
  }
}

const allSteps = (profile: LoadedProfile): Step[] => [
  ...profile.phases.flatMap((phase) => phase.steps),
  ...Object.values(profile.rollback).flatMap((target) => target?.steps ?? []),
];

export function stepOf(profile: LoadedProfile, id: string): Step {
  const step = allSteps(profile).find((candidate) => candidate.id === id);
  if (step === undefined) throw new Error(`no step ${id} in ${profile.name}`);
  return step;
}

/**
 * The texts the confirmation of `stepId` shows (GatePanel's choice of them), rendered by the engine's
 * confirmShown with the values the run had when it asked: the runtime vars, the built-ins the runner sets,
 * the form values and facts the journal recorded before the `occurrence`-th confirm-requested of that step.
 */
export function confirmationTexts(options: {
  profile: LoadedProfile;
  runtimeVars: Record<string, string>;
  events: readonly RunEvent[];
  stepId: string;
  user: string;
  occurrence?: number;
}): string[] {
  const { profile, runtimeVars, events, stepId, user } = options;
  const asked = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.type === 'confirm-requested' && event.stepId === stepId);
  const at = asked[(options.occurrence ?? 1) - 1];
  if (at === undefined) throw new Error(`the journal never asked to confirm ${stepId}`);
  const before = events.slice(0, at.index);
  const start = before.find((event) => event.type === 'run-started');
  if (start?.type !== 'run-started') throw new Error('a journal without run-started');
  const scope = new RunScope(profile, runtimeVars);
  scope.setBuiltin('run_id', start.runId);
  scope.setBuiltin('operator', start.operator);
  scope.setBuiltin('profile_dir', profile.dir);
  scope.setBuiltin('rollback_snapshot', '');
  for (const [name, value] of Object.entries(resumeState([...before]).facts)) {
    if ((builtinFacts as readonly string[]).includes(name))
      scope.setBuiltin(name as BuiltinName, String(value));
    else scope.setFact(name, value);
  }
  for (const event of before)
    if (event.type === 'form-submitted' && !event.cancelled) scope.setForm(event.formId, event.values);
  const step = stepOf(profile, stepId);
  const shown = confirmShown(profile, scope, step, profile.stepAction(step), (text) => text);
  const host = at.event.type === 'confirm-requested' ? at.event.host : step.host;
  return [
    `Confirm: ${shown.title}`,
    `${host} as ${user}`,
    ...(step.run === undefined || shown.command === undefined ? [shown.summary] : []),
    ...[shown.changes, shown.undo, shown.command].filter((text): text is string => text !== undefined),
  ];
}

/** The value the focused field `label` shows, cursor ▏ included (up to the first run of two spaces). */
export function focusedValue(screen: string, label: string): string | undefined {
  const line = screen.split('\n').find((row) => row.includes(`❯ ${label} `));
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(label) + label.length)
    .trimStart()
    .split(/ {2}|│/)[0]!
    .trimEnd();
}
