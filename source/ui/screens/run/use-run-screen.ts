// The run screen's state and keys: pane focus, the command log and housekeeping toggles, the notice that
// stands in for the status line, resume (u), a reopened run's checks (v), and "the deploy finished ok"
// reported once. RunScreen.tsx lays the screen out from what this returns.
import { useEffect, useRef, useState } from 'react';
import { useKeyLayer } from '../../hooks/use-key-dispatcher.js';
import type { KeyScope } from '../../keymap.js';
import { useNotice } from '../../hooks/use-notice.js';
import { useRunSnapshot } from '../../hooks/use-run.js';
import { sideBySideColumns } from '../../layout.js';
import type { RunScreenProps } from '../RunScreen.js';
import type { RunSnapshot } from '../session/run-session.js';
import { reducePaneFocus, type PaneFocusAction } from './pane-focus.js';

const readOnlyNotice = 'read-only: a past run reopened from its journal; nothing starts from here. Esc back';

export function useRunScreen(props: RunScreenProps) {
  const { session, width, height } = props;
  const snapshot = useRunSnapshot(session);
  const [showCommands, setShowCommands] = useState(width >= sideBySideColumns && height >= 36);
  const [focus, setFocus] = useState(0);
  const [housekeeping, setHousekeeping] = useState(false);
  // a notice (export path, "a run is in progress") stands in for the status line for a few seconds
  const [notice, setNotice] = useNotice({ expireMs: 6000 });
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
          setNotice(readOnlyNotice);
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
      ...(props.readOnly !== undefined ? { rollback: () => setNotice(`${readOnlyNotice}, then R`) } : {}),
    },
  });
  const deployed = useRef(false);
  useEffect(() => {
    const finishing = session.mode === 'deploy' || session.mode === 'fix';
    if (deployed.current || !finishing || snapshot.summary?.outcome !== 'ok') return;
    deployed.current = true;
    props.onDeployed?.();
  }, [snapshot.summary, session.mode, props]);
  return { snapshot, running, showCommands, focus, housekeeping, notice, setNotice };
}

/** The keymap scopes the footer shows: an open question's own keys, else the panes', the run's and global. */
export function runKeyScopes(gate: RunSnapshot['gate']): KeyScope[] {
  return gate === null
    ? ['pane', 'run', 'global']
    : gate.kind === 'form'
      ? ['form']
      : gate.kind === 'failure'
        ? ['failure']
        : gate.kind === 'leave'
          ? [] // the leave dialog names its own keys
          : ['dialog'];
}
