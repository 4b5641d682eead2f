// What the App decides, apart from what it draws: the screen stack, the runs it started (abort, dispose,
// exit code), the global keys (? help, q quit, R rollback), the quit question and the line under the header.
// App.tsx lays these out; screens/ScreenRoute.tsx shows the screen on top of the stack.
import { useEffect, useRef, useState } from 'react';
import type { StopCause } from '../../engine/run/abort.js';
import type { HistoryEntry } from '../../engine/run/run-history.js';
import type { AppServices, RunRequest } from '../app-services.js';
import { useHostKeyQuestions } from '../screens/HostKeyDialog.js';
import type { HomeAction } from '../screens/home/home-actions.js';
import { preloadScreens, sessionModules } from '../screens/lazy-screens.js';
import { initialNav, reduceNav, sessionOf, type NavAction, type Route } from '../screens/navigation.js';
import type { ScreenActions } from '../screens/ScreenRoute.js';
import type { RunSession } from '../screens/session/run-session.js';
import { useAsync } from './use-async.js';
import { useKeyLayer } from './use-key-dispatcher.js';
import { useLatestReducer } from './use-latest-reducer.js';
import { useNotice } from './use-notice.js';

/** Where the console opens: a run (`chom-console deploy` on a terminal) or the rollback picker. */
export type StartScreen = { kind: 'run'; request: RunRequest } | { kind: 'rollback' };

/** Hooks the host process uses on signals: abort every running run (the lock is released), saying why. */
export type AppControls = { abortAll?: (cause?: StopCause) => Promise<void> };

/** What {@link useAppController} needs of the App's props. */
type AppControllerOptions = {
  services: AppServices;
  onExit: (code: number) => void;
  controls?: AppControls;
  frameMs?: number;
  opening?: StartScreen;
};

/** The runs the App started: which still run, aborting them, disposing those no screen shows, the exit. */
function useSessions(stack: readonly Route[], onExit: (code: number) => void, controls?: AppControls) {
  const sessions = useRef<RunSession[]>([]);
  const exited = useRef(false);
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
  return { sessions, abortAll, exit, lastExitCode, busyReason };
}

/** The dialogs above the screen and the global keys: help, the quit question, R. */
function useGlobalKeys(
  route: Route,
  nav: (action: NavAction) => void,
  say: (text?: string) => void,
  runs: ReturnType<typeof useSessions>,
) {
  const [help, setHelp] = useState(false);
  const [quitReason, setQuitReason] = useState<string | undefined>(undefined);
  const requestQuit = (): void => {
    const reason = runs.busyReason();
    if (reason === undefined) runs.exit(runs.lastExitCode());
    else setQuitReason(reason);
  };
  useKeyLayer({
    scopes: ['global'],
    handlers: {
      help: () => setHelp((shown) => !shown),
      quit: () => requestQuit(),
      rollback: () => {
        const reason = runs.busyReason();
        if (reason !== undefined) say(`${reason} Finish or abort it (q) before rolling back.`);
        else if (route.kind !== 'rollback') nav({ type: 'push', route: { kind: 'rollback' } });
      },
    },
  });
  return {
    help,
    closeHelp: () => setHelp(false),
    quitReason,
    requestQuit,
    /** The quit question's answers: quit aborts every run first (exit 130), stay keeps everything. */
    quit: () => {
      setQuitReason(undefined);
      void runs.abortAll().then(() => runs.exit(130));
    },
    stay: () => setQuitReason(undefined),
  };
}

/** The App's state and what its screens can ask of it. */
export function useAppController({ services, onExit, controls, frameMs, opening }: AppControllerOptions) {
  const [stack, nav] = useLatestReducer(reduceNav, initialNav);
  // Installed before the first hosts() call below connects: an unknown host key asks the operator.
  const hostKey = useHostKeyQuestions(services);
  const [hosts, reloadHosts] = useAsync(() => services.hosts());
  const [facts, reloadFacts] = useAsync(() => services.homeFacts());
  // the line under the header belongs to the screen it was said on: gone once the stack changes
  const [message, say] = useNotice({ scope: stack });
  const route = stack[stack.length - 1] as Route;
  const runs = useSessions(stack, onExit, controls);
  const global = useGlobalKeys(route, nav, say, runs);
  const historyRow = useRef(0);
  // A finished deploy opens its checklist once; Esc from there shows the finished run again, not a new check.
  const verified = useRef(new WeakSet<RunSession>());

  const start = (request: RunRequest, how: 'push' | 'replace', note?: string): void => {
    const refused = (error: unknown) =>
      say(`${request.mode} cannot start: ${error instanceof Error ? error.message : String(error)}`);
    sessionModules.start.use(({ startSession }) => {
      let session: RunSession;
      try {
        session = startSession(services, request, frameMs);
      } catch (error) {
        refused(error);
        return;
      }
      show(session, request, how, note);
    }, refused);
  };
  const show = (session: RunSession, request: RunRequest, how: 'push' | 'replace', note?: string): void => {
    runs.sessions.current.push(session);
    const next: Route =
      request.mode === 'verify'
        ? { kind: 'checklist', session, ...(note !== undefined ? { note } : {}) }
        : request.mode === 'assess'
          ? { kind: 'assess', session }
          : { kind: 'run', session };
    say(undefined);
    nav({ type: how, route: next });
  };
  const reopen = (entry: HistoryEntry, selected: number, checks?: HistoryEntry): void => {
    historyRow.current = selected;
    const failed = (error: unknown) =>
      say(`cannot reopen run ${entry.runId}: ${error instanceof Error ? error.message : String(error)}`);
    sessionModules.journal.use(({ JournalSession }) => {
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
        failed(error);
      }
    }, failed);
  };
  const deployed = (session: RunSession): void => {
    if (session.mode === 'fix') {
      // A fix came from the checklist: check again in its place.
      nav({ type: 'pop' });
      start(
        { mode: 'verify' },
        'replace',
        'Fix finished ✓ — checking the success criteria again (read-only)',
      );
      return;
    }
    if (verified.current.has(session)) return;
    verified.current.add(session);
    // a profile without success criteria has nothing to check: the finished deploy stays on its screen
    if (services.profile.checks.length === 0) return;
    start(
      { mode: 'verify' },
      'push',
      "Deploy finished ✓ — checking the success criteria (read-only) · Esc: the deploy's screen",
    );
  };

  useOpening(opening, nav, start);
  useHomeRefresh(route, reloadHosts, reloadFacts);
  const actions: ScreenActions = {
    home: (action) =>
      homeAction(action, {
        start,
        nav,
        requestQuit: global.requestQuit,
        openHistory: () => {
          historyRow.current = 0;
        },
      }),
    start,
    back: () => nav({ type: 'pop' }),
    reopen,
    deployed,
    historyRow: () => historyRow.current,
    sessionKey: (session) => runs.sessions.current.indexOf(session),
  };
  return { route, hostKey, hosts, facts, message, actions, ...global };
}

/** Home is on screen: fetch the other screens now; then open what the command asked for (once). */
function useOpening(
  opening: StartScreen | undefined,
  nav: (action: NavAction) => void,
  start: (request: RunRequest, how: 'push' | 'replace') => void,
): void {
  const opened = useRef(false);
  // home is on screen: fetch the other screens now, so a key pressed later finds them loaded
  useEffect(() => preloadScreens(), []);
  useEffect(() => {
    if (opened.current || opening === undefined) return;
    opened.current = true;
    if (opening.kind === 'rollback') nav({ type: 'push', route: { kind: 'rollback' } });
    else start(opening.request, 'push');
  });
}

/** Coming back home (not the first time) reads the hosts and home's facts again. */
function useHomeRefresh(route: Route, reloadHosts: () => void, reloadFacts: () => void): void {
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
}

/** What a home action does: a read-only run starts at once; deploy, rollback and history open their screen. */
function homeAction(
  action: HomeAction,
  app: {
    start: (request: RunRequest, how: 'push' | 'replace') => void;
    nav: (action: NavAction) => void;
    requestQuit: () => void;
    /** The history opens on its newest run. */
    openHistory: () => void;
  },
): void {
  switch (action) {
    case 'assess':
    case 'verify':
      return app.start({ mode: action }, 'push');
    case 'deploy':
      // Nothing starts yet: the pre-flight shows the plan; its Enter starts the deploy.
      return app.nav({ type: 'push', route: { kind: 'preflight' } });
    case 'rollback':
      return app.nav({ type: 'push', route: { kind: 'rollback' } });
    case 'history':
      app.openHistory();
      return app.nav({ type: 'push', route: { kind: 'history' } });
    case 'quit':
      return app.requestQuit();
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}
