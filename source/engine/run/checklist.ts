// The success criteria (verify mode): each check runs read-only, its `expect` decides pass or fail.
import type { Check, CheckGroup, Expect } from '../../profile/schema.js';
import { evaluateExpect, type Observed } from './expect.js';
import { observe } from './read-only-item.js';
import type { RunContext } from './run-context.js';

/** One criterion's verdict, for the checklist screen and the report. */
export type CheckResult = {
  id: string;
  group: CheckGroup;
  title: string;
  explain: string;
  outcome: 'pass' | 'fail' | 'skipped';
  detail: string;
  /** A failure's evidence: the last lines the probe printed (stdout, then stderr), redacted. */
  output?: string[];
};

/** Lines of a failing probe's output kept as evidence. */
const outputTailLines = 6;

/** The last non-empty lines of what the probe printed, stdout then stderr. */
function outputTail(observed: Observed, lines = outputTailLines): string[] {
  const all = [observed.stdout, observed.stderr ?? '']
    .flatMap((text) => text.split('\n'))
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  return all.slice(-lines);
}

/** The expectation with the action's own defaults (exit codes, HTTP status, JSON) filled in. */
function effectiveExpect(check: Check, render: (text: string) => string): Expect {
  const expect: Expect = { ...check.expect };
  if (check.run && expect.exit === undefined) expect.exit = check.run.expect_exit;
  if (check.http && expect.status === undefined) expect.status = check.http.expect_status;
  if (check.http?.expect_json && expect.json === undefined) expect.json = check.http.expect_json;
  if (expect.equals !== undefined) expect.equals = render(expect.equals);
  return expect;
}

export async function runChecklist(run: RunContext, checks: Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const base = { id: check.id, group: check.group, title: check.title, explain: check.explain };
    if (run.signal.aborted) {
      results.push({ ...base, outcome: 'skipped', detail: 'aborted' });
      run.emit({
        type: 'check-finished',
        checkId: check.id,
        group: check.group,
        outcome: 'skipped',
        detail: 'aborted',
      });
      continue;
    }
    run.emit({ type: 'check-started', checkId: check.id, group: check.group, title: check.title });
    let outcome: CheckResult['outcome'];
    let detail: string;
    let output: string[] = [];
    try {
      const observed = await observe(run, 'verify', check);
      const verdict = evaluateExpect(
        effectiveExpect(check, (t) => run.scope.render(t, 'plain')),
        observed,
      );
      outcome = verdict.pass ? 'pass' : 'fail';
      detail = run.redactor.redact(verdict.detail);
      if (!verdict.pass) output = outputTail(observed).map((line) => run.redactor.redact(line));
    } catch (error) {
      outcome = 'fail';
      detail = run.redactor.redact(error instanceof Error ? error.message : String(error));
    }
    const evidence = output.length > 0 ? { output } : {};
    results.push({ ...base, outcome, detail, ...evidence });
    run.emit({
      type: 'check-finished',
      checkId: check.id,
      group: check.group,
      outcome,
      detail,
      ...evidence,
    });
  }
  return results;
}
