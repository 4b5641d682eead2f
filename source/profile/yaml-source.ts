// Reads one profile file into a located tree; YAML syntax errors become issues with file:line:column.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { locateDocument, type LocatedNode } from './located-node.js';
import type { ProfileIssue } from './profile-issue.js';
import { decodeUtf8 } from '../lib/utf8.js';

/** One parsed profile file. `display` is the path shown in messages. */
export type ProfileSource = { file: string; display: string; text: string; root: LocatedNode };

/** The result of reading one file. */
export type SourceResult = { ok: true; source: ProfileSource } | { ok: false; issues: ProfileIssue[] };

/** Parses YAML text, keeping every node's position. */
function parseProfileText(file: string, display: string, text: string): SourceResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error): ProfileIssue => {
      const { line, col } = lines.linePos(error.pos[0]);
      const what = error.message.split('\n')[0] ?? error.message;
      return { file: display, line, column: col, path: '', message: `YAML syntax error: ${what}` };
    });
    return { ok: false, issues };
  }
  try {
    return { ok: true, source: { file, display, text, root: locateDocument(display, doc, lines) } };
  } catch (error) {
    // an alias expansion beyond the bound, or nesting too deep
    return {
      ok: false,
      issues: [{ file: display, line: 0, column: 0, path: '', message: (error as Error).message }],
    };
  }
}

/** A profile is a runbook of some hundred lines; a larger file is refused before it is parsed. */
export const profileSizeLimit = 1024 * 1024;

/** Reads and parses a file; undefined when it does not exist (the caller knows what was being looked for). */
export function readProfileFile(file: string, display: string): SourceResult | undefined {
  if (!existsSync(file)) return undefined;
  const refuse = (message: string): SourceResult => ({
    ok: false,
    issues: [{ file: display, line: 0, column: 0, path: '', message }],
  });
  try {
    if (statSync(file).size > profileSizeLimit)
      return refuse(
        `the profile is larger than ${profileSizeLimit / 1024 / 1024} MiB; split it with \`extends\``,
      );
    const text = decodeUtf8(readFileSync(file));
    if (text === null) return refuse('the profile is not valid UTF-8; save it as UTF-8');
    return parseProfileText(file, display, text);
  } catch (error) {
    const message = `cannot read the profile: ${(error as Error).message}`;
    return { ok: false, issues: [{ file: display, line: 0, column: 0, path: '', message }] };
  }
}
