// Starting a run from a screen: the composition root (services.createRun) builds the runner with the real
// transports, the runner's plan seeds the step list, and the bridge answers gates with dialogs.
import { listedPhases } from '../../../engine/run/run-request.js';
import type { Profile } from '../../../profile/schema.js';
import type { AppServices, RunRequest } from '../../app-services.js';
import { LogFollowers } from '../../../engine/run/log-followers.js';
import { GatesBridge } from '../../gates-bridge.js';
import { RunSession } from './run-session.js';

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

/** Creates and starts a run; throws what createRun throws (a request the profile or the journal cannot serve). */
export function startSession(services: AppServices, request: RunRequest, frameMs?: number): RunSession {
  const bridge = new GatesBridge(services.operator);
  const controller = new AbortController();
  const runner = services.createRun(request, bridge.gates, controller.signal);
  // the step list shows the plan the runner runs (built once, by createRun)
  const planned = listedPhases(services.profile, runner.plan);
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
