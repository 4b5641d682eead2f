// The success criteria as `verify` prints them: grouped with ✓/✗ and, for failures, the explanation and what
// was seen (Markdown that reads fine as plain text), or one JSON document.
import type { CheckResult } from '../engine/run/checklist.js';

/** The `verify --format json` document. */
export type ChecklistDocument = {
  profile: string;
  runId: string;
  passed: number;
  failed: number;
  total: number;
  ok: boolean;
  checks: CheckResult[];
};

export function checklistDocument(profile: string, runId: string, checks: CheckResult[]): ChecklistDocument {
  const passed = checks.filter((c) => c.outcome === 'pass').length;
  return {
    profile,
    runId,
    passed,
    failed: checks.length - passed,
    total: checks.length,
    ok: passed === checks.length,
    checks,
  };
}

const mark = (outcome: CheckResult['outcome']): string =>
  outcome === 'pass' ? '✓' : outcome === 'fail' ? '✗' : '–';

/** Markdown: `## Group`, one line per criterion, explain and detail lines under failures. */
export function checklistMarkdown(doc: ChecklistDocument): string {
  const out = [`# Success criteria — profile ${doc.profile} (run ${doc.runId})`];
  const groups = [...new Set(doc.checks.map((c) => c.group))];
  let number = 0;
  for (const group of groups) {
    out.push('', `## ${group}`, '');
    for (const check of doc.checks.filter((c) => c.group === group)) {
      number += 1;
      out.push(`${mark(check.outcome)} ${number}. ${check.title} (\`${check.id}\`)`);
      if (check.outcome !== 'pass') {
        out.push(`    why: ${check.explain}`);
        const seen = check.detail
          .split('\n')
          .filter((l) => l.trim() !== '')
          .slice(0, 6);
        for (const line of seen) out.push(`    seen: ${line}`);
        for (const line of check.output ?? []) out.push(`    output: ${line}`);
      }
    }
  }
  out.push(
    '',
    doc.ok
      ? `All ${doc.total} criteria pass.`
      : `${doc.passed} of ${doc.total} criteria pass; ${doc.failed} fail${doc.failed === 1 ? 's' : ''}.`,
  );
  return `${out.join('\n')}\n`;
}
