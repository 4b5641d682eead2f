// Rollback, one key (R) from anywhere: the app's releases and the observability snapshots; choose one,
// confirm (typing the host name when the profile asks), then the App runs it in the run screen.
import { Box, Text } from 'ink';
import { useState } from 'react';
import { sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import type { AppServices, ReleaseInfo, RunRequest, SnapshotInfo } from '../app-services.js';
import { ConfirmDialog } from '../widgets/confirm/ConfirmDialog.js';
import { Footer } from '../components/Footer.js';
import { useAsync, type AsyncState } from '../hooks/use-async.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import { useNotice } from '../hooks/use-notice.js';
import { useLatestReducer } from '../hooks/use-latest-reducer.js';
import { useTheme } from '../hooks/use-theme.js';
import { appHost, obsHost } from './HomeScreen.js';
import { ReleaseRows } from './rollback/ReleaseRows.js';
import { initialPicker, reducePicker } from './rollback/picker-state.js';
import { chooseRelease, chooseSnapshot, type RollbackChoice } from './rollback/rollback-choice.js';

/** Props of {@link RollbackScreen}. */
export type RollbackScreenProps = {
  services: AppServices;
  width: number;
  height: number;
  onStart: (request: RunRequest) => void;
  onBack: () => void;
};

const itemsOf = <T,>(state: AsyncState<T[]>): T[] => (state.kind === 'ready' ? state.value : []);
const emptyText = (state: AsyncState<unknown[]>, none: string): string =>
  state.kind === 'loading' ? 'reading…' : state.kind === 'failed' ? `cannot read: ${state.message}` : none;

export function RollbackScreen({ services, width, height, onStart, onBack }: RollbackScreenProps) {
  const theme = useTheme();
  const [releases] = useAsync<ReleaseInfo[]>(() => services.releases());
  const [snapshots] = useAsync<SnapshotInfo[]>(() => services.snapshots());
  const [picker, dispatch, latest] = useLatestReducer(reducePicker, initialPicker);
  const [chosen, setChosen] = useState<Extract<RollbackChoice, { ok: true }> | undefined>(undefined);
  const [message, setMessage] = useNotice();
  const count = (): number =>
    latest().target === 'app' ? itemsOf(releases).length : itemsOf(snapshots).length;
  useKeyLayer({
    scopes: ['menu', 'list', 'global'],
    active: chosen === undefined,
    handlers: {
      'select-up': () => dispatch({ type: 'move', by: -1, count: count() }),
      'select-down': () => dispatch({ type: 'move', by: 1, count: count() }),
      'focus-next': () => dispatch({ type: 'toggle' }),
      'focus-prev': () => dispatch({ type: 'toggle' }),
      'focus-pane-1': () => dispatch({ type: 'focus', target: 'app' }),
      'focus-pane-2': () => dispatch({ type: 'focus', target: 'observability' }),
      back: onBack,
      choose: () => {
        const { target, selected } = latest();
        const choice =
          target === 'app'
            ? chooseRelease(itemsOf(releases)[selected.app])
            : chooseSnapshot(itemsOf(snapshots)[selected.observability]);
        if (choice.ok) setChosen(choice);
        else setMessage(choice.message);
      },
    },
  });
  const { target, selected } = picker;
  const listHeight = Math.max(3, Math.floor((height - 4) / 2));
  const host = chosen?.target === 'observability' ? obsHost(services) : appHost(services);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {chosen !== undefined ? (
        <ConfirmDialog
          title={`Roll back ${chosen.target === 'app' ? 'the application' : 'the observability configuration'} to ${chosen.name}${chosen.commit !== undefined ? ` · ${chosen.commit}` : ''}`}
          host={host}
          user={services.profile.hosts[host]?.user ?? 'deploy'}
          command={
            chosen.target === 'app'
              ? `switch current → releases/${chosen.name} (rename, verified with readlink), then the post-switch actions`
              : `restore snapshot ${chosen.name}, validate, reload`
          }
          // what goes live first, then what stays as it is (it said only the latter when there was one)
          changes={`the live ${chosen.target === 'app' ? 'release' : 'configuration'} becomes ${chosen.name}${chosen.warning === undefined ? '' : `; ${chosen.warning}`}`}
          undo="roll back again to the release that is live now, or deploy again"
          typeHostToConfirm={services.profile.settings.type_host_to_confirm}
          width={width}
          height={height}
          onConfirm={() =>
            onStart({ mode: 'rollback', rollbackTarget: chosen.target, rollbackTo: chosen.name })
          }
          onCancel={() => setChosen(undefined)}
        />
      ) : (
        <>
          <Text bold wrap="truncate-end">
            {truncateToWidth('Roll back: choose a release or a snapshot', width)}
          </Text>
          <Box height={listHeight} flexShrink={0}>
            <ReleaseRows
              title={`1 Application releases on ${appHost(services)}`}
              rows={itemsOf(releases).map((release) => ({ kind: 'release' as const, release }))}
              selected={selected.app}
              focused={target === 'app'}
              width={width}
              height={listHeight}
              empty={emptyText(releases, 'no releases found')}
            />
          </Box>
          <Box height={listHeight} flexShrink={0}>
            <ReleaseRows
              title={`2 Observability snapshots on ${obsHost(services)}`}
              rows={itemsOf(snapshots).map((snapshot) => ({ kind: 'snapshot' as const, snapshot }))}
              selected={selected.observability}
              focused={target === 'observability'}
              width={width}
              height={listHeight}
              empty={emptyText(snapshots, 'no snapshots found')}
            />
          </Box>
          <Box flexGrow={1} />
          <Text color={theme.tone('warn')} wrap="truncate-end">
            {truncateToWidth(sanitizeLine(message ?? ''), width)}
          </Text>
          <Footer scopes={['menu', 'list', 'global']} width={width} omit={['details', 'rollback']} />
        </>
      )}
    </Box>
  );
}
