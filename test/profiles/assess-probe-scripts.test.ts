// The runbook's text-matching probes, run by the real bash on crafted files: each answer is the one a grep per
// question gives (the probes ask all questions in one grep), including matches hidden inside longer ones.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { writeTree } from '../helpers/profile-tree.js';
import { waitFor } from '../helpers/wait-for.js';

type RawProbe = { id: string; run?: { command: string } };
// the runbook's probes, in their own file (production.yaml includes it)
const runbook = {
  assess: YAML.parse(readFileSync(resolve('profiles/production/assess.yaml'), 'utf8')) as RawProbe[],
};
const command = (id: string): string => {
  const probe = runbook.assess.find((p) => p.id === id);
  if (!probe?.run) throw new Error(`no run probe ${id}`);
  return probe.run.command;
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes `files` under a new directory and runs the probe with `{{var}}` pointing at it. */
function run(
  id: string,
  vars: string[],
  files: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
  dir = mkdtempSync(join(tmpdir(), 'chom-probe-')),
): string {
  dirs.push(dir);
  writeTree(dir, files);
  let script = command(id);
  for (const name of vars) script = script.replaceAll(`{{${name}}}`, `'${dir}'`);
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe('deploy-hub-faults', () => {
  it('names each fault once per script, signatures inside a longer match included', () => {
    const out = run('deploy-hub-faults', ['deploy_hub'], {
      // smtp-config appears only inside the sed match and inside /tmp/smtp-config: still "has the API"
      'scripts/deploy-observability.sh':
        '#!/bin/bash\nsed -i "s|x|$(cat /tmp/smtp-config)|" file # MAIL\nsed -i "s/__SMTP_PASSWORD__/$SMTP_PASSWORD/" am.yml\n',
      // no signature at all, and a name with a colon
      'scripts/old:copy-observability.sh': 'echo nothing here\n',
      'scripts/health-check-observability.sh': 'curl -sf http://localhost:9093/-/healthy\nsmtp-config\n',
      'deploy-chom.sh': 'if [ -z "$SKIP_OBSERVABILITY" ]; then deploy_observability; fi\n',
      'scripts/rollback.sh': 'if [ "$AUTO_CONFIRM" != yes ]; then read -r answer; fi\n',
      'scripts/deploy-application.sh': 'AUTO_CONFIRM=1 SKIP_OBSERVABILITY=1\n',
    });
    expect(out.trim().split('\n').sort()).toEqual(
      [
        'deploy-chom.sh observability-first',
        'scripts/deploy-observability.sh sed-password',
        'scripts/deploy-observability.sh secret-in-tmp',
        'scripts/health-check-observability.sh health-without-prefix',
        'scripts/old:copy-observability.sh no-api-integration',
        'scripts/rollback.sh prompts-without-target',
      ].sort(),
    );
  });

  it('prints nothing for a hub without scripts', () => {
    expect(run('deploy-hub-faults', ['deploy_hub'], { 'README.md': 'empty\n' })).toBe('');
  });
});

describe('alertmanager-smtp', () => {
  const probe = (config: string) =>
    run('alertmanager-smtp', ['obs_etc'], { 'alertmanager/alertmanager.yml': config });

  it('tells placeholders, configured, commented and absent apart, with the password source', () => {
    expect(probe("global:\n  smtp_smarthost: '__SMTP_HOST__:__SMTP_PORT__'\n  smtp_auth_password: x\n")).toBe(
      'smtp=placeholders\npassword=inline\n',
    );
    expect(probe('global:\n  smtp_smarthost: mail:587\n  smtp_auth_password_file: /etc/am/pw\n')).toBe(
      'smtp=configured\npassword=file\n',
    );
    expect(probe('global:\n  # smtp_smarthost: mail:587\n  #smtp_from: a@b\n')).toBe(
      'smtp=commented\npassword=none\n',
    );
    // a key at column 0 is not under `global:` (the old per-question greps said the same)
    expect(probe('smtp_smarthost: mail:587\nroute: {}\n')).toBe('smtp=absent\npassword=none\n');
    // a commented placeholder is still a placeholder
    expect(probe('global:\n  # smtp_auth_password: __SMTP_PASSWORD__\n')).toBe(
      'smtp=placeholders\npassword=none\n',
    );
  });

  it('reads a file with a NUL byte as text (as grep -q did)', () => {
    expect(probe('global:\n  smtp_smarthost: mail:587\n  note: "\u0000"\n')).toBe(
      'smtp=configured\npassword=none\n',
    );
  });

  it('never prints the password itself', () => {
    const out = probe('global:\n  smtp_smarthost: mail:587\n  smtp_auth_password: "hunter2-$(id)"\n');
    expect(out).toBe('smtp=configured\npassword=inline\n');
    expect(out).not.toContain('hunter2');
  });
});

describe('observability-config', () => {
  it('reads the first path_prefix without quotes and counts the .backup files', () => {
    const out = run('observability-config', ['obs_etc'], {
      'prometheus/prometheus.yml':
        "alerting:\n  alertmanagers:\n    - path_prefix: \t'/alertmanager' \n      static_configs: []\n    - path_prefix: /second\n",
      'prometheus/rules/basic.yml.backup': 'x',
      'alertmanager/alertmanager.yml.backup': 'x',
      'alertmanager/alertmanager.yml': 'x',
    });
    expect(out).toBe('alerting_path_prefix=/alertmanager\nbackups=2\n');
  });

  it('says empty and 0 when there is no prefix and no backup', () => {
    const out = run('observability-config', ['obs_etc'], { 'prometheus/prometheus.yml': 'global: {}' });
    expect(out).toBe('alerting_path_prefix=\nbackups=0\n');
  });
});

describe('observability-services', () => {
  const running: ChildProcess[] = [];
  afterAll(() => running.forEach((child) => child.kill('SIGKILL')));

  /** A process whose command line holds a service's flags (bash's own arguments). */
  const fake = async (etc: string, unit: string, storage: string): Promise<number> => {
    const child = spawn(
      'bash',
      [
        '-c',
        // a second command keeps bash itself running (it would exec a lone `sleep` in its place)
        'sleep 30; exit 0',
        unit,
        `--config.file=${etc}/${unit}/${unit}.yml`,
        `--${storage}=/data/${unit} x`,
        `--web.external-url=http://mentat/${unit}`,
      ],
      { stdio: 'ignore' },
    );
    running.push(child);
    // spawn returns before the exec: wait until the command line is the fake service's
    const cmdline = `/proc/${child.pid}/cmdline`;
    await waitFor(() => readFileSync(cmdline, 'utf8').includes('--config.file='), `${unit}'s command line`);
    return child.pid!;
  };

  /** A systemctl that shows the two units with these main PIDs (0 = stopped). */
  function systemctl(dir: string, pids: { prometheus: number; alertmanager: number }): string {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const show = Object.entries(pids)
      .map(
        ([unit, pid]) =>
          // as systemd prints them: the Service properties (MainPID) before the Unit's (Id, ActiveState…)
          `MainPID=${pid}\nId=${unit}.service\nActiveState=${pid ? 'active' : 'inactive'}\nActiveEnterTimestamp=${pid ? 'Tue 2026-01-06 13:23:20 UTC' : ''}\n`,
      )
      .join('\n');
    writeFileSync(join(bin, 'systemctl'), `#!/bin/bash\nprintf '${show}'\n`, { mode: 0o755 });
    return `${bin}:${process.env.PATH}`;
  }

  it("reads each running service's flags from its main process, and looks among all processes otherwise", async () => {
    const etc = mkdtempSync(join(tmpdir(), 'chom-probe-etc-'));
    const prometheus = await fake(etc, 'prometheus', 'storage.tsdb.path');
    const alertmanager = await fake(etc, 'alertmanager', 'storage.path');
    const lines = (amState: string, amSince: string, storage: (unit: string) => string) =>
      [
        'prometheus_state=active',
        'prometheus_since=Tue 2026-01-06 13:23:20 UTC',
        `alertmanager_state=${amState}`,
        `alertmanager_since=${amSince}`,
        `prometheus_config=${etc}/prometheus/prometheus.yml`,
        `prometheus_storage=${storage('prometheus')}`,
        'prometheus_external_url=http://mentat/prometheus',
        `alertmanager_config=${etc}/alertmanager/alertmanager.yml`,
        `alertmanager_storage=${storage('alertmanager')}`,
        'alertmanager_external_url=http://mentat/alertmanager',
        '',
      ].join('\n');
    const bin = mkdtempSync(join(tmpdir(), 'chom-probe-bin-'));
    dirs.push(bin);
    // both main processes known: /proc gives whole values (a space included)
    const fast = run(
      'observability-services',
      ['obs_etc'],
      {},
      { PATH: systemctl(bin, { prometheus, alertmanager }) },
      etc,
    );
    expect(fast).toBe(lines('active', 'Tue 2026-01-06 13:23:20 UTC', (u) => `/data/${u} x`));
    // alertmanager runs outside systemd (its unit is stopped): pgrep -a and awk find both, a value ending at
    // its first space as it always did
    const fallback = run(
      'observability-services',
      ['obs_etc'],
      {},
      { PATH: systemctl(bin, { prometheus, alertmanager: 0 }) },
      etc,
    );
    expect(fallback).toBe(lines('inactive', '', (u) => `/data/${u}`));
    // a unit whose main process wraps the service (`bash -c "… --config.file=…"`): not read as flags of its
    // own, the processes are searched instead (the real service's values, not empty ones)
    const wrapper = spawn(
      'bash',
      ['-c', `sleep 30; exit 0 # --config.file=${etc}/prometheus/prometheus.yml`],
      {
        stdio: 'ignore',
      },
    );
    running.push(wrapper);
    const wrapped = run(
      'observability-services',
      ['obs_etc'],
      {},
      { PATH: systemctl(bin, { prometheus: wrapper.pid!, alertmanager }) },
      etc,
    );
    expect(wrapped).toBe(lines('active', 'Tue 2026-01-06 13:23:20 UTC', (u) => `/data/${u}`));
  });
});

describe('api-routes (one curl, one awk)', () => {
  it('gives the two status codes, the password exposure and both reload results from one reply stream', async () => {
    const server = createServer((request, response) => {
      const body: Record<string, [number, string]> = {
        '/api/v1/system/smtp-config': [200, '{"host":"smtp","password":"s3cr\\"et"}'],
        '/api/v1/observability/health': [404, 'not found'],
        '/prometheus/metrics': [200, '# HELP x\nprometheus_config_last_reload_successful 1\nother 0\n'],
        '/alertmanager/metrics': [200, 'alertmanager_config_last_reload_successful 0'],
        '/grafana/api/health': [200, '{\n  "commit": "abc",\n  "database": "ok",\n  "version": "10.2.3"\n}'],
        '/prometheus/api/v1/rules': [
          200,
          '{"status":"success","data":{"groups":[{"name":"node alerts","file":"/r/basic.yml","rules":[]},{"name":"redis","file":"/r/basic.yml"}]}}',
        ],
      };
      const [status, text] = body[request.url ?? ''] ?? [500, ''];
      response.writeHead(status).end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const script = command('api-routes')
        .replaceAll('{{app_url}}', base)
        .replaceAll('{{prometheus_url}}', `${base}/prometheus`)
        .replaceAll('{{alertmanager_url}}', `${base}/alertmanager`)
        .replaceAll('{{grafana_url}}', `${base}/grafana`);
      const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      expect(out).toBe(
        [
          'smtp_config=200',
          'observability_health=404',
          'rule_group=node alerts',
          'rule_group=redis',
          'exposes_password=yes (the unauthenticated API returns the decrypted SMTP password)',
          'prometheus=1',
          'alertmanager=0',
          'grafana_database=ok',
          'grafana_version=10.2.3',
          '',
        ].join('\n'),
      );
    } finally {
      server.close();
    }
  });
});

describe('releases', () => {
  it('lists release directories by name, oldest first, and nothing else', () => {
    const out = run('releases', ['app_base'], {
      'releases/20260106_132320/.keep': '',
      'releases/20251230_090000/.keep': '',
      'releases/20260109_083804/.keep': '',
      'releases/not-a-release/.keep': '',
      'releases/20260109_0838/.keep': '',
      'releases/.20260101_000000/.keep': '',
    });
    expect(out).toBe('20251230_090000\n20260106_132320\n20260109_083804\n');
  });

  it('prints nothing for a base without releases', () => {
    expect(run('releases', ['app_base'], { 'shared/.env': '' })).toBe('');
  });
});
