// `sandbox up | status | down | reset` through runSandboxCommand: a detached daemon publishing status.json,
// reused by ensureSandbox, stopped by `down`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSandboxCommand, type SandboxCommandIo } from '../../source/cli/sandbox-command.js';
import { ensureSandbox } from '../../source/sandbox/ensure.js';
import { runOnHost } from '../../source/sandbox/host-run.js';
import { readLiveStatus } from '../../source/sandbox/status-file.js';

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
});
