// A deploy that ended failed or aborted: how its automatic rollback ended, what is live per host as far as
// the run knows, and the exact commands that recover (the engine decides all three; this only renders them).
import { Text } from 'ink';
import type { RunSummary } from '../../../engine/run/runner.js';
import { deployRecovery, describeRollback, type Recovery } from '../../../engine/run/recovery.js';
import { sanitizeLine, truncateToWidth } from '../../../lib/terminal-text.js';
import { DialogFrame } from '../../components/Dialog.js';
import { useTheme } from '../../hooks/use-theme.js';

/** Props of {@link OutcomePanel}; `profile` is the profile as the operator named it. */
export type OutcomePanelProps = { summary: RunSummary; profile: string; width: number };

/**
 * The live account as panel lines: each host's release, then each config part on lines of its own (an
 * unknown part's reason and its files apart), so that the files a part names are not cut off at the edge.
 */
function liveLines(recovery: Recovery): string[] {
  return recovery.hosts.flatMap((h) => [
    `  ${h.release}`,
    ...h.configs.flatMap((part) => part.split('; ').map((piece) => `      ${piece}`)),
  ]);
}

/** Rows the panel takes: border 2, title, rollback, live header and lines, recover header and lines. */
export function outcomePanelRows(summary: RunSummary): number {
  const recovery = deployRecovery(summary, { profile: null });
  return 5 + (summary.rollback ? 1 : 0) + liveLines(recovery).length + recovery.commands.length;
}

export function OutcomePanel({ summary, profile, width }: OutcomePanelProps) {
  const theme = useTheme();
  const inner = Math.max(10, width - 4);
  const recovery = deployRecovery(summary, { profile });
  const line = (text: string) => truncateToWidth(sanitizeLine(text), inner);
  return (
    <DialogFrame
      tone="fail"
      title={`${theme.symbols.fail} deploy ${summary.outcome}: ${summary.message ?? 'a step failed'}`}
      width={width}
    >
      {summary.rollback ? (
        <Text color={theme.tone(summary.rollback.outcome === 'done' ? 'ok' : 'fail')} wrap="truncate-end">
          {line(describeRollback(summary.rollback))}
        </Text>
      ) : null}
      <Text dimColor>Live now, as far as this run knows</Text>
      {liveLines(recovery).map((text, index) => (
        <Text key={`${index}:${text}`} wrap="truncate-end">
          {line(text)}
        </Text>
      ))}
      <Text dimColor>Recover with</Text>
      {recovery.commands.map((c) => (
        <Text key={c.command} color={theme.tone('warn')} wrap="truncate-end">
          {line(`  ${c.command}   ${c.why}`)}
        </Text>
      ))}
    </DialogFrame>
  );
}
