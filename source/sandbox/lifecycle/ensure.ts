// `ensureSandbox(home)`: the connection info other commands need, from a running `sandbox up` daemon when
// there is one, else from a sandbox started in this process (stopped by the caller through `stop`).
import { sandboxPaths, type HostName } from './paths.js';
import { startSandbox, type SandboxHost, type SandboxService } from './sandbox.js';
import { awaitMail, listMail, type MailRecord } from '../services/smtp-relay.js';
import { seedCommitNames } from '../world/repository.js';
import { readLiveStatus } from './status-file.js';
import { readFacts } from '../world/world.js';

/** What a command needs to talk to the sandbox; `owned` tells whether `stop` really stops it. */
export type SandboxConnection = {
  owned: boolean;
  hosts: Partial<Record<HostName, SandboxHost>>;
  clientKey: { privateKeyPath: string; publicKey: string };
  runtimeVars: Record<string, string>;
  /** Generated full hash → the seed report's name of that commit (repository.ts `seedCommitNames`). */
  commitNames?: Record<string, string>;
  services: SandboxService[];
  mail: {
    dir: string;
    list: () => MailRecord[];
    await: (match: (m: MailRecord) => boolean, timeoutMs?: number) => Promise<MailRecord>;
  };
  stop: () => Promise<void>;
};

/** The world's commit names; none when its facts cannot be read (shown as plain hashes then). */
export function worldCommitNames(home: string): Record<string, string> {
  try {
    return seedCommitNames(readFacts(home).commits);
  } catch {
    return {};
  }
}

export async function ensureSandbox(home: string): Promise<SandboxConnection> {
  const live = readLiveStatus(sandboxPaths(home).status);
  if (live) {
    return {
      owned: false,
      hosts: live.hosts,
      clientKey: live.clientKey,
      runtimeVars: live.runtimeVars,
      commitNames: worldCommitNames(home),
      services: live.services,
      mail: {
        dir: live.mailDir,
        list: () => listMail(live.mailDir),
        await: (match, timeoutMs) => awaitMail(live.mailDir, match, timeoutMs),
      },
      stop: async () => undefined,
    };
  }
  const sandbox = await startSandbox({ home });
  return {
    owned: true,
    hosts: sandbox.hosts,
    clientKey: sandbox.clientKey,
    runtimeVars: sandbox.runtimeVars,
    commitNames: seedCommitNames(sandbox.facts.commits),
    services: sandbox.services,
    mail: sandbox.mail,
    stop: sandbox.stop,
  };
}
