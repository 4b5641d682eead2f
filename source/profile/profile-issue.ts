// A problem found in a profile, pointing at the file, line, column and YAML path that caused it.
import { visibleControls } from '../lib/terminal-text.js';

/** One profile problem: where it is and what was expected / found there. */
export type ProfileIssue = {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  /** YAML path such as `phases[1].steps[3].run.command` ('' for the document itself). */
  path: string;
  message: string;
};

/** A YAML path as segments (keys and sequence indexes). */
export type PathSegments = readonly (string | number)[];

/** `['phases', 1, 'steps', 3, 'run']` → `phases[1].steps[3].run`; odd keys are quoted: `vars["a b"]`. */
export function formatPath(path: PathSegments): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** At most `limit` issues as `file:line:column: path: message`, then `…and N more`. */
export function formatIssues(issues: readonly ProfileIssue[], limit = 5): string {
  const lines = issues.slice(0, limit).map((issue) => {
    // line 0: the file as a whole (missing, unreadable)
    const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
    const line =
      issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
    // Keys and values are quoted from the file: an escape sequence in them must be shown, never obeyed.
    return visibleControls(line);
  });
  if (issues.length > limit) lines.push(`…and ${issues.length - limit} more`);
  return lines.join('\n');
}
