// The `run` action: a profile command (already interpolated in command context), wrapped for user and cwd.
import { asUser } from './privilege.js';
import type { RemoteCommand } from './remote-command.js';

/** A run action after interpolation: `command` and `cwd` are shell text, `stdin` is raw. */
export type RunCommandArgs = {
  host: string;
  command: string;
  user?: string;
  /** A shell word (already quoted by interpolation in command context). */
  cwd?: string;
  stdin?: string;
  timeoutSeconds?: number;
  /** The stdin carries a secret. */
  sensitive?: boolean;
  description?: string;
};

export function buildRunCommand(args: RunCommandArgs): RemoteCommand {
  // `cd … || exit 1` on its own line: a multi-line command must never run in the wrong directory.
  const inner = args.cwd ? `cd -- ${args.cwd} || exit 1\n${args.command}` : args.command;
  return {
    host: args.host,
    script: asUser(inner, args.user),
    ...(args.stdin !== undefined ? { stdin: args.stdin } : {}),
    sensitive: args.sensitive ?? false,
    description: args.description ?? firstLine(args.command),
    ...(args.timeoutSeconds !== undefined ? { timeoutMs: args.timeoutSeconds * 1000 } : {}),
  };
}

function firstLine(command: string): string {
  const line = command.trim().split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}…` : line;
}
