// The one checklist writer: the success criteria grouped with ✓/✗ and, for failures, the explanation and
// what was seen (Markdown that reads fine as plain text), or one JSON document. `verify` prints it; the TUI's
// checklist exports it (`e`), with criteria the run has not reached yet marked as such.
import type { CheckResult } from '../engine/run/checklist.js';

/** A criterion as the report writes it: a verdict, or not reached yet (the TUI exports mid-run). */
export type ChecklistEntry = Omit<CheckResult, 'outcome'> & {
  outcome: CheckResult['outcome'] | 'pending' | 'running';
};

/** The `verify --format json` document. */
export type ChecklistDocument = {
  profile: string;
  runId: string;
  passed: number;
  /** Criteria checked that did not pass (failed, or skipped because the run was aborted). */
  failed: number;
  total: number;
  ok: boolean;
  checks: ChecklistEntry[];
};

const unchecked = (entry: ChecklistEntry): boolean =>
  entry.outcome === 'pending' || entry.outcome === 'running';

export function checklistDocument(
  profile: string,
  runId: string,
  checks: readonly ChecklistEntry[],
): ChecklistDocument {
  const passed = checks.filter((c) => c.outcome === 'pass').length;
  const waiting = checks.filter(unchecked).length;
  return {
    profile,
    runId,
    passed,
    failed: checks.length - passed - waiting,
    total: checks.length,
    ok: passed === checks.length,
    checks: [...checks],
  };
}

function mark(outcome: ChecklistEntry['outcome']): string {
  switch (outcome) {
    case 'pass':
      return '✓';
    case 'fail':
      return '✗';
    case 'skipped':
      return '–';
    case 'pending':
      return '·';
    case 'running':
      return '…';
    default: {
      const unknown: never = outcome;
      return String(unknown);
    }
  }
}

/** The explain / seen / output lines under a criterion that was checked and did not pass. */
function evidence(check: ChecklistEntry): string[] {
  if (check.outcome === 'pass' || unchecked(check)) return [];
  const seen = check.detail
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 6);
  return [
    `    why: ${check.explain}`,
    ...seen.map((line) => `    seen: ${line}`),
    ...(check.output ?? []).map((line) => `    output: ${line}`),
  ];
}

function verdict(doc: ChecklistDocument): string {
  if (doc.ok) return `All ${doc.total} criteria pass.`;
  const waiting = doc.total - doc.passed - doc.failed;
  const notYet = waiting > 0 ? `; ${waiting} not checked yet` : '';
  return `${doc.passed} of ${doc.total} criteria pass; ${doc.failed} fail${doc.failed === 1 ? 's' : ''}${notYet}.`;
}

/** `verify --format json`: the document, as one JSON text. */
export function checklistJson(doc: ChecklistDocument): string {
  return JSON.stringify(doc, null, 2);
}

/** Options of {@link checklistMarkdown}: `exportedAt` adds when the export was taken (the TUI's `e`). */
export type ChecklistMarkdownOptions = { exportedAt?: Date };

/** Markdown: `## Group`, one line per criterion, explain and detail lines under failures. */
export function checklistMarkdown(doc: ChecklistDocument, options: ChecklistMarkdownOptions = {}): string {
  const out = [`# Success criteria — profile ${doc.profile} (run ${doc.runId})`];
  if (options.exportedAt !== undefined) out.push('', `Exported ${options.exportedAt.toISOString()}.`);
  const groups = [...new Set(doc.checks.map((c) => c.group))];
  let number = 0;
  for (const group of groups) {
    out.push('', `## ${group}`, '');
    for (const check of doc.checks.filter((c) => c.group === group)) {
      number += 1;
      out.push(`${mark(check.outcome)} ${number}. ${check.title} (\`${check.id}\`)`, ...evidence(check));
    }
  }
  out.push('', verdict(doc));
  return `${out.join('\n')}\n`;
}
