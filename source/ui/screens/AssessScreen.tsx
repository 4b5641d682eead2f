// Assessment: read-only probes ticking off per host, then the report text (Markdown), `w` writes it.
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import type { AppServices } from '../app-services.js';
import { Footer } from '../components/Footer.js';
import { StepList } from '../components/StepList.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import { useNotice } from '../hooks/use-notice.js';
import { useRunSnapshot } from '../hooks/use-run.js';
import { useTheme } from '../hooks/use-theme.js';
import { sideBySideColumns } from '../layout.js';
import { fallbackAssessReport } from '../../report/assessment-fallback.js';
import type { RunSession } from './session/run-session.js';
import { phaseItems } from './session/run-views.js';

/** Props of {@link AssessScreen}. */
export type AssessScreenProps = {
  session: RunSession;
  services: AppServices;
  width: number;
  height: number;
  animate?: boolean;
  onBack: () => void;
};

export function AssessScreen({ session, services, width, height, animate, onBack }: AssessScreenProps) {
  const theme = useTheme();
  const snapshot = useRunSnapshot(session);
  const { summary } = snapshot;
  const report = useMemo(
    () =>
      summary === null
        ? undefined
        : (services.assessReport?.(summary) ?? fallbackAssessReport(summary, services.profileName)),
    [summary, services],
  );
  const lines = report === undefined ? [] : report.split('\n');
  const [top, setTop] = useState(0);
  const [message, setMessage] = useNotice();
  const side = width >= sideBySideColumns;
  const probesWidth = side ? Math.min(56, Math.floor(width / 2)) : width;
  const bodyHeight = height - 3;
  const probesHeight = side
    ? bodyHeight
    : Math.min(bodyHeight, report === undefined ? bodyHeight : Math.max(4, Math.floor(bodyHeight / 3)));
  const reportWidth = side ? width - probesWidth - 1 : width;
  const reportHeight = side ? bodyHeight : bodyHeight - probesHeight;
  const maxTop = Math.max(0, lines.length - reportHeight);
  useKeyLayer({
    scopes: ['report', 'list', 'global'],
    handlers: {
      'select-up': () => setTop((current) => Math.max(0, current - 1)),
      'select-down': () => setTop((current) => Math.min(maxTop, current + 1)),
      top: () => setTop(0),
      bottom: () => setTop(maxTop),
      'write-report': () => {
        if (report === undefined) return setMessage('the probes are still running');
        services.exportMarkdown('assessment', report).then(
          (path) => setMessage(`report written to ${path}`),
          (error: unknown) =>
            setMessage(
              `writing failed: ${error instanceof Error ? error.message : String(error)}; retry with w`,
            ),
        );
      },
      back: () => (summary === null ? setMessage('the probes are still running; q quits') : onBack()),
    },
  });
  const status =
    message ??
    (summary === null
      ? 'assessing (read-only: nothing is changed)…'
      : `assessment ${summary.outcome} · j/k scroll · w write`);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {truncateToWidth(`Assessment · ${services.profileName} · read-only`, width)}
      </Text>
      <Box flexDirection={side ? 'row' : 'column'} height={bodyHeight} gap={side ? 1 : 0}>
        <Box width={probesWidth} height={probesHeight} flexShrink={0} overflow="hidden">
          <StepList
            phases={phaseItems(snapshot.state)}
            width={probesWidth}
            height={probesHeight}
            animate={animate ?? true}
          />
        </Box>
        {report === undefined ? null : (
          <Box flexDirection="column" width={reportWidth} height={reportHeight} overflow="hidden">
            {lines.slice(Math.min(top, maxTop), Math.min(top, maxTop) + reportHeight).map((line, index) => (
              <Text key={index} wrap="truncate-end">
                {truncateToWidth(sanitizeLine(line), reportWidth)}
              </Text>
            ))}
          </Box>
        )}
      </Box>
      <Text color={theme.tone('muted')} wrap="truncate-end">
        {truncateToWidth(sanitizeLine(status), width)}
      </Text>
      <Footer scopes={['report', 'list', 'global']} width={width} />
    </Box>
  );
}
