// The session of the home screen, without run-session.ts's imports (the sandbox world, ssh2, the profile
// loader): home draws its first frame from the profile alone (deferred-services.ts). The same steps as
// loadSession's usual path: the profile (--profile, else remembered, else sandbox), loaded and remembered.
import { userInfo } from 'node:os';
import { consoleHome } from '../sandbox/lifecycle/paths.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { loadForCommand, profileRef } from './profile-source.js';
import type { Session } from './session.js';
import { rememberProfile } from './settings.js';
import { runValues } from './run-values.js';

function operatorName(io: CliIo): string {
  try {
    return userInfo().username;
  } catch {
    return io.env.USER ?? 'operator';
  }
}

/** Loads home's profile (exit 2 with the issues when it does not load) and remembers it. */
export async function homeSession(
  options: GlobalOptions,
  io: CliIo,
): Promise<{ ok: true; session: Session } | { ok: false; code: ExitCode }> {
  const ref = profileRef(options, io);
  const profile = await loadForCommand(ref, io);
  if (!profile) return { ok: false, code: exitCodes.usage };
  const home = consoleHome(io.env as NodeJS.ProcessEnv);
  const values = runValues(profile, { ...(options.var && { var: options.var }) }, home);
  if (!values.ok) {
    io.err(`refused before connecting: ${values.message}`);
    return { ok: false, code: exitCodes.usage };
  }
  rememberProfile(ref, io);
  return {
    ok: true,
    session: { ref, profile, home, operator: operatorName(io), io, values: values.values },
  };
}
