// Evaluating an `expect` block against what a command or request returned.
import type { Expect } from '../../profile/schema.js';
import { getPath, tryParseJson } from '../actions/json-path.js';

/** What was observed: exit code (commands) or status (requests), and stdout / body. */
export type Observed = { exit?: number | null; status?: number; stdout: string; stderr?: string };

export type Verdict = { pass: boolean; detail: string };

/** The first unmet expectation, or pass with a short summary. `equals` must already be interpolated. */
export function evaluateExpect(expect: Expect, observed: Observed): Verdict {
  const out = observed.stdout;
  if (expect.exit && observed.exit !== undefined && !expect.exit.includes(observed.exit ?? -1)) {
    return fail(`exit code ${observed.exit ?? 'none (killed)'}, expected ${expect.exit.join(' or ')}`);
  }
  if (expect.status && observed.status !== undefined && !expect.status.includes(observed.status)) {
    return fail(`HTTP ${observed.status}, expected ${expect.status.join(' or ')}`);
  }
  for (const text of expect.stdout_contains ?? [])
    if (!out.includes(text)) return fail(`output lacks "${text}"`);
  for (const text of expect.stdout_excludes ?? [])
    if (out.includes(text)) return fail(`output contains "${text}"`);
  if (expect.stdout_matches !== undefined && !new RegExp(expect.stdout_matches, 'm').test(out)) {
    return fail(`output does not match /${expect.stdout_matches}/`);
  }
  if (expect.json) {
    const parsed = tryParseJson(out);
    if (parsed === undefined) return fail('output is not JSON');
    for (const [path, wanted] of Object.entries(expect.json)) {
      const actual = getPath(parsed, path);
      if (actual !== wanted)
        return fail(`${path} is ${JSON.stringify(actual) ?? 'absent'}, expected ${JSON.stringify(wanted)}`);
    }
  }
  if (expect.equals !== undefined && out.trim() !== expect.equals.trim()) {
    return fail(`"${shorten(out.trim())}" is not "${expect.equals.trim()}"`);
  }
  const what = observed.status !== undefined ? `HTTP ${observed.status}` : `exit ${observed.exit ?? 'none'}`;
  return {
    pass: true,
    detail: out.trim() === '' ? what : `${what}: ${shorten(out.trim().split('\n')[0] ?? '')}`,
  };
}

const fail = (detail: string): Verdict => ({ pass: false, detail });
const shorten = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}…` : text);
