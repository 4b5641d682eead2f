// A start that fails (a port another program holds) leaves nothing behind: no listener of its own, no
// Prometheus or Alertmanager it started, no claim on the home. A second start of a running world is refused
// before it touches anything, and `sandbox reset` does not move the ports of a sandbox that runs.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import { claimOwner, liveOwner } from '../../source/sandbox/lifecycle/owner.js';
import { portIsFree, type PortName, type Ports } from '../../source/sandbox/lifecycle/ports.js';
import { resetWorld } from '../../source/sandbox/lifecycle/reset.js';
import { startSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { createWorld } from '../../source/sandbox/world/world.js';

const home = mkdtempSync(join(tmpdir(), 'chom-failed-start-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const portsFile = join(home, 'sandbox/ports.json');
const owner = join(home, 'sandbox/owner.pid');
const ports = (): Ports => JSON.parse(readFileSync(portsFile, 'utf8')) as Ports;
const states = async (): Promise<string[]> =>
  (await runOnHost(home, 'mentat', 'systemctl is-active prometheus alertmanager')).stdout.trim().split('\n');
// the ports this process's own servers listen on (Prometheus and Alertmanager are processes of their own)
const inProcess: PortName[] = [
  'app',
  'grafana',
  'loki',
  'blackbox',
  'smtp',
  'node_landsraad',
  'phpfpm_landsraad',
];

describe('a sandbox start that fails', () => {
  it('closes what it opened and stops what it started', async () => {
    await createWorld(home);
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(ports().grafana, '127.0.0.1', resolve));
    try {
      await expect(startSandbox({ home, sshd: false })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${ports().grafana} (EADDRINUSE)`,
      );
      for (const name of inProcess.filter((n) => n !== 'grafana'))
        expect([name, await portIsFree(ports()[name])]).toEqual([name, true]);
      expect(await states()).toEqual(['inactive', 'inactive']);
      expect(existsSync(owner)).toBe(false);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('leaves a running sandbox of the same home running, and reset leaves its ports where they are', async () => {
    const running = await startSandbox({ home, sshd: false });
    try {
      expect(readFileSync(owner, 'utf8').split('\n')[0]).toBe(String(process.pid));
      await expect(startSandbox({ home, sshd: false })).rejects.toThrow(
        `sandbox: this world already runs in process ${process.pid} (this one); stop it first`,
      );
      expect(await states()).toEqual(['active', 'active']);
      expect((await fetch(`${running.runtimeVars.sandbox_app_url}/up`)).status).toBe(200);
      // with its Prometheus and Alertmanager down, only the owner file tells reset the ports are this world's
      await runOnHost(home, 'mentat', 'systemctl stop prometheus alertmanager');
      const before = ports();
      const { movedPorts } = await resetWorld(home);
      expect(movedPorts).toEqual([]);
      expect(ports()).toEqual(before);
    } finally {
      await running.stop();
    }
    expect(existsSync(owner)).toBe(false);
  });
});

describe('the claim on a home', () => {
  it('replaces a claim left by a killed process, and refuses a live one', () => {
    const file = join(home, 'claim.pid');
    writeFileSync(file, '999999999\nstale\n');
    expect(liveOwner(file)).toBeUndefined();
    const first = claimOwner(file);
    expect('release' in first).toBe(true);
    expect(claimOwner(file)).toEqual({ owner: process.pid });
    if ('release' in first) first.release();
    expect(existsSync(file)).toBe(false);
  });
});
