// Commands registered by the contract whose engine is not wired into this build yet.
import type { CliIo } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';

/** Says clearly that a command is not available yet, and what works instead; exit 2. */
export function notAvailable(command: string, io: CliIo): ExitCode {
  io.err(
    `chom-console ${command}: not available yet in this build. ` +
      'Use `chom-console plan` to see the phases, steps and exact commands, or `chom-console profiles validate FILE`.',
  );
  return exitCodes.usage;
}
