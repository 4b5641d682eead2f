// The screen on top of the stack, wired to what it can ask of the App (start a run, go back, reopen a past
// run). Every screen but home is lazy (lazy-screens.tsx): the App renders this inside <Suspense>.
import type { HistoryEntry } from '../../engine/run/run-history.js';
import type { AsyncState } from '../hooks/use-async.js';
import type { AppServices, HomeFacts, HostStatus, RunRequest } from '../app-services.js';
import type { HomeAction } from './home/home-actions.js';
import { HomeScreen } from './HomeScreen.js';
import {
  AssessScreen,
  ChecklistScreen,
  HistoryScreen,
  JournalScreen,
  PreflightScreen,
  RollbackScreen,
  RunScreen,
} from './lazy-screens.js';
import type { Route } from './navigation.js';
import type { RunSession } from './session/run-session.js';

/** What a screen can ask of the App (hooks/use-app-controller.ts). */
export type ScreenActions = {
  home(action: HomeAction): void;
  start(request: RunRequest, how: 'push' | 'replace', note?: string): void;
  back(): void;
  reopen(entry: HistoryEntry, selected: number, checks?: HistoryEntry): void;
  /** A deploy (or a checklist's fix) finished ok: the checklist follows. */
  deployed(session: RunSession): void;
  /** The history row to select when the history screen opens (the one a reopened run came from). */
  historyRow(): number;
  /** A started run's stable key (its place among the runs the App started). */
  sessionKey(session: RunSession): number;
};

/** Props of {@link ScreenRoute}. */
export type ScreenRouteProps = {
  route: Route;
  actions: ScreenActions;
  services: AppServices;
  hosts: AsyncState<HostStatus[]>;
  facts: AsyncState<HomeFacts>;
  /** The App's message, shown by home in its own place. */
  message: string | undefined;
  width: number;
  height: number;
  animate: boolean;
};

export function ScreenRoute(props: ScreenRouteProps) {
  const { route, actions, services, width, height, animate } = props;
  switch (route.kind) {
    case 'home':
      return (
        <HomeScreen
          services={services}
          hosts={props.hosts}
          facts={props.facts}
          width={width}
          height={height}
          {...(props.message !== undefined ? { message: props.message } : {})}
          onAction={actions.home}
        />
      );
    case 'preflight':
      return (
        <PreflightScreen
          services={services}
          width={width}
          height={height}
          onStart={(only) =>
            actions.start({ mode: 'deploy', ...(only !== undefined && { only }) }, 'replace')
          }
          onBack={actions.back}
        />
      );
    case 'run':
      return (
        <RunScreen
          key={route.session.getSnapshot().state.runId ?? actions.sessionKey(route.session)}
          session={route.session}
          services={services}
          operator={services.operator}
          width={width}
          height={height}
          animate={animate}
          onBack={actions.back}
          onResume={(runId) => actions.start({ mode: 'deploy', resume: runId }, 'replace')}
          onDeployed={() => actions.deployed(route.session)}
        />
      );
    case 'checklist':
      return (
        <ChecklistScreen
          key={actions.sessionKey(route.session)}
          session={route.session}
          services={services}
          width={width}
          height={height}
          {...(route.note !== undefined ? { note: route.note } : {})}
          animate={animate}
          onRerun={() => actions.start({ mode: 'verify' }, 'replace')}
          onFix={(stepId) => actions.start({ mode: 'fix', fixSteps: [stepId] }, 'push')}
          onBack={actions.back}
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
          onBack={actions.back}
        />
      );
    case 'rollback':
      return (
        <RollbackScreen
          services={services}
          width={width}
          height={height}
          onStart={(request) => actions.start(request, 'replace')}
          onBack={actions.back}
        />
      );
    case 'history':
      return (
        <HistoryScreen
          services={services}
          width={width}
          height={height}
          selected={actions.historyRow()}
          onOpen={actions.reopen}
          onBack={actions.back}
        />
      );
    case 'journal': {
      const checks = route.checks;
      return (
        <JournalScreen
          key={route.view.entry.runId}
          view={route.view}
          services={services}
          operator={services.operator}
          width={width}
          height={height}
          onBack={actions.back}
          {...(checks ? { onChecks: () => actions.reopen(checks, actions.historyRow()) } : {})}
        />
      );
    }
    default: {
      const unknown: never = route;
      return unknown;
    }
  }
}
