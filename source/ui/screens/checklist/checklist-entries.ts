// The checklist screen's items as the report's entries, so `e` exports with the one checklist writer
// (report/checklist-report.ts) that `verify` prints with.
import type { ChecklistEntry } from '../../../report/checklist-report.js';
import {
  orderedItems,
  type ChecklistItem,
  type CriterionState,
} from '../../widgets/checklist/checklist-view.js';

const outcomeOf: Record<CriterionState, ChecklistEntry['outcome']> = {
  passed: 'pass',
  failed: 'fail',
  skipped: 'skipped',
  pending: 'pending',
  running: 'running',
};

/** The items in display order (by group), each with its verdict, meaning and evidence. */
export function checklistEntries(items: readonly ChecklistItem[]): ChecklistEntry[] {
  return orderedItems(items).map((item) => ({
    id: item.id,
    group: item.group,
    title: item.title,
    explain: item.explain ?? '',
    outcome: outcomeOf[item.state],
    detail: item.detail ?? '',
    ...(item.output !== undefined ? { output: [...item.output] } : {}),
  }));
}
