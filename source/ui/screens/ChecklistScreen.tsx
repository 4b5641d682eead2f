// The success criteria (verify, and after a deploy): live ✓/✗/running/skipped per criterion in three
// groups, details on Enter, re-run with r, export to Markdown with e. A verify reopened from its journal
// shows here too, read-only: its rows and evidence as they were, nothing re-runs or fixes from it.
import { Box, Text } from 'ink';
import { sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import type { AppServices } from '../app-services.js';
import { Checklist } from '../widgets/checklist/Checklist.js';
import { Footer } from '../components/Footer.js';
import { useChecklist } from '../widgets/checklist/use-checklist.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import { useNotice } from '../hooks/use-notice.js';
import { useRunSnapshot } from '../hooks/use-run.js';
import { useTheme } from '../hooks/use-theme.js';
import { checklistDocument, checklistMarkdown } from '../../report/checklist-report.js';
import { checklistEntries } from './checklist/checklist-entries.js';
import type { RunView } from './session/journal-session.js';
import { checklistItems } from './session/run-views.js';
import { orderedItems } from '../widgets/checklist/checklist-view.js';

/** Props of {@link ChecklistScreen}; `note` is shown above the list (e.g. "deploy finished"). */
export type ChecklistScreenProps = {
  session: RunView;
  services: AppServices;
  /** A verify reopened from its journal: the line says which run it is; r and f do nothing. */
  readOnly?: { banner: string };
  width: number;
  height: number;
  note?: string;
  animate?: boolean;
  onRerun: () => void;
  onBack: () => void;
  /** Runs a criterion's fix step (the profile's `fix:`) as a run of its own, with its usual gates. */
  onFix?: (stepId: string) => void;
};

const recordNotice = 'read-only: a reopened run; nothing runs from here. Esc back';

export function ChecklistScreen({
  session,
  services,
  width,
  height,
  note,
  animate,
  onRerun,
  onBack,
  onFix,
  readOnly,
}: ChecklistScreenProps) {
  const theme = useTheme();
  const snapshot = useRunSnapshot(session);
  const items = checklistItems(services.profile.checks, snapshot.state, services.profile.phases);
  const running = readOnly === undefined && snapshot.summary === null && snapshot.error === null;
  const [message, setMessage] = useNotice();
  const list = useChecklist({
    count: items.length,
    focused: true,
    onRerun: () =>
      readOnly !== undefined
        ? setMessage(recordNotice)
        : running
          ? setMessage('the checks are still running')
          : onRerun(),
    onFix: (selected) => (readOnly !== undefined ? setMessage(recordNotice) : fix(selected)),
    onExport: () => {
      const doc = checklistDocument(
        services.profileName,
        snapshot.state.runId ?? 'not started',
        checklistEntries(items),
      );
      const markdown = checklistMarkdown(doc, { exportedAt: new Date() });
      services.exportMarkdown('checklist', markdown).then(
        (path) => setMessage(`exported to ${path}`),
        (error: unknown) =>
          setMessage(
            `export failed: ${error instanceof Error ? error.message : String(error)}; check the directory and retry with e`,
          ),
      );
    },
  });
  function fix(selected: number): void {
    const item = orderedItems(items)[selected];
    if (item === undefined || onFix === undefined) return;
    if (running) setMessage('the checks are still running; fix once they are done');
    else if (item.fix === undefined)
      setMessage(`"${item.title}" names no fix step in the profile; Enter shows what its failure means`);
    else if (item.state === 'passed') setMessage(`"${item.title}" passes: nothing to fix`);
    else onFix(item.fix.stepId);
  }
  useKeyLayer({
    scopes: ['global'],
    handlers: {
      back: () => (running ? setMessage('the checks are still running; wait or q to quit') : onBack()),
      // A reopened verify is a record: R here would start a rollback from a screen that shows the past.
      ...(readOnly !== undefined ? { rollback: () => setMessage(`${recordNotice}, then R`) } : {}),
    },
  });
  const status =
    message ??
    readOnly?.banner ??
    snapshot.error ??
    (running
      ? 'checking… (read-only)'
      : snapshot.summary?.exitCode === 0
        ? 'every criterion passes'
        : `${snapshot.summary?.message ?? 'some criteria failed'} · Enter details · r re-run`);
  const listHeight = Math.max(3, height - 3 - (note ? 1 : 0));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {truncateToWidth(`Success criteria · ${services.profile.name}`, width)}
      </Text>
      {note ? (
        <Text color={theme.tone('ok')} wrap="truncate-end">
          {truncateToWidth(note, width)}
        </Text>
      ) : null}
      <Box height={listHeight} flexShrink={0}>
        <Checklist
          items={items}
          selected={list.selected}
          expanded={list.expanded}
          width={width}
          height={listHeight}
          focused
          animate={animate ?? true}
        />
      </Box>
      <Text dimColor wrap="truncate-end">
        {truncateToWidth(sanitizeLine(status), width)}
      </Text>
      <Footer
        scopes={['checklist', 'list', 'global']}
        width={width}
        {...(readOnly !== undefined ? { omit: ['rerun', 'run-fix'] } : {})}
      />
    </Box>
  );
}
