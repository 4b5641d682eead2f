// The success-criteria checklist as rows, without React: group headers, criteria, the selected
// criterion's details, and the "N/17 passing" summary.
import { displayWidth, sanitizeLine, wrapToWidth } from '../../../lib/terminal-text.js';

/** A criterion's live state. */
export type CriterionState = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

/** One success criterion as the checklist shows it. */
export type ChecklistItem = {
  id: string;
  group: 'Application' | 'Observability' | 'Integration';
  title: string;
  state: CriterionState;
  /** What a failure means for the operator (the profile's `explain`). */
  explain?: string;
  /** Redacted evidence: the failing output, status code, or expectation that did not hold. */
  detail?: string;
  /** A failure's last output lines (redacted), shown under the explanation. */
  output?: readonly string[];
  /** The step that repairs this criterion (the profile's `fix:`), which `f` runs behind its usual gate. */
  fix?: { stepId: string; title: string };
  durationMs?: number;
};

/** What the details of a criterion say: a failure's meaning and evidence, a pass's evidence only. */
function detailTexts(item: ChecklistItem): string[] {
  switch (item.state) {
    case 'passed':
      return [`passes: ${item.detail ?? item.title}`];
    case 'failed': {
      const output = item.output ?? [];
      return [
        item.explain ?? '',
        `seen: ${item.detail ?? 'no output captured'}`,
        item.fix ? `f runs the fix: ${item.fix.title} (step ${item.fix.stepId})` : '',
        ...(output.length > 0 ? ['last output:', ...output.map((line) => `  ${line}`)] : []),
      ].filter((text) => text !== '');
    }
    case 'skipped':
      return [`skipped${item.detail ? `: ${item.detail}` : ''}`];
    case 'pending':
    case 'running':
      return [`not checked yet · a failure would mean: ${item.explain ?? item.title}`];
    default: {
      const unknown: never = item.state;
      return [String(unknown)];
    }
  }
}

/** A row of the checklist view. */
export type ChecklistRow =
  | { kind: 'group'; title: string; passing: number; total: number }
  | { kind: 'item'; item: ChecklistItem; index: number; selected: boolean }
  | { kind: 'detail'; text: string; index: number };

const checkGroups = ['Application', 'Observability', 'Integration'] as const;

/** Rows in group order; details of the selected item when expanded, wrapped to `width`, at most `maxDetail`. */
export function checklistRows(
  items: readonly ChecklistItem[],
  selected: number,
  expanded: boolean,
  width: number,
  maxDetail = 8,
): ChecklistRow[] {
  const ordered = orderedItems(items);
  const rows: ChecklistRow[] = [];
  for (const group of checkGroups) {
    const members = ordered.filter((item) => item.group === group);
    if (members.length === 0) continue;
    const passing = members.filter((item) => item.state === 'passed').length;
    rows.push({ kind: 'group', title: group, passing, total: members.length });
    for (const item of members) {
      const index = ordered.indexOf(item);
      rows.push({ kind: 'item', item, index, selected: index === selected });
      if (index === selected && expanded) {
        const texts = detailTexts(item)
          .flatMap((text) => text.replace(/\n+$/, '').split('\n'))
          .flatMap((line) => wrapWords(sanitizeLine(line), Math.max(1, width)));
        const shown =
          texts.length > maxDetail
            ? [...texts.slice(0, maxDetail - 1), `… ${texts.length - maxDetail + 1} more lines`]
            : texts;
        for (const text of shown) rows.push({ kind: 'detail', text, index });
      }
    }
  }
  return rows;
}

/** Items in display order (by group, then as given); selection indexes refer to this order. */
export function orderedItems(items: readonly ChecklistItem[]): ChecklistItem[] {
  return checkGroups.flatMap((group) => items.filter((item) => item.group === group));
}

/** "12/17 passing", plus failing / running / pending counts when there are any. */
export function checklistSummary(items: readonly ChecklistItem[]): string {
  const count = (state: CriterionState): number => items.filter((item) => item.state === state).length;
  const extras = [
    count('failed') > 0 ? `${count('failed')} failing` : '',
    count('running') > 0 ? `${count('running')} running` : '',
    count('pending') > 0 ? `${count('pending')} pending` : '',
    count('skipped') > 0 ? `${count('skipped')} skipped` : '',
  ].filter((part) => part !== '');
  return [`${count('passed')}/${items.length} passing`, ...extras].join(' · ');
}

/** Rows of at most `width` columns, broken between words (a word wider than a row is hard-wrapped). */
function wrapWords(text: string, width: number): string[] {
  const indent = /^ */.exec(text)?.[0] ?? '';
  const rows: string[] = [];
  let row = '';
  for (const word of text.slice(indent.length).split(/ +/)) {
    const candidate = row === '' ? indent + word : `${row} ${word}`;
    if (displayWidth(candidate) <= width) {
      row = candidate;
      continue;
    }
    if (row !== '') rows.push(row);
    const pieces = wrapToWidth(indent + word, width);
    rows.push(...pieces.slice(0, -1));
    row = pieces[pieces.length - 1] ?? '';
  }
  rows.push(row);
  return rows;
}
