// The world over SSH: the embedded ssh2 servers of startSandbox, and the same roots through real sshd.
import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { startWorld, type World } from '../helpers/sandbox-world.js';
import { sandboxSshdUnavailableReason, startSandboxSshd, type SandboxSshd } from '../helpers/sandbox-sshd.js';

let world: World | undefined;
let home: string;
let sandbox: RunningSandbox;

function exec(
  port: number,
  username: string,
  keyPath: string,
  command: string,
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on('ready', () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let stdout = '';
          stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          stream.stderr.on('data', () => undefined);
          stream.on('close', (code: number) => {
            client.end();
            resolve({ code, stdout });
          });
        });
      })
      .on('error', reject)
      .connect({ host: '127.0.0.1', port, username, privateKey: readFileSync(keyPath) });
  });
}

beforeAll(async () => {
  world = await startWorld('chom-sbx-ssh-');
  ({ home, sandbox } = world);
});
afterAll(async () => {
  await world?.close();
});

describe('embedded SSH hosts', () => {
  it('run commands in the host root with the stand-ins first in PATH', async () => {
    const landsraad = sandbox.hosts.landsraad!;
    const result = await exec(
      landsraad.port,
      'deploy',
      sandbox.clientKey.privateKeyPath,
      'pwd; command -v php; readlink var/www/chom/current',
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      landsraad.shell.cwd,
      `${landsraad.shell.cwd}/bin/php`,
      'releases/20260106_132320',
    ]);
    const mentat = await exec(
      sandbox.hosts.mentat!.port,
      'deploy',
      sandbox.clientKey.privateKeyPath,
      'systemctl is-active prometheus',
    );
    expect(mentat.stdout.trim()).toBe('active');
  });
});

const sshdReason = sandboxSshdUnavailableReason();
describe.skipIf(sshdReason !== undefined)('the same world through real sshd', () => {
  let sshd: SandboxSshd;
  beforeAll(async () => {
    sshd = await startSandboxSshd(home);
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('serves both roots with the sandbox environment and the same host keys', async () => {
    expect(sshd.hosts.landsraad.fingerprint).toBe(sandbox.hosts.landsraad!.fingerprint);
    const result = await exec(
      sshd.hosts.landsraad.port,
      sshd.user,
      sshd.clientKeyPath,
      'echo "$CHOM_SANDBOX_HOST"; cd "$CHOM_SANDBOX_ROOT/var/www/chom/current" && php artisan --version',
    );
    expect(result.stdout.trim().split('\n')).toEqual(['landsraad', 'Laravel Framework 10.48.4']);
    const mentat = await exec(
      sshd.hosts.mentat.port,
      sshd.user,
      sshd.clientKeyPath,
      'sudo -n systemctl is-active alertmanager',
    );
    expect(mentat.stdout.trim()).toBe('active');
  });
});
