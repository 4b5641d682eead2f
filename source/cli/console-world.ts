// The console's world: the sandbox when the profile needs it (started in this process unless `sandbox up`
// runs), one ssh2 transport per host, and the runtime vars. It starts once, in the background; every service
// waits for it (`live`) and one that cannot be reached says why.
import type { HostKeyGate } from '../transport/transport.js';
import { ensureSandbox, type SandboxConnection } from '../sandbox/lifecycle/ensure.js';
import type { HostKeyAsk } from '../ui/app-services.js';
import { hostConnections, type HostConnections } from './host-connections.js';
import type { Session } from './session.js';
import { sandboxFailure } from './sandbox-failure.js';

/** The world once its hosts can be reached. */
export type ReadyWorld = {
  kind: 'ready';
  connections: HostConnections;
  runtimeVars: Record<string, string>;
  sandbox?: SandboxConnection;
};

export type WorldState = { kind: 'starting' } | ReadyWorld | { kind: 'failed'; message: string };

export type ConsoleWorld = {
  /** Settles once the world is ready or failed. */
  ready: Promise<void>;
  /** The world as it is now (the run screen may not wait). */
  state: () => WorldState;
  /** The ready world, or an error saying why there is none. */
  live: () => Promise<ReadyWorld>;
  /** The UI's answerer for unknown host keys; none installed means refuse (as headless does). */
  setHostKeyAsk: (ask: HostKeyAsk | undefined) => void;
  close: () => Promise<void>;
};

export function startConsoleWorld(session: Session): ConsoleWorld {
  const { profile, home } = session;
  let world: WorldState = { kind: 'starting' };
  let askHostKey: HostKeyAsk | undefined;
  const hostKeyGate: HostKeyGate = async (question) =>
    askHostKey === undefined ? false : askHostKey({ ...question });
  const ready = (async () => {
    try {
      const sandbox = session.sandbox ?? (profile.servedBySandbox ? await ensureSandbox(home) : undefined);
      if (sandbox) session.sandbox = sandbox;
      world = {
        kind: 'ready',
        connections: hostConnections(profile, sandbox, { hostKeyGate }),
        runtimeVars: { ...sandbox?.runtimeVars, ...session.values?.overrides },
        ...(sandbox ? { sandbox } : {}),
      };
    } catch (error) {
      world = { kind: 'failed', message: sandboxFailure(home, error).join('; ') };
    }
  })();
  return {
    ready,
    state: () => world,
    live: async () => {
      await ready;
      if (world.kind !== 'ready') throw new Error(world.kind === 'failed' ? world.message : 'not ready');
      return world;
    },
    setHostKeyAsk: (ask) => {
      askHostKey = ask;
    },
    close: async () => {
      await ready;
      if (world.kind !== 'ready') return;
      await world.connections.close();
      if (world.sandbox?.owned) await world.sandbox.stop();
    },
  };
}
