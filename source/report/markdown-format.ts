// Small Markdown helpers shared by the assessment report's sections (pure).
import type { Unreachable } from '../engine/assess/assess-model.js';
import { seedName, type CommitNames } from '../engine/plan/commit-names.js';

/** `code` span; backticks inside are replaced so the span cannot break. */
export const code = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === ''
    ? '_unknown_'
    : `\`${String(value).replaceAll('`', "'")}\``;

/** A commit as a code span, with the seed's name beside it where the sandbox has one: `22f330d` (7f572d2 in the report). */
export function commitCode(hash: string | null | undefined, names: CommitNames): string {
  const name = hash ? seedName(hash, names) : undefined;
  return name === undefined || hash?.startsWith(name) ? code(hash) : `${code(hash)} (${name} in the report)`;
}

/** A value or `unknown`, as plain text. */
export const plain = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? 'unknown' : String(value);

/** ✅ / ❌ / ⚠️ for a yes/no/unknown. */
export const mark = (ok: boolean | null): string => (ok === null ? '⚠️' : ok ? '✅' : '❌');

/** Escapes table cell text. */
export const cell = (value: string): string => value.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A Markdown table from a header row and rows. */
export function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** `2026-01-06T13:23:20Z` → `January 6, 2026 13:23:20 UTC` (the seed's style); other text unchanged. */
export function longDate(iso: string | null): string {
  if (iso === null) return 'unknown';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  if (!m) return iso;
  const month = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    timeZone: 'UTC',
  });
  return `${month} ${Number(m[3])}, ${m[1]} ${m[4]} UTC`;
}

/** A host section that could not be assessed: its title, why, and what to do. */
export function unreachableSection(title: string, unreachable: Unreachable | null): string[] {
  return [
    title,
    '',
    `❌ **Not reachable:** ${unreachable?.message ?? 'unknown reason'}`,
    ...(unreachable?.hint ? [`  - What to do: ${unreachable.hint}`] : []),
    '',
    'Nothing on this host was assessed.',
  ];
}
