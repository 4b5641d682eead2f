// Which world am I touching? The last profile used is remembered (settings.json) and becomes the default of
// later commands, so one `--profile production` command would turn a later `deploy --plain --yes` meant for
// the sandbox into a production deploy. The rule: reading commands may use a remembered profile but name it
// on stderr; a headless command that changes hosts refuses a remembered profile other than the sandbox and
// prints the exact command that names it.
import { resolve } from 'node:path';
import { quote } from '../lib/shell-quote.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { defaultProfileName, lastUsedProfile, profilesDir } from './profile-source.js';

/** The commands that use a profile headless. */
export type ProfileCommand = 'deploy' | 'rollback' | 'plan' | 'assess' | 'verify';

function changesHosts(command: ProfileCommand): boolean {
  switch (command) {
    case 'deploy':
    case 'rollback':
      return true;
    case 'plan':
    case 'assess':
    case 'verify':
      return false;
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** True for the bundled sandbox profile, by name or by the path of its file. */
export function isSandboxRef(ref: string, io: CliIo): boolean {
  return ref === defaultProfileName || resolve(io.cwd, ref) === resolve(profilesDir(io), 'sandbox.yaml');
}

/** The operator's command line with the profile named first (shell-quoted, ready to paste). */
export function withProfile(ref: string, argv: readonly string[]): string {
  const word = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : quote(text));
  return ['chom-console', '--profile', ref, ...argv].map(word).join(' ');
}

/**
 * Applies the rule to a headless command: undefined lets it run (after naming a remembered profile on
 * stderr); exit 2 refuses it, with the command to run. `argv` is the operator's arguments (no --profile).
 */
export function rememberedProfileRule(
  command: ProfileCommand,
  options: GlobalOptions,
  io: CliIo,
  argv: readonly string[],
): ExitCode | undefined {
  if (options.profile !== undefined) return undefined;
  const remembered = lastUsedProfile(io);
  if (remembered === undefined) return undefined;
  if (!changesHosts(command) || isSandboxRef(remembered, io)) {
    io.err(`profile: ${remembered} (remembered from an earlier command; --profile NAME chooses another)`);
    return undefined;
  }
  io.err(
    [
      `refused: ${command} changes hosts, and profile "${remembered}" was not given: it is remembered from an earlier command.`,
      'Nothing was connected or changed. A command that changes hosts names any profile but the sandbox.',
      `To run it on ${remembered}:`,
      `  ${withProfile(remembered, argv)}`,
      'To run it on the sandbox:',
      `  ${withProfile(defaultProfileName, argv)}`,
    ].join('\n'),
  );
  return exitCodes.usage;
}
