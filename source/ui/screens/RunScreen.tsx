// The deploy (and rollback) screen: phases and steps with states, durations and what is next; a live
// log pane per host (side by side from 120 columns, stacked below); the command log strip; the engine's
// questions as dialogs; key hints in the footer.
import { Box, Text } from 'ink';
import { sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import type { AppServices } from '../app-services.js';
import { CommandLog } from '../components/CommandLog.js';
import { Footer } from '../components/Footer.js';
import { StepList } from '../components/StepList.js';
import { useClock } from '../hooks/use-clock.js';
import { useTheme } from '../hooks/use-theme.js';
import { sideBySideColumns } from '../layout.js';
import { stepRows } from '../step-view.js';
import { GatePanel, gatePanelRows } from './run/GatePanel.js';
import { OutcomePanel, outcomePanelRows } from './run/OutcomePanel.js';
import { changedLive } from '../../engine/run/recovery.js';
import { RunPanes } from './run/RunPanes.js';
import { runLayout } from './run/run-layout.js';
import { runStatusLine } from './run/run-status.js';
import { runKeyScopes, useRunScreen } from './run/use-run-screen.js';
import type { RunView } from './session/journal-session.js';
import type { RunSnapshot } from './session/run-session.js';
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
  const { snapshot, running, showCommands, focus, housekeeping, notice, setNotice } = useRunScreen(props);
  const { state, gate } = snapshot;
  const panes = session.panes.panes;

  const failure = gate?.kind === 'failure' ? gate.failure : undefined;
  const stderrRows = height >= 36 ? 8 : 3;
  const phases = phaseItems(state);
  const outcome = recoveryOutcome(snapshot, session.mode, props.readOnly !== undefined);
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
        <RunPanes
          session={session}
          snapshot={snapshot}
          services={services}
          shown={shown}
          focusedPane={focusedPane}
          failedPane={failedPane}
          width={width}
          rows={layout.panes}
          onNotice={setNotice}
        />
      )}
      <Text
        wrap="truncate-end"
        color={theme.tone(snapshot.summary?.outcome === 'ok' ? 'ok' : snapshot.summary ? 'fail' : 'muted')}
      >
        {truncateToWidth(sanitizeLine(status), width)}
      </Text>
      <Footer scopes={runKeyScopes(gate)} width={width} />
    </Box>
  );
}

/** A deploy that did not end ok (and was not merely refused by the lock) shows what is live and how to recover. */
function recoveryOutcome(snapshot: RunSnapshot, mode: RunView['mode'], readOnly: boolean) {
  const ended = snapshot.summary;
  return snapshot.gate === null &&
    !readOnly &&
    mode === 'deploy' &&
    ended !== null &&
    ended.outcome !== 'ok' &&
    ended.exitCode !== 4 &&
    changedLive(ended)
    ? ended
    : null;
}
