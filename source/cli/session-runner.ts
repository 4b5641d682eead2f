// The one place cli/ makes a runner: the session's profile, operator and state directory (for the journal)
// with the live hosts' transports and runtime vars; each command adds only what its run is (plan, gates,
// signal, and the resume, recovered run, facts or redactor the engine prepared).
import type { Runner } from '../engine/run/runner.js';
import { createRunner } from '../engine/run/runner.js';
import type { RunOptions } from '../engine/run/run-types.js';
import type { HostConnections } from './host-connections.js';
import type { Session } from './session.js';

/** The hosts a run goes over: connected up front by a command, or the TUI's world once it is ready. */
export type LiveHosts = { connections: HostConnections; runtimeVars: Record<string, string> };

/** What differs between runs: what runs, who answers its questions, what stops it. */
export type RunPart = Pick<RunOptions, 'plan' | 'gates' | 'signal'> &
  Partial<Pick<RunOptions, 'resume' | 'recovers' | 'initialFacts' | 'redactor' | 'planGuard'>>;

export function sessionRunner(
  session: Pick<Session, 'profile' | 'operator' | 'home'>,
  hosts: LiveHosts,
  run: RunPart,
): Runner {
  return createRunner({
    profile: session.profile,
    transports: hosts.connections.transports,
    operator: session.operator,
    runtimeVars: hosts.runtimeVars,
    profileDir: session.profile.dir,
    stateDir: session.home,
    ...run,
  });
}
