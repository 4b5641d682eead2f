// A gate in front of a command on a sandbox host: the host's `bin/<tool>` (a stand-in, or a wrapper put in
// front of the system's tool) waits until the test opens the gate, so a fault can be injected while a step is
// known to be inside that command. `when` (a shell condition over the tool's "$@") limits which calls wait.
// holdCall holds one call and then lets it run to its end whatever became of its channel (the fault matrix).
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quote } from '../../source/lib/shell-quote.js';
import { waitFor } from './ssh-process.js';

export type ToolGate = { waiting: () => Promise<void>; restore: () => void };

/** Holds `tool` on the host whose root is `hostRoot` until `restore()`. */
export function holdTool(
  hostRoot: string,
  tool: string,
  options: { when?: string; system?: string } = {},
): ToolGate {
  const bin = join(hostRoot, 'bin');
  const wrapper = join(bin, tool);
  const standIn = existsSync(wrapper);
  // A stand-in is moved aside and put back by restore(); a system tool gets a wrapper that restore() removes.
  const gate = standIn ? join(bin, `${tool}.real-fault-test`) : join(bin, `${tool}.gate-fault-test`);
  const real = standIn ? `"$CHOM_SANDBOX_ROOT/bin/${tool}"` : quote(options.system ?? `/usr/bin/${tool}`);
  const marker = join(hostRoot, 'tmp', `fault-waiting-${tool}`);
  if (standIn) renameSync(wrapper, gate);
  else writeFileSync(gate, '');
  writeFileSync(
    wrapper,
    [
      '#!/usr/bin/env bash',
      ...(options.when ? [`if ${options.when}; then`] : ['if true; then']),
      `  mkdir -p -- "$CHOM_SANDBOX_ROOT/tmp" && touch -- "$CHOM_SANDBOX_ROOT/tmp/fault-waiting-${tool}"`,
      `  echo "fault test: ${tool} waits at the gate" >&2`,
      // A gate, not a timer: it opens when the test calls restore(), which never happens while the fault is
      // being injected; the process is killed with its channel.
      `  while [ -e "$CHOM_SANDBOX_ROOT/bin/${tool}.${standIn ? 'real' : 'gate'}-fault-test" ]; do sleep 0.05; done`,
      'fi',
      `exec ${real} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(wrapper, 0o755);
  return {
    waiting: () => waitFor(() => existsSync(marker), `${hostRoot}: ${tool} to reach the gate`, 120_000),
    restore: () => {
      if (standIn) renameSync(gate, wrapper);
      else {
        rmSync(gate, { force: true });
        rmSync(wrapper, { force: true });
      }
      rmSync(marker, { force: true });
    },
  };
}

/** One call held by holdCall: wait for it at the gate, open the gate, wait for it to finish, put the tool back. */
export type HeldCall = {
  waiting: () => Promise<void>;
  release: () => void;
  finished: () => Promise<void>;
  restore: () => void;
};

/**
 * Holds the first call of `bin/<tool>` on a host whose arguments contain `args` at a gate, the way a step is
 * caught in flight; other calls pass straight through. Unlike holdTool, the held call takes its whole stdin
 * before it waits and, once released, runs to the end whatever became of its channel (output kept and replayed
 * afterwards): a fault injected meanwhile (console or sshd killed) leaves the host changed exactly as if the
 * command had completed and its result was lost. A tool that is not in the host's bin/ (curl) is wrapped there
 * in front of the system one. `stateDir` (outside the host root, so no scan of the host sees the stdin copy)
 * keeps the markers.
 */
export function holdCall(root: string, tool: string, args: string, stateDir: string): HeldCall {
  const bin = join(root, 'bin');
  const dir = join(stateDir, `${tool}-held`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const own = existsSync(join(bin, tool));
  const real = own ? join(bin, `${tool}.real-fault-test`) : `/usr/bin/${tool}`;
  if (own) renameSync(join(bin, tool), real);
  else if (!existsSync(real)) throw new Error(`holdCall: ${tool} is neither in ${bin} nor /usr/bin`);
  writeFileSync(join(dir, 'armed'), '');
  writeFileSync(join(dir, 'gate'), '');
  writeFileSync(
    join(bin, tool),
    [
      '#!/usr/bin/env bash',
      `real=${quote(real)}; dir=${quote(dir)}; args=${quote(args)}`,
      '[[ "$*" == *"$args"* ]] && rm -- "$dir/armed" 2>/dev/null || exec "$real" "$@"',
      'cat > "$dir/stdin"',
      'touch -- "$dir/waiting"',
      // A gate, not a timer: it opens when the test removes the gate file.
      'while [ -e "$dir/gate" ]; do sleep 0.05; done',
      '"$real" "$@" < "$dir/stdin" > "$dir/stdout" 2> "$dir/stderr"; code=$?',
      'rm -f -- "$dir/stdin"',
      // finished before the replay: with sshd stopped, a replay larger than a pipe buffer would block
      'touch -- "$dir/finished"',
      'cat -- "$dir/stdout"; cat -- "$dir/stderr" >&2',
      'exit "$code"',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, tool), 0o755);
  return {
    waiting: () =>
      waitFor(() => existsSync(join(dir, 'waiting')), `${tool} ${args} to reach the gate`, 120_000),
    release: () => rmSync(join(dir, 'gate'), { force: true }),
    finished: () => waitFor(() => existsSync(join(dir, 'finished')), `${tool} ${args} to finish`, 120_000),
    restore: () => {
      rmSync(join(dir, 'gate'), { force: true });
      if (own && existsSync(real)) renameSync(real, join(bin, tool));
      else if (!own) rmSync(join(bin, tool), { force: true });
    },
  };
}
