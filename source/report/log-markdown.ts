// A log pane as Markdown (`e` in a pane): the lines the pane keeps, in order, with their time and step, in a
// fence no line can close. Lines are already redacted by the engine; control characters are made harmless
// here as on screen.
import { sanitizeLine } from '../lib/terminal-text.js';

/** A pane's line as the export writes it (the UI's log lines fit). */
export type ExportedLine = { text: string; time?: number; step?: string; stream?: 'stdout' | 'stderr' };

/** What the export reads: the pane's ring buffer, whose index 0 comes after `dropped` older lines. */
export type ExportedLines = {
  readonly length: number;
  readonly dropped: number;
  at: (index: number) => ExportedLine | undefined;
};

/** Options of {@link logMarkdown}. */
export type LogExportOptions = { host: string; runId: string | null; now?: Date };

const clock = (time: number): string => new Date(time).toISOString().slice(11, 23);

export function logMarkdown(source: ExportedLines, options: LogExportOptions): string {
  const lines: string[] = [];
  let longestTicks = 0;
  for (let index = 0; index < source.length; index += 1) {
    const line = source.at(index);
    if (line === undefined) continue;
    const text = sanitizeLine(line.text);
    for (const run of text.match(/`+/g) ?? []) longestTicks = Math.max(longestTicks, run.length);
    const time = line.time === undefined ? '' : `${clock(line.time)} `;
    const step = line.step === undefined ? '' : `[${line.step}] `;
    const stream = line.stream === 'stderr' ? '! ' : '';
    lines.push(`${time}${step}${stream}${text}`);
  }
  const fence = '`'.repeat(Math.max(3, longestTicks + 1));
  const now = (options.now ?? new Date()).toISOString();
  const dropped =
    source.dropped > 0 ? ` (the ${source.dropped} older lines were dropped from the pane's buffer)` : '';
  return [
    `# ${options.host} log`,
    '',
    `Exported ${now}${options.runId ? ` from run ${options.runId}` : ''}: ${lines.length} lines${dropped}.`,
    'Times are UTC; `[step]` names the step that printed the line; `!` marks standard error.',
    '',
    `${fence}text`,
    ...lines,
    fence,
    '',
  ].join('\n');
}
