// `sandbox up | status | down | reset` through runSandboxCommand: a detached daemon publishing status.json,
// reused by ensureSandbox, stopped by `down`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSandboxCommand, type SandboxCommandIo } from '../../source/cli/sandbox-command.js';
import { ensureSandbox } from '../../source/sandbox/lifecycle/ensure.js';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import { claimOwner } from '../../source/sandbox/lifecycle/owner.js';
import { ephemeralRange, type Ports } from '../../source/sandbox/lifecycle/ports.js';
import { readLiveStatus } from '../../source/sandbox/lifecycle/status-file.js';

const home = mkdtempSync(join(tmpdir(), 'chom-sbx-cli-'));
const collect = (): SandboxCommandIo & { lines: string[]; errors: string[] } => {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
};

afterAll(async () => {
  await runSandboxCommand('down', { home, io: collect() });
  rmSync(home, { recursive: true, force: true });
});

describe('sandbox command', () => {
  it('reports a world that is not running', async () => {
    const io = collect();
    expect(await runSandboxCommand('status', { home, io })).toBe(0);
    expect(io.lines[0]).toContain('sandbox is not running');
  });

  it('starts a daemon with `up`, says so on a second `up`, and ensureSandbox reuses it', async () => {
    const io = collect();
    expect(await runSandboxCommand('up', { home, io })).toBe(0);
    expect(io.lines[0]).toMatch(/^sandbox up \(pid \d+\) in \d+ ms/);
    const status = readLiveStatus(join(home, 'sandbox/status.json'));
    expect(status?.hosts.landsraad?.fingerprint).toMatch(/^SHA256:/);
    const again = collect();
    expect(await runSandboxCommand('up', { home, io: again })).toBe(0);
    expect(again.lines[0]).toContain(`sandbox already up (pid ${status?.pid}`);
    const connection = await ensureSandbox(home);
    expect(connection.owned).toBe(false);
    expect(connection.hosts.mentat?.port).toBe(status?.hosts.mentat?.port);
    expect((await fetch(`${connection.runtimeVars.sandbox_app_url}/up`)).status).toBe(200);
    const json = collect();
    await runSandboxCommand('status', { home, io: json, format: 'json' });
    const parsed = JSON.parse(json.lines.join('\n')) as {
      running: boolean;
      status: { services: { name: string; kind: string }[] };
    };
    expect(parsed.running).toBe(true);
    expect(parsed.status.services.find((s) => s.name === 'prometheus')?.kind).toBe(
      existsSync('/usr/bin/prometheus') ? 'real' : 'stand-in',
    );
  });

  it('resets a running world to the same hash as fresh, with services running again', async () => {
    const before = collect();
    await runSandboxCommand('status', { home, io: before, format: 'json' });
    const fresh = (JSON.parse(before.lines.join('\n')) as { hash: string }).hash;
    await runOnHost(
      home,
      'landsraad',
      'cd "$CHOM_SANDBOX_ROOT/var/www/chom" && ln -sfn releases/20251120_150210 current',
    );
    const io = collect();
    expect(await runSandboxCommand('reset', { home, io })).toBe(0);
    expect(io.lines[0]).toContain(`hash ${fresh}`);
    expect(
      (await runOnHost(home, 'mentat', 'systemctl is-active prometheus alertmanager')).stdout
        .trim()
        .split('\n'),
    ).toEqual(['active', 'active']);
  });

  it('stops the daemon with `down`', async () => {
    const io = collect();
    expect(await runSandboxCommand('down', { home, io })).toBe(0);
    expect(io.lines[0]).toMatch(/^sandbox down/);
    expect(readLiveStatus(join(home, 'sandbox/status.json'))).toBeUndefined();
    expect((await runOnHost(home, 'mentat', 'systemctl is-active prometheus')).stdout.trim()).toBe(
      'inactive',
    );
  });

  it('keeps its ports outside the ephemeral range, where no outgoing connection can hold them', () => {
    const ports = Object.values(JSON.parse(readFileSync(join(home, 'sandbox/ports.json'), 'utf8')) as Ports);
    const [low, high] = ephemeralRange();
    expect(ports).toHaveLength(14);
    expect(new Set(ports).size).toBe(14);
    expect(ports.filter((port) => port >= low && port <= high)).toEqual([]);
  });

  it('moves a port another program took: `up` says so and points at reset, reset moves it, `up` works', async () => {
    const portsFile = join(home, 'sandbox/ports.json');
    const taken = (JSON.parse(readFileSync(portsFile, 'utf8')) as Ports).app;
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(taken, '127.0.0.1', resolve));
    try {
      const failed = collect();
      expect(await runSandboxCommand('up', { home, io: failed })).toBe(1);
      expect(failed.errors.join('\n')).toContain(`cannot listen on 127.0.0.1:${taken} (EADDRINUSE)`);
      expect(failed.errors.join('\n')).toContain(
        'run `chom-console sandbox reset` while no sandbox runs: it moves the world to free ports',
      );
      // the failed start stopped what it had started, Prometheus and Alertmanager included
      expect(
        (await runOnHost(home, 'mentat', 'systemctl is-active prometheus alertmanager')).stdout
          .trim()
          .split('\n'),
      ).toEqual(['inactive', 'inactive']);
      const reset = collect();
      expect(await runSandboxCommand('reset', { home, io: reset })).toBe(0);
      const moved = (JSON.parse(readFileSync(portsFile, 'utf8')) as Ports).app;
      expect(moved).not.toBe(taken);
      expect(reset.lines[0]).toBe(
        `sandbox reset: port ${taken} (app) is taken by another program; now ${moved}`,
      );
      expect(readFileSync(join(home, 'sandbox/world/landsraad/var/www/chom/shared/.env'), 'utf8')).toContain(
        `APP_URL=http://127.0.0.1:${moved}\n`,
      );
      const up = collect();
      expect(await runSandboxCommand('up', { home, io: up })).toBe(0);
      const connection = await ensureSandbox(home);
      expect(connection.runtimeVars.sandbox_app_url).toBe(`http://127.0.0.1:${moved}`);
      expect((await fetch(`${connection.runtimeVars.sandbox_app_url}/up`)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('does not start a second daemon for a world a console runs in-process (or a starting `sandbox up`)', async () => {
    expect(await runSandboxCommand('down', { home, io: collect() })).toBe(0);
    const claim = claimOwner(join(home, 'sandbox/owner.pid'));
    expect('release' in claim).toBe(true);
    try {
      const io = collect();
      expect(await runSandboxCommand('up', { home, io })).toBe(1);
      expect(io.errors).toEqual([
        `sandbox up: this world already runs in process ${process.pid} (a console command, or a \`sandbox up\` still starting); \`chom-console sandbox status\` shows it once it is up`,
      ]);
    } finally {
      if ('release' in claim) claim.release();
    }
  });
});
