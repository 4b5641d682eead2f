// A failed step: host, step, the redacted command, exit code, the last stderr lines, what to do next,
// and the choices (retry · skip · rollback · abort) by letter or by Tab/arrows and Enter.
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { FailureDecision, StepFailure } from '../../../engine/run/events.js';
import type { FailureContext } from '../../../engine/run/gates.js';
import { sanitizeLine, truncateToWidth, wrapToWidth } from '../../../lib/terminal-text.js';
import { Footer } from '../../components/Footer.js';
import { useKeyLayer } from '../../hooks/use-key-dispatcher.js';
import { useTheme } from '../../hooks/use-theme.js';
import { failureOptions } from './failure-options.js';
import { DialogFrame } from '../../components/Dialog.js';
import { wrapText } from '../../widgets/confirm/confirm-layout.js';

/** Props of {@link FailurePanel}; `stderrRows` caps the stderr tail shown. */
export type FailurePanelProps = {
  failure: StepFailure;
  context: FailureContext;
  title: string;
  width: number;
  stderrRows: number;
  onDecide: (decision: FailureDecision) => void;
};

export function FailurePanel({ failure, context, title, width, stderrRows, onDecide }: FailurePanelProps) {
  const theme = useTheme();
  const options = failureOptions(context);
  const [focus, setFocus] = useState(0);
  const pick = (decision: FailureDecision) => () => {
    if (options.some((option) => option.decision === decision)) onDecide(decision);
  };
  useKeyLayer({
    scopes: ['dialog', 'failure'],
    handlers: {
      retry: pick('retry'),
      skip: pick('skip'),
      'rollback-run': pick('rollback'),
      'abort-run': pick('abort'),
      'switch-button': (press) =>
        setFocus(
          (current) =>
            (current + (press.name === 'left' || press.name === 'shift-tab' ? -1 : 1) + options.length) %
            options.length,
        ),
      activate: () => onDecide(options[focus]?.decision ?? 'abort'),
    },
  });
  const inner = Math.max(10, width - 4);
  const command = wrapToWidth(sanitizeLine(failure.command || '(no command)'), inner - 9, 2);
  const stderr = failure.stderrTail.slice(-stderrRows);
  const exit = failure.signal !== null ? `signal ${failure.signal}` : `exit ${failure.exitCode ?? 'none'}`;
  return (
    <DialogFrame
      tone="fail"
      title={`${theme.symbols.fail} ${sanitizeLine(title)} failed on ${failure.host}: ${sanitizeLine(failure.message)}`}
      width={width}
    >
      <Text wrap="truncate-end">
        {truncateToWidth(
          `Step     ${failure.stepId} on ${failure.host} · ${exit} · attempt ${context.attempt}`,
          inner,
        )}
      </Text>
      {command.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          <Text dimColor>{index === 0 ? 'Command  ' : '         '}</Text>
          {line}
        </Text>
      ))}
      {stderr.map((line, index) => (
        <Text key={`e${index}`} color={theme.tone('fail')} wrap="truncate-end">
          {truncateToWidth(`  ${sanitizeLine(line)}`, inner)}
        </Text>
      ))}
      {wrapText(failure.hint, inner - 9).map((row, index) => (
        <Text key={`n${index}`} color={theme.tone('warn')} wrap="truncate-end">
          {`${index === 0 ? 'Next     ' : '         '}${row}`}
        </Text>
      ))}
      <Box gap={2}>
        {options.map((option, index) => (
          <Text key={option.decision} inverse={index === focus} bold={index === focus}>
            {`${index === focus ? theme.symbols.pointer : ' '} ${option.key} ${option.label} `}
          </Text>
        ))}
      </Box>
      <Footer
        scopes={['failure']}
        width={inner}
        omit={[
          ...(context.canSkip ? [] : (['skip'] as const)),
          ...(context.rollback === null ? (['rollback-run'] as const) : []),
        ]}
      />
    </DialogFrame>
  );
}
