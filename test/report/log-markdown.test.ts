// A pane's lines as Markdown: order, time, step and stream kept; control characters neutralised; a fence no
// line can close; how many older lines the buffer dropped.
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../source/lib/ring-buffer.js';
import { logMarkdown } from '../../source/report/log-markdown.js';
import type { ExportedLine } from '../../source/report/log-markdown.js';

describe('logMarkdown', () => {
  it('keeps every line in order with time, step and stream, inside a fence no line can close', () => {
    const lines = new RingBuffer<ExportedLine>(3);
    const time = Date.UTC(2026, 10, 27, 8, 30, 1, 250);
    for (const text of ['first, dropped', 'migrating ```sql``` ok', '\u001b[31mred\u001b[0m', 'plain'])
      lines.push({ text, time, step: 'migrate', stream: text === 'plain' ? 'stderr' : 'stdout' });
    const markdown = logMarkdown(lines, { host: 'landsraad', runId: 'r1', now: new Date(time) });
    expect(markdown).toContain('# landsraad log');
    expect(markdown).toContain('from run r1: 3 lines (the 1 older lines were dropped');
    expect(markdown).not.toContain('first, dropped');
    expect(markdown).toContain('````text\n08:30:01.250 [migrate] migrating ```sql``` ok\n');
    expect(markdown).toContain('08:30:01.250 [migrate] red\n');
    expect(markdown).toContain('08:30:01.250 [migrate] ! plain\n````\n');
    expect(markdown).not.toContain('\u001b');
  });

  it('says so when the pane is empty', () => {
    const markdown = logMarkdown(new RingBuffer<ExportedLine>(5), { host: 'mentat', runId: null });
    expect(markdown).toMatch(/: 0 lines\./);
    expect(markdown).toContain('```text\n```');
  });
});
