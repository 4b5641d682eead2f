// The run screen's log panes: one per host side by side, or the focused one alone when the rows are few; a
// failed step's pane alone, with the failure above its lines. `e` in a pane exports its log.
import { logMarkdown } from '../../../report/log-markdown.js';
import type { AppServices } from '../../app-services.js';
import { SplitPanes } from '../../components/SplitPanes.js';
import type { RunView } from '../session/journal-session.js';
import type { Pane } from '../session/pane-store.js';
import type { RunSnapshot } from '../session/run-session.js';
import { HostPane } from './HostPane.js';

/** Props of {@link RunPanes}. */
export type RunPanesProps = {
  session: RunView;
  snapshot: RunSnapshot;
  services: AppServices;
  /** The panes to show (all of them, the focused one, or the failed step's). */
  shown: Pane[];
  focusedPane: Pane | undefined;
  failedPane: Pane | undefined;
  width: number;
  rows: number;
  /** Where an export's path (or its error) is said. */
  onNotice: (text: string) => void;
};

export function RunPanes(props: RunPanesProps) {
  const { session, snapshot, services, shown, focusedPane, failedPane } = props;
  const { state, gate } = snapshot;
  const failure = gate?.kind === 'failure' ? gate.failure : undefined;
  const panes = session.panes.panes;
  return (
    <SplitPanes
      columns={props.width}
      rows={props.rows}
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
                (path) => props.onNotice(`${pane.host} log exported to ${path}`),
                (error: unknown) =>
                  props.onNotice(`could not export the ${pane.host} log: ${(error as Error).message}`),
              );
            }}
            {...(failedStep !== undefined ? { failure: failedStep } : {})}
          />
        );
      })}
    />
  );
}
