// The console's root: the header, the line under it, the dialogs above the screen (an unknown host key, the
// quit question), the help overlay and the screen on top of the stack. What it decides lives in
// hooks/use-app-controller.ts (navigation, runs, global keys); the screens in screens/ScreenRoute.tsx.
import { Box, Text } from 'ink';
import { Suspense } from 'react';
import { sanitizeLine, truncateToWidth } from '../lib/terminal-text.js';
import type { AppServices } from './app-services.js';
import { headerMode, hostConnections, lockView } from './header-view.js';
import { LiveHeader } from './components/LiveHeader.js';
import { useAppController, type AppControls, type StartScreen } from './hooks/use-app-controller.js';
import { KeyDispatcherProvider } from './hooks/use-key-dispatcher.js';
import { useOptionalRunSnapshot } from './hooks/use-run.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useTheme } from './hooks/use-theme.js';
import { HelpLayer, helpScopes } from './screens/HelpLayer.js';
import { HostKeyDialog, hostKeyDialogRows } from './screens/HostKeyDialog.js';
import { sessionOf } from './screens/navigation.js';
import { QuitDialog } from './screens/QuitDialog.js';
import { ScreenRoute } from './screens/ScreenRoute.js';

export type { AppControls, StartScreen } from './hooks/use-app-controller.js';

/** Props of {@link App}. */
export type AppProps = {
  services: AppServices;
  /** Called once with the exit code (DESIGN.md: 0 ok, 1 failed, 130 aborted…). */
  onExit: (code: number) => void;
  controls?: AppControls;
  /** Rows when the output stream does not know its size (tests, some pipes). */
  rows?: number;
  /** Spinners on (false keeps frames stable for tests). */
  animate?: boolean;
  /** Minimum time between redraws of a run; default 33 ms. */
  frameMs?: number;
  /** Opened above home at start (Esc leads home); default: home only. */
  start?: StartScreen;
};

export function App(props: AppProps) {
  return (
    <KeyDispatcherProvider>
      <AppBody {...props} />
    </KeyDispatcherProvider>
  );
}

function AppBody({ services, onExit, controls, rows, animate = true, frameMs, start: opening }: AppProps) {
  const theme = useTheme();
  const size = useTerminalSize(rows);
  const app = useAppController({
    services,
    onExit,
    ...(controls !== undefined ? { controls } : {}),
    ...(frameMs !== undefined ? { frameMs } : {}),
    ...(opening !== undefined ? { opening } : {}),
  });
  const { route, hostKey, hosts, facts, message } = app;
  const width = size.columns;
  const messageRows = message !== undefined && route.kind !== 'home' ? 1 : 0;
  const height = Math.max(8, size.rows - 2 - messageRows);
  const session = sessionOf(route);
  const snapshot = useOptionalRunSnapshot(session);
  const header = (
    <LiveHeader
      services={services}
      // the profile's own name: a --profile path (shown in full on home) took the hosts' room at 80 columns
      profile={services.profile.name}
      hosts={hostConnections(hosts, Object.keys(services.profile.hosts))}
      production={Object.values(services.profile.hosts).some((host) => !('embedded' in host))}
      lock={lockView(facts.kind === 'ready' ? facts.value.lock : undefined, snapshot)}
      {...(session !== undefined ? { mode: headerMode(session.mode) } : {})}
      width={width}
    />
  );
  // The quit question and the help overlay sit above the screen, which stays mounted (a half-typed form
  // survives "Stay"); the screen gets the rows that are left.
  // An unknown host key comes first; a pending quit question waits (still there) until it is answered.
  const quitRows = hostKey !== null ? hostKeyDialogRows : app.quitReason === undefined ? 0 : 7;
  const screenHeight = Math.max(8, height - quitRows);
  const quit =
    hostKey !== null ? (
      <HostKeyDialog
        key={hostKey.id}
        question={hostKey.question}
        width={Math.min(width, 80)}
        onTrust={() => hostKey.answer(true)}
        onReject={() => hostKey.answer(false)}
      />
    ) : app.quitReason === undefined ? null : (
      <QuitDialog reason={app.quitReason} width={Math.min(width, 80)} onQuit={app.quit} onStay={app.stay} />
    );
  const helpLayer = app.help ? (
    <HelpLayer
      scopes={helpScopes(route.kind === 'journal' && route.view.mode === 'verify' ? 'checklist' : route.kind)}
      width={width}
      height={height}
      onClose={app.closeHelp}
    />
  ) : null;
  return (
    <Box flexDirection="column" width={width} height={size.rows - 1} overflow="hidden">
      {header}
      {messageRows > 0 ? (
        <Text color={theme.tone('warn')} wrap="truncate-end">
          {truncateToWidth(sanitizeLine(message ?? ''), width)}
        </Text>
      ) : null}
      {quit === null ? null : <Box flexShrink={0}>{quit}</Box>}
      {helpLayer}
      <Box height={screenHeight} flexDirection="column" display={app.help ? 'none' : 'flex'}>
        <Suspense
          fallback={
            <Text color={theme.tone('muted')} wrap="truncate-end">
              loading the screen…
            </Text>
          }
        >
          <ScreenRoute
            route={route}
            actions={app.actions}
            services={services}
            hosts={hosts}
            facts={facts}
            message={message}
            width={width}
            height={screenHeight}
            animate={animate}
          />
        </Suspense>
      </Box>
    </Box>
  );
}
