// The console's root: the screen stack (home, runs, checklist, assessment, rollback), the global keys
// (? help, q quit, R rollback), the header, and the sessions the screens show. Screens stay small; the
// decisions live in navigation.ts, the sessions and the engine.
import { Box, Text } from 'ink';
import { Suspense, useEffect, useRef, useState } from 'react';
import { sanitizeLine, truncateToWidth } from '../lib/terminal-text.js';
import type { AppServices, RunRequest } from './app-services.js';
import { hostConnections, lockView } from './header-view.js';
import { LiveHeader } from './components/LiveHeader.js';
import { useAsync } from './hooks/use-async.js';
import { KeyDispatcherProvider, useKeyLayer } from './hooks/use-key-dispatcher.js';
import { useLatestReducer } from './hooks/use-latest-reducer.js';
import { useOptionalRunSnapshot } from './hooks/use-run.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useTheme } from './hooks/use-theme.js';
import { HelpLayer, helpScopes } from './screens/HelpLayer.js';
import type { HistoryEntry } from '../engine/run-history.js';
import { JournalSession } from './screens/session/journal-session.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { HostKeyDialog, hostKeyDialogRows, useHostKeyQuestions } from './screens/HostKeyDialog.js';
import type { HomeAction } from './screens/home/home-actions.js';
import { initialNav, reduceNav, sessionOf, type Route } from './screens/navigation.js';
import { QuitDialog } from './screens/QuitDialog.js';
import {
  AssessScreen,
  ChecklistScreen,
  HistoryScreen,
  JournalScreen,
  PreflightScreen,
  preloadScreens,
  RollbackScreen,
  RunScreen,
} from './screens/lazy-screens.js';
import type { RunSession } from './screens/session/run-session.js';
import { startSession } from './screens/session/start-session.js';
import type { StopCause } from '../engine/abort.js';

/** Where the console opens: a run (`chom-console deploy` on a terminal) or the rollback picker. */
export type StartScreen = { kind: 'run'; request: RunRequest } | { kind: 'rollback' };

/** Hooks the host process uses on signals: abort every running run (the lock is released), saying why. */
export type AppControls = { abortAll?: (cause?: StopCause) => Promise<void> };

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
  const [stack, nav] = useLatestReducer(reduceNav, initialNav);
  // Installed before the first hosts() call below connects: an unknown host key asks the operator.
  const hostKey = useHostKeyQuestions(services);
  const [hosts, reloadHosts] = useAsync(() => services.hosts());
  const [facts, reloadFacts] = useAsync(() => services.homeFacts());
  const [help, setHelp] = useState(false);
  const [quitReason, setQuitReason] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const sessions = useRef<RunSession[]>([]);
  const exited = useRef(false);
  const route = stack[stack.length - 1] as Route;
  const operator = services.operator;

  const running = (): RunSession[] => sessions.current.filter((session) => session.running);
  const abortAll = async (cause: StopCause = 'operator'): Promise<void> => {
    await Promise.all(running().map((session) => session.abort(cause)));
  };
  if (controls !== undefined) controls.abortAll = abortAll;

  const exit = (code: number): void => {
    if (exited.current) return;
    exited.current = true;
    for (const session of sessions.current) session.dispose();
    onExit(code);
  };
  const lastExitCode = (): number => {
    const last = [...sessions.current].reverse().find((session) => session.getSnapshot().summary !== null);
    return last?.getSnapshot().summary?.exitCode ?? 0;
  };
  const busyReason = (): string | undefined => {
    const busy = running()[0];
    if (busy === undefined) return undefined;
    const held = busy.getSnapshot().state.lock.kind === 'held-by-us';
    return `A ${busy.mode} is running${held ? ' and holds the deploy lock' : ''}.`;
  };
  const requestQuit = (): void => {
    const reason = busyReason();
    if (reason === undefined) exit(lastExitCode());
    else setQuitReason(reason);
  };
  const start = (request: RunRequest, how: 'push' | 'replace', note?: string): void => {
    let session: RunSession;
    try {
      session = startSession(services, request, frameMs);
    } catch (error) {
      setMessage(`${request.mode} cannot start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    sessions.current.push(session);
    const next: Route =
      request.mode === 'verify'
        ? { kind: 'checklist', session, ...(note !== undefined ? { note } : {}) }
        : request.mode === 'assess'
          ? { kind: 'assess', session }
          : { kind: 'run', session };
    setMessage(undefined);
    nav({ type: how, route: next });
  };
  const onHomeAction = (action: HomeAction): void => {
    switch (action) {
      case 'assess':
      case 'verify':
        return start({ mode: action }, 'push');
      case 'deploy':
        // Nothing starts yet: the pre-flight shows the plan; its Enter starts the deploy.
        return nav({ type: 'push', route: { kind: 'preflight' } });
      case 'rollback':
        return nav({ type: 'push', route: { kind: 'rollback' } });
      case 'history':
        historyRow.current = 0;
        return nav({ type: 'push', route: { kind: 'history' } });
      case 'quit':
        return requestQuit();
      default: {
        const unknown: never = action;
        return unknown;
      }
    }
  };
  const back = (): void => nav({ type: 'pop' });
  const historyRow = useRef(0);
  const reopen = (entry: HistoryEntry, selected: number, checks?: HistoryEntry): void => {
    historyRow.current = selected;
    try {
      if (services.readJournal === undefined) throw new Error('this console cannot read journals');
      const view = new JournalSession(
        entry,
        services.readJournal(entry.journal),
        Object.keys(services.profile.hosts),
        checks !== undefined,
      );
      nav({ type: 'push', route: { kind: 'journal', view, ...(checks ? { checks } : {}) } });
    } catch (error) {
      setMessage(
        `cannot reopen run ${entry.runId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  // A finished deploy opens its checklist once; Esc from there shows the finished run again, not a new check.
  const verified = useRef(new WeakSet<RunSession>());
  const opened = useRef(false);
  // home is on screen: fetch the other screens now, so a key pressed later finds them loaded
  useEffect(() => preloadScreens(), []);
  useEffect(() => {
    if (opened.current || opening === undefined) return;
    opened.current = true;
    if (opening.kind === 'rollback') nav({ type: 'push', route: { kind: 'rollback' } });
    else start(opening.request, 'push');
  });

  useKeyLayer({
    scopes: ['global'],
    handlers: {
      help: () => setHelp((shown) => !shown),
      quit: () => requestQuit(),
      rollback: () => {
        const reason = busyReason();
        if (reason !== undefined) setMessage(`${reason} Finish or abort it (q) before rolling back.`);
        else if (route.kind !== 'rollback') nav({ type: 'push', route: { kind: 'rollback' } });
      },
    },
  });

  // Sessions leave with their screens; coming home refreshes what the hosts look like now.
  const wereShown = useRef<RunSession[]>([]);
  useEffect(() => {
    const shown = stack.map(sessionOf).filter((session) => session !== undefined);
    for (const session of wereShown.current) if (!shown.includes(session)) session.dispose();
    // A finished run kept under another screen (the deploy under its checklist) stops following the hosts'
    // logs: one set of followers at a time. Its steps, panes and command log stay as they were.
    const top = sessionOf(stack[stack.length - 1] as Route);
    for (const session of shown) if (session !== top && !session.running) session.dispose();
    wereShown.current = shown;
  }, [stack]);
  const firstHome = useRef(true);
  useEffect(() => {
    if (route.kind !== 'home') return;
    if (firstHome.current) {
      firstHome.current = false;
      return;
    }
    reloadHosts();
    reloadFacts();
  }, [route.kind, reloadHosts, reloadFacts]);
  useEffect(() => setMessage(undefined), [route]);

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
      {...(session !== undefined
        ? {
            mode:
              session.mode === 'verify' || session.mode === 'assess'
                ? `${session.mode} (read-only)`
                : session.mode,
          }
        : {})}
      width={width}
    />
  );
  // The quit question and the help overlay sit above the screen, which stays mounted (a half-typed form
  // survives "Stay"); the screen gets the rows that are left.
  // An unknown host key comes first; a pending quit question waits (still there) until it is answered.
  const quitRows = hostKey !== null ? hostKeyDialogRows : quitReason === undefined ? 0 : 7;
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
    ) : quitReason === undefined ? null : (
      <QuitDialog
        reason={quitReason}
        width={Math.min(width, 80)}
        onQuit={() => {
          setQuitReason(undefined);
          void abortAll().then(() => exit(130));
        }}
        onStay={() => setQuitReason(undefined)}
      />
    );
  const helpLayer = help ? (
    <HelpLayer
      scopes={helpScopes(route.kind === 'journal' && route.view.mode === 'verify' ? 'checklist' : route.kind)}
      width={width}
      height={height}
      onClose={() => setHelp(false)}
    />
  ) : null;
  const body = (() => {
    const height = screenHeight;
    switch (route.kind) {
      case 'home':
        return (
          <HomeScreen
            services={services}
            hosts={hosts}
            facts={facts}
            width={width}
            height={height}
            {...(message !== undefined ? { message } : {})}
            onAction={onHomeAction}
          />
        );
      case 'preflight':
        return (
          <PreflightScreen
            services={services}
            width={width}
            height={height}
            onStart={() => start({ mode: 'deploy' }, 'replace')}
            onBack={back}
          />
        );
      case 'run':
        return (
          <RunScreen
            key={route.session.getSnapshot().state.runId ?? sessions.current.indexOf(route.session)}
            session={route.session}
            services={services}
            operator={operator}
            width={width}
            height={height}
            animate={animate}
            onBack={back}
            onResume={(runId) => start({ mode: 'deploy', resume: runId }, 'replace')}
            onDeployed={() => {
              if (route.session.mode === 'fix') {
                // A fix came from the checklist: check again in its place.
                nav({ type: 'pop' });
                start(
                  { mode: 'verify' },
                  'replace',
                  'Fix finished ✓ — checking the success criteria again (read-only)',
                );
                return;
              }
              if (verified.current.has(route.session)) return;
              verified.current.add(route.session);
              start(
                { mode: 'verify' },
                'push',
                "Deploy finished ✓ — checking the success criteria (read-only) · Esc: the deploy's screen",
              );
            }}
          />
        );
      case 'checklist':
        return (
          <ChecklistScreen
            key={sessions.current.indexOf(route.session)}
            session={route.session}
            services={services}
            width={width}
            height={height}
            {...(route.note !== undefined ? { note: route.note } : {})}
            animate={animate}
            onRerun={() => start({ mode: 'verify' }, 'replace')}
            onFix={(stepId) => start({ mode: 'fix', fixSteps: [stepId] }, 'push')}
            onBack={back}
          />
        );
      case 'assess':
        return (
          <AssessScreen
            session={route.session}
            services={services}
            width={width}
            height={height}
            animate={animate}
            onBack={back}
          />
        );
      case 'rollback':
        return (
          <RollbackScreen
            services={services}
            width={width}
            height={height}
            onStart={(request) => start(request, 'replace')}
            onBack={back}
          />
        );
      case 'history':
        return (
          <HistoryScreen
            services={services}
            width={width}
            height={height}
            selected={historyRow.current}
            onOpen={reopen}
            onBack={back}
          />
        );
      case 'journal': {
        const checks = route.checks;
        return (
          <JournalScreen
            key={route.view.entry.runId}
            view={route.view}
            services={services}
            operator={operator}
            width={width}
            height={height}
            onBack={back}
            {...(checks ? { onChecks: () => reopen(checks, historyRow.current) } : {})}
          />
        );
      }
      default: {
        const unknown: never = route;
        return unknown;
      }
    }
  })();
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
      <Box height={screenHeight} flexDirection="column" display={help ? 'none' : 'flex'}>
        <Suspense
          fallback={
            <Text color={theme.tone('muted')} wrap="truncate-end">
              loading the screen…
            </Text>
          }
        >
          {body}
        </Suspense>
      </Box>
    </Box>
  );
}
