import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReadMetric, buildReload } from '../../source/commands/config-commands.js';
import {
  buildBackup,
  buildChecksum,
  buildInstall,
  buildInstallSecret,
  buildMakeStaging,
  buildPruneBackups,
  buildRemoveStaging,
  buildRestore,
  stagingDir,
} from '../../source/commands/file-commands.js';
import { buildHttpFromHost, parseHttpOutput } from '../../source/commands/http-command.js';
import { runBash } from './bash.js';

const dir = mkdtempSync(join(tmpdir(), 'file-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file helpers', () => {
  it('backs up, installs atomically with mode, checksums and restores (real bash)', () => {
    const target = join(dir, "alert'manager.yml");
    writeFileSync(target, 'old\n');
    writeFileSync(join(dir, 'staged'), 'new\n');
    expect(runBash(buildBackup('h', target, 'r1', { root: false }), dir).stdout).toBe('backed-up\n');
    const install = buildInstall('h', { from: join(dir, 'staged'), to: target, mode: '0640', runId: 'r1' });
    expect(install.script).toBe(
      `install -m '0640' -- '${dir}/staged' '${dir}/alert'\\''manager.yml.tmp-r1' && mv -f -- '${dir}/alert'\\''manager.yml.tmp-r1' '${dir}/alert'\\''manager.yml'`,
    );
    expect(runBash(install, dir).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(runBash(buildChecksum('h', target), dir).stdout.trim()).toBe(
      '7aa7a5359173d05b63cfd682e3c38487f3cb4f7f1d60659fe59fab1505977d4c',
    );
    expect(runBash(buildRestore('h', target, 'r1', { root: false }), dir).stdout).toBe('restored\n');
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    const fresh = join(dir, 'fresh.yml');
    expect(runBash(buildBackup('h', fresh, 'r1', { root: false }), dir).stdout).toBe('absent\n');
    writeFileSync(fresh, 'x');
    expect(runBash(buildRestore('h', fresh, 'r1', { root: false }), dir).stdout).toBe('removed\n');
    expect(existsSync(fresh)).toBe(false);
    expect(
      buildInstall('h', { from: 'a', to: 'b', mode: '0644', owner: 'prometheus', runId: 'r' }).script,
    ).toBe(
      `sudo -n bash -c 'install -m '\\''0644'\\'' -o '\\''prometheus'\\'' -- '\\''a'\\'' '\\''b.tmp-r'\\'' && mv -f -- '\\''b.tmp-r'\\'' '\\''b'\\'''`,
    );
    expect(() => stagingDir('../x')).toThrow(/not a valid run id/);
  });
});

describe('backups made once per deploy, secrets never staged (real bash)', () => {
  const secret = "pa's $Zq9x\n\\ end";

  it('a second backup of the same deploy keeps the first (a resume never backs up the already-new file)', () => {
    const target = join(dir, 'once.yml');
    writeFileSync(target, 'before the deploy\n');
    expect(runBash(buildBackup('h', target, 'run1', { root: false }), dir).stdout).toBe('backed-up\n');
    writeFileSync(target, 'already new\n');
    expect(runBash(buildBackup('h', target, 'run1', { root: false }), dir).stdout).toBe('kept\n');
    expect(readFileSync(`${target}.bak-run1`, 'utf8')).toBe('before the deploy\n');
  });

  it("a secret's backup is 0600 root:root; its restore gives back the live mode", () => {
    const target = join(dir, 'smtp_auth_password');
    writeFileSync(target, 'old secret', { mode: 0o640 });
    const backup = runBash(buildBackup('h', target, 'run1', { root: true, secret: true }), dir);
    expect(backup.stdout, backup.stderr).toBe('backed-up\n');
    const copy = statSync(`${target}.bak-run1`);
    expect([copy.mode & 0o777, copy.uid, copy.gid]).toEqual([0o600, 0, 0]);
    writeFileSync(target, 'new secret');
    const restore = buildRestore('h', target, 'run1', {
      root: true,
      secret: { mode: '0640', owner: 'root' },
    });
    expect(runBash(restore, dir).stdout).toBe('restored\n');
    expect(readFileSync(target, 'utf8')).toBe('old secret');
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  it('installs a secret from stdin: never in argv, no staged copy, earlier leftovers removed', () => {
    const target = join(dir, 'password-file');
    writeFileSync(`${target}.tmp-killed-run`, 'a leftover of a killed run');
    const command = buildInstallSecret('h', { to: target, mode: '0640', runId: 'run2', content: secret });
    expect(command.script).not.toContain('Zq9x');
    expect(command).toMatchObject({ stdin: secret, sensitive: true });
    const result = runBash(command, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(secret);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(existsSync(`${target}.tmp-killed-run`)).toBe(false);
    expect(existsSync(`${target}.tmp-run2`)).toBe(false);
  });

  it('keeps the newest N backups by run id and leaves other names alone', () => {
    const target = join(dir, 'pruned.yml');
    const runs = ['20260101T000000000Z-aaaaaa', '20260102T000000000Z-bbbbbb', '20260103T000000000Z-cccccc'];
    for (const run of runs) writeFileSync(`${target}.bak-${run}`, run);
    writeFileSync(`${target}.bak-by-hand`, 'mine');
    const result = runBash(buildPruneBackups('h', target, 2, false), dir);
    expect(result.stdout).toBe(`removed pruned.yml.bak-${runs[0]}\n`);
    expect(existsSync(`${target}.bak-${runs[0]}`)).toBe(false);
    expect(existsSync(`${target}.bak-${runs[1]}`) && existsSync(`${target}.bak-${runs[2]}`)).toBe(true);
    expect(existsSync(`${target}.bak-by-hand`)).toBe(true);
    expect(() => buildPruneBackups('h', target, 0, false)).toThrow(/not a count/);
  });

  it("removes earlier runs' staging directories, and only those", () => {
    const ids = ['filecmd-old-1', 'filecmd-old-2', 'filecmd-other'];
    for (const id of ids) expect(runBash(buildMakeStaging('h', id), dir).code).toBe(0);
    writeFileSync(join(stagingDir('filecmd-old-1'), 'alertmanager.yml'), 'x');
    const result = runBash(buildRemoveStaging('h', ['filecmd-old-1', 'filecmd-old-2', 'filecmd-never']), dir);
    expect(result.stdout).toBe(
      `removed ${stagingDir('filecmd-old-1')}\nremoved ${stagingDir('filecmd-old-2')}\n`,
    );
    expect(existsSync(stagingDir('filecmd-other'))).toBe(true);
    rmSync(stagingDir('filecmd-other'), { recursive: true });
  });
});

describe('http from a host and reloads', () => {
  it('builds curl with the URL quoted and headers on stdin, never in argv', () => {
    const command = buildHttpFromHost({
      host: 'mentat',
      url: "http://localhost:9090/a?b=1&c='",
      method: 'POST',
      headers: { Authorization: 'Bearer tok' },
      timeoutSeconds: 5,
    });
    expect(command.script).toContain(
      `status=$(curl -sS -X POST --max-time 5 -H @- -o "$body" -w '%{http_code}' -- 'http://localhost:9090/a?b=1&c='\\''') || rc=$?`,
    );
    expect(command.script).not.toContain('tok');
    expect(command).toMatchObject({
      stdin: 'Authorization: Bearer tok\n',
      sensitive: true,
      timeoutMs: 10_000,
    });
    expect(parseHttpOutput('200\n{"ok":true}\n')).toEqual({ status: 200, body: '{"ok":true}\n' });
  });

  it('reloads by POST or by systemctl kill -s HUP (no ExecReload), and reads a gauge', () => {
    expect(buildReload('m', { http: 'http://localhost:9090/prometheus/-/reload' })?.script).toContain(
      `curl -sS -X POST -w '\\n%{http_code}' -- 'http://localhost:9090/prometheus/-/reload'`,
    );
    expect(buildReload('m', { signal: 'HUP', unit: 'alertmanager' })?.script).toBe(
      `sudo -n systemctl kill -s HUP -- 'alertmanager'`,
    );
    expect(buildReload('m', { none: true })).toBeNull();
    const read = buildReadMetric('m', 'http://x/metrics', 'alertmanager_config_last_reload_successful');
    expect(read.script).toContain(
      `awk '$1 == "alertmanager_config_last_reload_successful" || index($1, "alertmanager_config_last_reload_successful{") == 1 { print $2; exit }'`,
    );
    expect(() => buildReadMetric('m', 'u', 'bad name; rm')).toThrow(/not a metric name/);
  });
});
