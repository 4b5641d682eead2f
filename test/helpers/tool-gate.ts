// A gate in front of a command on a sandbox host: the host's `bin/<tool>` (a stand-in, or a wrapper put in
// front of the system's tool) waits until the test opens the gate, so a fault can be injected while a step is
// known to be inside that command. `when` (a shell condition over the tool's "$@") limits which calls wait.
import { chmodSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
