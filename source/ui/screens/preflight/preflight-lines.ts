// The pre-flight screen's rows: the deploy plan's sections (report/deploy-plan-sections.ts, the same wording
// headless `plan` prints) wrapped by words at the screen's width, each row with its tone; and the window of
// them that fits, with a marker saying where it is when the plan is longer than the screen.
import type { DeployPlan } from '../../../engine/plan/deploy-plan.js';
import { deployPlanSections, type RowTone } from '../../../report/deploy-plan-sections.js';
import { wrapText } from '../../widgets/confirm/confirm-layout.js';

/** One screen row. */
export type PreflightLine = { text: string; tone: RowTone; bold: boolean };

/** Every row of the plan at `width` (continuation rows keep the paragraph's indent). */
export function preflightLines(plan: DeployPlan, width: number): PreflightLine[] {
  return deployPlanSections(plan).flatMap((section, index) => [
    ...(index === 0 ? [] : [{ text: '', tone: 'plain' as const, bold: false }]),
    ...wrapText(section.title, width).map((text) => ({ text, tone: 'accent' as const, bold: true })),
    ...section.rows.flatMap((row) => {
      const indent = '  '.repeat(1 + (row.indent ?? 0));
      return wrapText(row.text, Math.max(10, width - indent.length - 2)).map((text, at) => ({
        text: `${indent}${at === 0 ? '' : '  '}${text}`,
        tone: row.tone,
        bold: false,
      }));
    }),
  ]);
}

/** The rows shown from `offset` in `rows` rows, and the marker row (null when everything fits). */
export function preflightWindow(
  total: number,
  rows: number,
  offset: number,
): { offset: number; visible: number; marker: string | null } {
  if (total <= rows) return { offset: 0, visible: total, marker: null };
  const visible = Math.max(1, rows - 1);
  const at = Math.max(0, Math.min(offset, total - visible));
  const more = at + visible < total ? ' · j/↓ PgDn: more' : ' · end';
  return { offset: at, visible, marker: `lines ${at + 1}–${at + visible} of ${total}${more}` };
}
