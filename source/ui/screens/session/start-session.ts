// Starting a run from a screen: the plan's phases seed the step list, the bridge answers gates with
// dialogs, and the composition root (services.createRun) builds the runner with the real transports.
import { phasesInRunOrder } from '../../../engine/early-lock.js';
import { buildRunPlan } from '../../../engine/plan.js';
import type { Profile } from '../../../profile/schema.js';
import type { AppServices, RunRequest } from '../../app-services.js';
import { LogFollowers } from '../../../engine/log-followers.js';
import { GatesBridge } from '../../gates-bridge.js';
import { RunSession, type PlannedPhase } from './run-session.js';

/** The phases a request will run, for the step list (assess: one phase of probes per host). */
export function plannedPhases(profile: Profile, request: RunRequest): PlannedPhase[] {
  switch (request.mode) {
    case 'deploy':
      return (
        buildRunPlan(profile, { mode: 'deploy', ...(request.from ? { from: request.from } : {}) }).phases ??
        []
      );
    case 'rollback': {
      const plan = buildRunPlan(profile, { mode: 'rollback', target: request.rollbackTarget ?? 'app' });
      // The rollback holds the deploy lock: taken before the switch, so listed before it.
      return phasesInRunOrder(plan.phases ?? [], new Set(), profile.phases);
    }
    case 'verify':
      return [];
    case 'fix':
      return buildRunPlan(profile, { mode: 'fix', steps: request.fixSteps ?? [] }).phases ?? [];
    case 'assess': {
      const hosts = [...new Set(profile.assess.map((probe) => probe.host))];
      return hosts.map((host) => ({
        id: `assess-${host}`,
        title: `${host} probes`,
        steps: profile.assess.filter((probe) => probe.host === host),
      }));
    }
    default: {
      const unknown: never = request.mode;
      throw new Error(`plannedPhases: unknown mode ${String(unknown)}`);
    }
  }
}

/** The hosts that get a log pane: the profile's hosts, in profile order. */
export function paneHosts(profile: Profile): string[] {
  return Object.keys(profile.hosts);
}

const followers = new WeakMap<AppServices, LogFollowers>();

/** The console's one set of log followers: every run's panes read the same follower per host. */
export function followersOf(services: AppServices): LogFollowers {
  let found = followers.get(services);
  if (found === undefined) {
    const follow = services.follow?.bind(services) ?? (async () => undefined);
    found = new LogFollowers(follow);
    followers.set(services, found);
  }
  return found;
}

/** Creates and starts a run; throws what createRun or the plan throws (a PlanError is a profile problem). */
export function startSession(services: AppServices, request: RunRequest, frameMs?: number): RunSession {
  const planned = plannedPhases(services.profile, request);
  const bridge = new GatesBridge(services.operator);
  const controller = new AbortController();
  const runner = services.createRun(request, bridge.gates, controller.signal);
  return new RunSession({
    request,
    runner,
    bridge,
    controller,
    planned,
    hosts: paneHosts(services.profile),
    ...(services.follow ? { followers: followersOf(services) } : {}),
    ...(frameMs !== undefined ? { frameMs } : {}),
  });
}
