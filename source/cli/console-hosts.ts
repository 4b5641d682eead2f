// The console's view of its hosts: each host's connection state for the home screen, the header's round-trip
// watch over the open connections (it never opens one), and the log followers, which outlive runs (one per
// source for the console's life) until the console quits.
import { followHost } from '../engine/run/host-read.js';
import type { Redactor } from '../engine/run/redaction.js';
import { RoundTripWatch } from '../engine/run/round-trip-watch.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import type { AppServices, HostStatus } from '../ui/app-services.js';
import type { ConsoleWorld } from './console-world.js';
import { connectHosts } from './host-connections.js';
import type { HostReads } from './host-reads.js';

type HostServices = Pick<AppServices, 'hosts' | 'follow' | 'watchRoundTrips'> & {
  /** Stops every follower (the console quits). */
  stopFollowers: () => void;
};

export function consoleHosts(
  profile: LoadedProfile,
  world: ConsoleWorld,
  reads: HostReads,
  redactor: Redactor,
): HostServices {
  const followersStop = new AbortController();
  let watch: Promise<RoundTripWatch> | undefined;
  const roundTrips = (): Promise<RoundTripWatch> =>
    (watch ??= world
      .live()
      .then(
        ({ connections }) =>
          new RoundTripWatch(
            new Map(
              [...connections.transports].map(([name, transport]) => [
                name,
                () => transport.roundTrip?.() ?? Promise.reject(new Error('no round trip measure')),
              ]),
            ),
          ),
      ));
  return {
    hosts: async () => {
      const { connections } = await world.live();
      return Promise.all(
        Object.keys(profile.hosts).map(async (name): Promise<HostStatus> => {
          const address = connections.endpoints.get(name) ?? '?';
          const failure = await connectHosts(connections, [name]);
          if (failure !== null) return { name, address, connected: false, error: failure };
          const info = await connections.transports.get(name)!.connect();
          return {
            name,
            address,
            connected: true,
            latencyMs: Math.round(info.connectMs),
            fingerprint: info.fingerprint,
            trust: info.trust,
          };
        }),
      );
    },
    follow: async (host, onLine, signal) => {
      const logs = profile.logs[host];
      if (!logs) return;
      const { connections } = await world.live();
      const transport = connections.transports.get(host);
      if (!transport) return;
      const script = (await reads.scope()).render(logs.command, 'command');
      await followHost(
        transport,
        { host, script, user: logs.user },
        redactor,
        onLine,
        AbortSignal.any([signal, followersStop.signal]),
      );
    },
    watchRoundTrips: (listener) => {
      let unsubscribe: (() => void) | undefined;
      let stopped = false;
      roundTrips().then(
        (found) => {
          if (!stopped) unsubscribe = found.subscribe(listener);
        },
        () => undefined, // no world, no connections: the header shows the hosts' states alone
      );
      return () => {
        stopped = true;
        unsubscribe?.();
      };
    },
    stopFollowers: () => followersStop.abort(),
  };
}
