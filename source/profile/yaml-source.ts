// Reads one profile file into a located tree; YAML syntax errors become issues with file:line:column.
import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { locateDocument, type LocatedNode } from './located-node.js';
import type { ProfileIssue } from './profile-issue.js';

/** One parsed profile file. `display` is the path shown in messages. */
export type ProfileSource = { file: string; display: string; text: string; root: LocatedNode };

/** The result of reading one file. */
export type SourceResult = { ok: true; source: ProfileSource } | { ok: false; issues: ProfileIssue[] };

/** Parses YAML text, keeping every node's position. */
export function parseProfileText(file: string, display: string, text: string): SourceResult {
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
  return { ok: true, source: { file, display, text, root: locateDocument(display, doc, lines) } };
}

/** Reads and parses a file; undefined when it does not exist (the caller knows what was being looked for). */
export function readProfileFile(file: string, display: string): SourceResult | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return parseProfileText(file, display, readFileSync(file, 'utf8'));
  } catch (error) {
    const message = `cannot read the profile: ${(error as Error).message}`;
    return { ok: false, issues: [{ file: display, line: 0, column: 0, path: '', message }] };
  }
}
