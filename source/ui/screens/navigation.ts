// The screen stack: home at the bottom, then runs, the checklist, the assessment, the rollback picker, the
// run history and runs reopened from their journals. Esc pops; a finished deploy opens the checklist above
// its run screen, so Esc leads back to the finished run (steps, panes, command log).
import type { HistoryEntry } from '../../engine/run/run-history.js';
import type { JournalSession } from './session/journal-session.js';
import type { RunSession } from './session/run-session.js';

/** One screen and what it shows. */
export type Route =
  | { kind: 'home' }
  /** A deploy's pre-flight: read-only until Enter starts the deploy. */
  | { kind: 'preflight' }
  | { kind: 'run'; session: RunSession }
  | { kind: 'checklist'; session: RunSession; note?: string }
  | { kind: 'assess'; session: RunSession }
  | { kind: 'rollback' }
  | { kind: 'history' }
  /** A past run reopened from its journal, read-only (a verify shows as a checklist); `checks`: the verify
   * that followed a reopened deploy. */
  | { kind: 'journal'; view: JournalSession; checks?: HistoryEntry };

export type NavAction =
  { type: 'push'; route: Route } | { type: 'replace'; route: Route } | { type: 'pop' } | { type: 'home' };

export const initialNav: readonly Route[] = [{ kind: 'home' }];

export function reduceNav(stack: readonly Route[], action: NavAction): readonly Route[] {
  switch (action.type) {
    case 'push':
      return [...stack, action.route];
    case 'replace':
      return stack.length <= 1 ? [...stack, action.route] : [...stack.slice(0, -1), action.route];
    case 'pop':
      return stack.length <= 1 ? stack : stack.slice(0, -1);
    case 'home':
      return initialNav;
    default: {
      const unknown: never = action;
      throw new Error(`reduceNav: unknown action ${JSON.stringify(unknown)}`);
    }
  }
}

/** The session a route shows, if any. */
export function sessionOf(route: Route): RunSession | undefined {
  return route.kind === 'run' || route.kind === 'checklist' || route.kind === 'assess'
    ? route.session
    : undefined;
}
