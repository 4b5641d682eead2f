// `chom-console` without a command: the home screen on a terminal (the Ink UI plugs in here), else help.
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { profileRef } from './profile-source.js';

/** Prints the placeholder home text on a TTY; returns undefined when the caller should print help instead. */
export function homeCommand(options: GlobalOptions, io: CliIo): ExitCode | undefined {
  if (!io.isTTY || options.plain) return undefined;
  io.out(
    [
      `chom-console — profile: ${profileRef(options, io)}`,
      '',
      'The interactive home screen is not in this build yet. Try:',
      '  chom-console plan               phases, steps and exact commands',
      '  chom-console profiles list      the available profiles',
      '  chom-console --help             every command',
    ].join('\n'),
  );
  return exitCodes.ok;
}
