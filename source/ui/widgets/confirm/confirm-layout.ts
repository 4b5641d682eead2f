// The confirmation dialog laid out row by row, without React: every text wrapped by words to the exact
// width it gets, and the body (host, what it does, changes, undo, what Cancel does, the exact command) cut to
// the rows the screen can give with a marker saying how much more there is and which key shows it. The dialog renders
// these rows one Text each and the run screen sizes itself from the same numbers, so a dialog can never be
// taller than its box (Yoga then shrank rows to nothing and drew wrapped lines over each other).
import { sanitizeLine, wrapWords } from '../../../lib/terminal-text.js';

/** Width of the label column (`Command  `). */
export const labelWidth = 9;

/** The texts a confirmation shows (already rendered and redacted). */
export type ConfirmTexts = {
  title: string;
  /** `host as user` or what stands in for it. */
  who: string;
  /** One line: what the action does (omitted when the command says it all). */
  summary?: string;
  command?: string;
  changes?: string;
  undo?: string;
  /** What Cancel does at this gate (before the command: a long command would push it out of view). */
  cancel?: string;
};

/** One body row: the label on a field's first row, blank on its continuation rows. */
export type BodyRow = { label: string; text: string };

/** Text wrapped by words, each of its own lines on new rows. */
export function wrapText(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => wrapWords(sanitizeLine(line), width));
}

/** Every body row of the dialog at `width` (the dialog's outer width). */
export function bodyRows(texts: ConfirmTexts, width: number): BodyRow[] {
  const valueWidth = Math.max(10, width - 4 - labelWidth);
  const field = (label: string, text: string | undefined): BodyRow[] =>
    text === undefined || text === ''
      ? []
      : wrapText(text, valueWidth).map((row, index) => ({ label: index === 0 ? label : '', text: row }));
  return [
    ...field('Host', texts.who),
    ...field('Does', texts.summary),
    ...field('Changes', texts.changes),
    ...field('Undo', texts.undo),
    ...field('Cancel', texts.cancel),
    ...field('Command', texts.command),
  ];
}

/** Rows of the title at `width`. */
export function titleRows(title: string, width: number): string[] {
  return wrapText(title, Math.max(10, width - 4));
}

/** What part of the body is shown: rows from `offset`, `visible` of them, and what the marker says. */
export type BodyWindow = { offset: number; visible: number; total: number; marker: string | null };

/**
 * The body window for `bodyHeight` rows (marker included) at scroll `offset`: when the body does not fit,
 * the last row becomes the marker (`↓ 13 more rows · ↑↓ PgUp PgDn scroll`).
 */
export function bodyWindow(total: number, bodyHeight: number, offset: number): BodyWindow {
  const height = Math.max(2, bodyHeight);
  if (total <= height) return { offset: 0, visible: total, total, marker: null };
  const visible = height - 1;
  const first = Math.max(0, Math.min(offset, total - visible));
  const below = total - first - visible;
  const parts = [
    ...(first > 0 ? [`↑ ${first} above`] : []),
    ...(below > 0 ? [`↓ ${below} more row${below === 1 ? '' : 's'}`] : []),
    '↑↓ PgUp PgDn scroll',
  ];
  return { offset: first, visible, total, marker: parts.join(' · ') };
}

/** Rows around the body: borders, title, the typed name and its status, buttons with their margin, hints. */
export function chromeRows(texts: ConfirmTexts, width: number, typing: boolean): number {
  return 2 + titleRows(texts.title, width).length + (typing ? 2 : 0) + 2 + 1;
}

/** Rows the whole dialog wants to show everything. */
export function confirmHeight(texts: ConfirmTexts, width: number, typing: boolean): number {
  return chromeRows(texts, width, typing) + bodyRows(texts, width).length;
}
