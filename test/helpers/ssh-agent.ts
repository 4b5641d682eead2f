// A real ssh-agent (the OpenSSH binary) holding one key, for agent-auth tests; stopped by pid.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './ssh-process.js';

/** A running agent: its socket and how to stop it. */
export type TestAgent = { socket: string; stop(): void };

export async function startAgent(dir: string, keyPath: string): Promise<TestAgent> {
  const socket = join(dir, `agent-${process.pid}-${Date.now()}.sock`);
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  await waitFor(() => existsSync(socket) || agent.exitCode !== null, 'ssh-agent socket');
  if (agent.exitCode !== null) throw new Error(`ssh-agent exited with ${agent.exitCode}`);
  const added = spawnSync('ssh-add', ['-q', keyPath], {
    encoding: 'utf8',
    env: { ...process.env, SSH_AUTH_SOCK: socket },
  });
  if (added.status !== 0) throw new Error(`ssh-add ${keyPath} failed: ${added.stderr}`);
  return {
    socket,
    stop: () => {
      if (agent.pid !== undefined && agent.exitCode === null) process.kill(agent.pid, 'SIGTERM');
    },
  };
}
