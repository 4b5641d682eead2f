// One host's log pane bound to its keys: the pane's ring buffer, or only the failed step's lines
// (expanded, with a banner) while the failure panel is open.
import { LogPane, logPaneContentRows, type FailedStep } from '../../widgets/log-pane/LogPane.js';
import { useLogPane, useStepSource } from '../../widgets/log-pane/use-log-pane.js';
import type { LineSource, LogLine } from '../../widgets/log-pane/log-view.js';
import type { Pane } from '../session/pane-store.js';

/** Props of {@link HostPane}. */
export type HostPaneProps = {
  pane: Pane;
  /** The pane store's version (lines were pushed). */
  version: number;
  title: string;
  width: number;
  height: number;
  focused: boolean;
  failure?: FailedStep;
  /** `e`: export what the pane shows (the whole buffer, or the failed step's lines). */
  onExport?: (source: LineSource<LogLine>) => void;
};

export function HostPane(props: HostPaneProps) {
  const { pane, version, title, width, height, focused, failure, onExport } = props;
  const source = useStepSource(pane.lines, version, failure?.step);
  const rows = logPaneContentRows(height, failure !== undefined);
  const { state } = useLogPane({
    source,
    version,
    rows,
    focused,
    ...(onExport ? { onExport: () => onExport(source) } : {}),
  });
  return (
    <LogPane
      title={title}
      source={source}
      state={state}
      width={width}
      height={height}
      focused={focused}
      {...(failure !== undefined ? { failure } : {})}
    />
  );
}
