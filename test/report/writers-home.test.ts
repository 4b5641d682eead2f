// Every Markdown and JSON document the console writes is written in report/ (one writer per document: the checklist
// that `verify` prints is the one the TUI exports), and report/ depends on neither the UI nor the CLI.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** A string or template literal that opens with a Markdown heading: the first line of a document. */
const heading = /(['"`])#{1,6} /;

describe('writers live in report/', () => {
  it('no file of source/ui or source/cli starts a Markdown document', () => {
    const writers = [...sources('source/ui'), ...sources('source/cli')].filter((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .some((line) => !line.trimStart().startsWith('//') && heading.test(line)),
    );
    expect(writers).toEqual([]);
  });

  it('no file of source/ui or source/cli writes a JSON document (the settings file is state, not a document)', () => {
    const writers = [...sources('source/ui'), ...sources('source/cli')]
      .filter((path) => path !== join('source', 'cli', 'settings.ts'))
      .filter((path) => /JSON\.stringify\([^;]*?,\s*null,\s*2\s*,?\s*\)/s.test(readFileSync(path, 'utf8')));
    expect(writers).toEqual([]);
  });

  it('report/ imports nothing from ui/ or cli/', () => {
    const reaching = sources('source/report').filter((path) =>
      /from '(\.\.\/)+(ui|cli)\//.test(readFileSync(path, 'utf8')),
    );
    expect(reaching).toEqual([]);
  });
});
