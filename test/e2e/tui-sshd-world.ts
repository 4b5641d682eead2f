// The sandbox world served by REAL OpenSSH sshd for a console in a terminal (shared by the terminal deploy
// over sshd and the operator's walk): a world with no embedded SSH server, one sshd per host
// (test/helpers/sandbox-sshd.ts), the relay's demo credentials, an operator HOME whose known_hosts trusts
// landsraad, and a profile extending the sandbox whose hosts are those sshd ports (mentat pinned by
// fingerprint). The CLI runs it with CHOM_CONSOLE_SANDBOX=1 for the world's runtime vars.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { repoRoot } from '../helpers/pty-terminal.js';
import { startSandboxSshd, type SandboxSshd } from '../helpers/sandbox-sshd.js';
import { startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

export type SshdConsoleWorld = {
  world: HeadlessWorld;
  sshd: SandboxSshd;
  /** The sandbox profile as loaded from profiles/ (step titles, checks). */
  profile: LoadedProfile;
  /** The profile file the CLI is given (`--profile`). */
  profilePath: string;
  /** The world's runtime vars (relay port and demo credentials among them). */
  vars: Record<string, string>;
  /** The environment of the CLI: its home, the sandbox's runtime vars, the operator's HOME. */
  env: Record<string, string>;
  close: () => Promise<void>;
};

export async function startSshdConsoleWorld(prefix: string): Promise<SshdConsoleWorld> {
  const loaded = loadProfile('sandbox', { profilesDir: join(repoRoot, 'profiles') });
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
  // No embedded SSH server: only the sshd processes below serve the hosts' roots.
  const world = await startHeadlessWorld(prefix, { sshd: false });
  expect(world.sandbox.hosts).toEqual({});
  const vars = world.sandbox.runtimeVars;
  world.sandbox.mail.setCredentials({
    user: vars['sandbox_smtp_user']!,
    password: vars['sandbox_smtp_password']!,
  });
  const sshd = await startSandboxSshd(world.home);
  const operatorHome = join(world.home, 'operator-home');
  mkdirSync(join(operatorHome, '.ssh'), { recursive: true, mode: 0o700 });
  const { landsraad, mentat } = sshd.hosts;
  writeFileSync(
    join(operatorHome, '.ssh/known_hosts'),
    `[127.0.0.1]:${landsraad.port} ${landsraad.hostKeyLine}\n`,
  );
  const profilePath = join(world.home, 'sandbox-sshd.yaml');
  writeFileSync(
    profilePath,
    [
      'name: sandbox-sshd',
      `extends: ${join(repoRoot, 'profiles/sandbox.yaml')}`,
      'hosts:',
      '  landsraad:',
      `    address: 127.0.0.1\n    port: ${landsraad.port}\n    user: ${sshd.user}\n    identity: ${sshd.clientKeyPath}\n    roles: [app]`,
      '  mentat:',
      `    address: 127.0.0.1\n    port: ${mentat.port}\n    user: ${sshd.user}\n    identity: ${sshd.clientKeyPath}`,
      `    fingerprint: ${mentat.fingerprint}\n    roles: [observability, deploy-hub]`,
      '',
    ].join('\n'),
  );
  return {
    world,
    sshd,
    profile: loaded.profile,
    profilePath,
    vars,
    env: { CHOM_CONSOLE_HOME: world.home, CHOM_CONSOLE_SANDBOX: '1', HOME: operatorHome },
    close: async () => {
      await sshd.stop();
      await world.close();
    },
  };
}
