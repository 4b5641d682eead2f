// The hosts of `assess`: like run-session's openHosts (sandbox when the profile needs it, one transport per
// host), but WITHOUT connecting up front: each host connects inside its own batch, so an unreachable host
// becomes its report section's reason and the other host is still assessed.
import { ensureSandbox } from '../sandbox/lifecycle/ensure.js';
import type { CliIo } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { hostConnections, type HostConnections } from './host-connections.js';
import type { Session } from './session.js';
import { sandboxFailure } from './sandbox-failure.js';

/** Transports (not connected yet), runtime vars, and how to close both. */
export type AssessHosts = {
  connections: HostConnections;
  runtimeVars: Record<string, string>;
  close: () => Promise<void>;
};

export async function assessHosts(
  session: Session,
  io: CliIo,
): Promise<{ ok: true; hosts: AssessHosts } | { ok: false; code: ExitCode }> {
  if (!session.sandbox && session.profile.servedBySandbox) {
    try {
      session.sandbox = await ensureSandbox(session.home);
    } catch (error) {
      io.err(sandboxFailure(session.home, error).join('\n  '));
      return { ok: false, code: exitCodes.connect };
    }
  }
  const sandbox = session.sandbox;
  const stopSandbox = async (): Promise<void> => {
    if (sandbox?.owned) await sandbox.stop();
  };
  let connections: HostConnections;
  try {
    connections = hostConnections(session.profile, sandbox);
  } catch (error) {
    io.err(`cannot reach the hosts of profile ${session.profile.name}: ${(error as Error).message}`);
    await stopSandbox();
    return { ok: false, code: exitCodes.connect };
  }
  return {
    ok: true,
    hosts: {
      connections,
      runtimeVars: { ...sandbox?.runtimeVars, ...session.values?.overrides },
      close: async () => {
        await connections.close();
        await stopSandbox();
      },
    },
  };
}
