// The deploy (and rollback) screen: phases and steps with states, durations and what is next; a live
// log pane per host (side by side from 120 columns, stacked below); the command log strip; the engine's
// questions as dialogs; key hints in the footer.
import { logMarkdown } from '../log-export.js';
import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import type { AppServices } from '../app-services.js';
import { CommandLog } from '../components/CommandLog.js';
import { Footer } from '../components/Footer.js';
import { SplitPanes } from '../components/SplitPanes.js';
import { StepList } from '../components/StepList.js';
import { useClock } from '../hooks/use-clock.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import { useRunSnapshot } from '../hooks/use-run.js';
import { useTheme } from '../hooks/use-theme.js';
import type { KeyScope } from '../keymap.js';
import { sideBySideColumns } from '../layout.js';
import { stepRows } from '../step-view.js';
import { GatePanel, gatePanelRows } from './run/GatePanel.js';
import { HostPane } from './run/HostPane.js';
import { OutcomePanel, outcomePanelRows } from './run/OutcomePanel.js';
import { changedLive } from '../../engine/recovery.js';
import { reducePaneFocus, type PaneFocusAction } from './run/pane-focus.js';
import { runLayout } from './run/run-layout.js';
import { runStatusLine } from './run/run-status.js';
import type { RunView } from './session/journal-session.js';
import { commandEntries, hiddenHousekeeping, phaseItems } from './session/run-views.js';

/** Props of {@link RunScreen}. */
export type RunScreenProps = {
  session: RunView;
  services: AppServices;
  /**
   * A run reopened from its journal: nothing can be started from it; the line says which run it is.
   * `onChecks` (v) opens the checks that ran after a reopened deploy.
   */
  readOnly?: { banner: string; onChecks?: () => void };
  operator: string;
  width: number;
  height: number;
  animate?: boolean;
  onBack: () => void;
  /** Resume the deploy this screen shows (it ended resumable: paused, failed or aborted after changes). */
  onResume?: (runId: string) => void;
  /** Called once when a deploy (or a checklist's fix) finished ok (the App opens the checklist). */
  onDeployed?: () => void;
};

export function RunScreen(props: RunScreenProps) {
  const { session, services, width, height } = props;
  const theme = useTheme();
  const snapshot = useRunSnapshot(session);
  const { state, gate } = snapshot;
  const [showCommands, setShowCommands] = useState(width >= sideBySideColumns && height >= 36);
  const [focus, setFocus] = useState(0);
  const [housekeeping, setHousekeeping] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  // a notice (export path, "a run is in progress") stands in for the status line for a few seconds
  useEffect(() => {
    if (notice === undefined) return;
    const timer = setTimeout(() => setNotice(undefined), 6000);
    return () => clearTimeout(timer);
  }, [notice]);
  const panes = session.panes.panes;
  const move = (action: PaneFocusAction) =>
    setFocus((current) => reducePaneFocus(current, action, panes.length));
  const running = props.readOnly === undefined && snapshot.summary === null && snapshot.error === null;
  useKeyLayer({
    scopes: ['global', 'run'],
    handlers: {
      'focus-next': () => move({ type: 'next' }),
      'focus-prev': () => move({ type: 'prev' }),
      'focus-pane-1': () => move({ type: 'jump', index: 0 }),
      'focus-pane-2': () => move({ type: 'jump', index: 1 }),
      'toggle-command-log': () => setShowCommands((shown) => !shown),
      'toggle-housekeeping': () => setHousekeeping((shown) => !shown),
      back: () => (running ? setNotice('a run is in progress: q aborts it') : props.onBack()),
      'resume-run': () => {
        const summary = snapshot.summary;
        if (session.mode !== 'deploy' || summary === null || !summary.resumable) return false;
        if (props.readOnly !== undefined) {
          setNotice('read-only: a past run reopened from its journal; nothing starts from here. Esc back');
          return;
        }
        props.onResume?.(summary.runId);
      },
      'open-checks': () => {
        // only a reopened deploy that a verify followed has checks to show (its banner says `v`)
        if (props.readOnly?.onChecks === undefined) return false;
        props.readOnly.onChecks();
      },
      // A reopened run is a record: R here would start a rollback from a screen that shows the past.
      ...(props.readOnly !== undefined
        ? {
            rollback: () =>
              setNotice(
                'read-only: a past run reopened from its journal; nothing starts from here. Esc back, then R',
              ),
          }
        : {}),
    },
  });
  const deployed = useRef(false);
  useEffect(() => {
    const finishing = session.mode === 'deploy' || session.mode === 'fix';
    if (deployed.current || !finishing || snapshot.summary?.outcome !== 'ok') return;
    deployed.current = true;
    props.onDeployed?.();
  }, [snapshot.summary, session.mode, props]);

  const failure = gate?.kind === 'failure' ? gate.failure : undefined;
  const stderrRows = height >= 36 ? 8 : 3;
  const phases = phaseItems(state);
  // A deploy that did not end ok (and was not merely refused by the lock) shows what is live and how to recover.
  const ended = snapshot.summary;
  const outcome =
    gate === null &&
    props.readOnly === undefined &&
    session.mode === 'deploy' &&
    ended !== null &&
    ended.outcome !== 'ok' &&
    ended.exitCode !== 4 &&
    changedLive(ended)
      ? ended
      : null;
  const outcomeRows = outcome !== null ? outcomePanelRows(outcome) : 0;
  const topWanted =
    gate !== null
      ? gatePanelRows(gate, width, stderrRows, services.profile, state)
      : outcomeRows + stepRows(phases).rows.length;
  // Below 36 rows an open question needs the command log's rows (it stays toggled for afterwards).
  const commandLog = showCommands && (gate === null || height >= 36);
  const layout = runLayout({
    height,
    topWanted,
    dialog: gate !== null,
    unscrollable: gate?.kind === 'form',
    commandLog,
  });
  const side = width >= sideBySideColumns;
  const failedPane = failure === undefined ? undefined : session.panes.paneFor(failure.host);
  const focusedPane = panes[focus] ?? panes[0];
  const shown =
    failedPane !== undefined
      ? [failedPane]
      : !side && layout.panes < 12 && focusedPane !== undefined
        ? [focusedPane]
        : panes;
  const scopes: KeyScope[] =
    gate === null
      ? ['pane', 'run', 'global']
      : gate.kind === 'form'
        ? ['form']
        : gate.kind === 'failure'
          ? ['failure']
          : gate.kind === 'leave'
            ? [] // the leave dialog names its own keys
            : ['dialog'];
  const now = useClock(running && state.currentStepId !== null);
  const status = notice ?? props.readOnly?.banner ?? runStatusLine(snapshot, session.mode, now);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box height={layout.top} flexShrink={0} overflow="hidden">
        {gate !== null ? (
          <GatePanel
            gate={gate}
            profile={services.profile}
            state={state}
            operator={props.operator}
            width={width}
            height={layout.top}
            stderrRows={stderrRows}
            {...(services.testSmtp ? { testSmtp: services.testSmtp.bind(services) } : {})}
          />
        ) : (
          <Box flexDirection="column">
            {outcome !== null ? (
              <Box flexShrink={0}>
                <OutcomePanel summary={outcome} profile={services.profileName} width={width} />
              </Box>
            ) : null}
            <StepList
              phases={phases}
              width={width}
              height={Math.max(1, layout.top - outcomeRows)}
              animate={props.animate ?? true}
              now={now}
            />
          </Box>
        )}
      </Box>
      {layout.commandLog > 0 ? (
        <Box height={layout.commandLog} flexShrink={0}>
          <CommandLog
            entries={commandEntries(state, housekeeping)}
            width={width}
            height={layout.commandLog}
            hidden={housekeeping ? 0 : hiddenHousekeeping(state)}
            housekeepingShown={housekeeping}
          />
        </Box>
      ) : null}
      {layout.panes === 0 ? null : (
        <SplitPanes
          columns={width}
          rows={layout.panes}
          reservedRows={0}
          panes={shown.map((pane) => (size: { width: number; height: number }) => {
            const index = panes.indexOf(pane);
            const failedStep =
              failure !== undefined && pane === failedPane
                ? {
                    step: failure.stepId,
                    title: state.steps[failure.stepId]?.title ?? failure.stepId,
                    exitCode: failure.exitCode,
                    hint: failure.hint,
                  }
                : undefined;
            return (
              <HostPane
                key={pane.host}
                pane={pane}
                version={snapshot.paneVersion}
                title={`${index + 1} ${pane.host}${shown.length < panes.length && failedStep === undefined ? ` (${index + 1}/${panes.length} · Tab)` : ''}`}
                width={size.width}
                height={size.height}
                focused={gate === null ? pane === focusedPane : pane === failedPane}
                onExport={(source) => {
                  const content = logMarkdown(source, { host: pane.host, runId: state.runId });
                  services.exportMarkdown('log', content).then(
                    (path) => setNotice(`${pane.host} log exported to ${path}`),
                    (error: unknown) =>
                      setNotice(`could not export the ${pane.host} log: ${(error as Error).message}`),
                  );
                }}
                {...(failedStep !== undefined ? { failure: failedStep } : {})}
              />
            );
          })}
        />
      )}
      <Text
        wrap="truncate-end"
        color={theme.tone(snapshot.summary?.outcome === 'ok' ? 'ok' : snapshot.summary ? 'fail' : 'muted')}
      >
        {truncateToWidth(sanitizeLine(status), width)}
      </Text>
      <Footer scopes={scopes} width={width} />
    </Box>
  );
}
