import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { profileSchema } from '../../source/profile/schema.js';
import { LocalBashTransport } from '../helpers/fake-transport.js';
import { hostile, ofType, runCollect, scriptedGates, stateDir } from './tiny-profile.js';
import { chomConfig } from '../helpers/fixtures.js';
import { journalDir, readJournal } from '../../source/engine/run/journal.js';
import { resumeState } from '../../source/engine/run/resume.js';
import type { RunEvent } from '../../source/engine/run/events.js';
import { RecordingTransport, type Sent } from '../helpers/sandbox-run.js';
import { deployRecovery } from '../../source/engine/run/recovery.js';
import { TransportError, type Transport } from '../../source/transport/transport.js';

const root = mkdtempSync(join(tmpdir(), 'action-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const metric = 'alertmanager_config_last_reload_successful';

function world(name: string, smarthost: string, metricValue: number) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'staged'), { recursive: true });
  mkdirSync(join(dir, 'etc'), { recursive: true });
  copyFileSync(chomConfig('bb283db', 'alertmanager.yml'), join(dir, 'staged', 'alertmanager.yml'));
  copyFileSync(chomConfig('7f572d2', 'alertmanager.yml'), join(dir, 'etc', 'alertmanager.yml'));
  writeFileSync(join(dir, 'metrics'), `# HELP x\n${metric} ${metricValue}\n`);
  const profile = profileSchema.parse({
    name: 'cfg',
    hosts: { mentat: { embedded: true } },
    forms: { smtp: { title: 'SMTP', fields: [{ id: 'password', label: 'Password', type: 'secret' }] } },
    phases: [
      {
        id: 'obs',
        title: 'Observability',
        steps: [
          { id: 'smtp', title: 'SMTP', host: 'mentat', form: 'smtp' },
          {
            id: 'am',
            title: 'Alertmanager config',
            host: 'mentat',
            config: {
              template: '{{dir}}/staged/alertmanager.yml',
              target: '{{dir}}/etc/alertmanager.yml',
              set: {
                'global.smtp_from': 'alerts@example.org',
                'global.smtp_smarthost': smarthost,
                'global.smtp_auth_username': 'alerts',
                'global.smtp_require_tls': { value: 'false', type: 'bool' },
                'receivers[1].email_configs[0].to': 'ops@example.org',
                'receivers[2].email_configs[0].to': 'ops@example.org',
              },
              unset: ['global.smtp_auth_password'],
              secret_files: [
                {
                  path: '{{dir}}/etc/smtp_password',
                  content: '{{smtp.password}}',
                  reference: 'global.smtp_auth_password_file',
                },
              ],
              validate: 'amtool check-config {{staged}}',
              reload: { none: true },
              confirm: { metrics_url: 'file://{{dir}}/metrics', metric },
            },
          },
        ],
      },
    ],
  });
  const transports = new Map([['mentat', new LocalBashTransport('mentat', dir)]]);
  return { dir, profile, transports, runtimeVars: { dir } };
}

describe('config action against real bash and real amtool', () => {
  it('renders, validates, backs up, installs with a 0640 password file, confirms; the password is only in that file', async () => {
    const w = world('ok', 'smtp.example.org:587', 1);
    const before = readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8');
    const { summary, events } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates: scriptedGates(),
    });
    expect(summary.message).toBeNull();
    expect(summary.outcome).toBe('ok');
    const live = readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8');
    expect(live).not.toContain('pwned');
    expect(parse(live).global.smtp_auth_password_file).toBe(join(w.dir, 'etc', 'smtp_password'));
    expect(live).toContain('{{ .GroupLabels.alertname }}');
    expect(readFileSync(join(w.dir, 'etc', 'smtp_password'), 'utf8')).toBe(hostile);
    expect(statSync(join(w.dir, 'etc', 'smtp_password')).mode & 0o777).toBe(0o640);
    const backup = readdirSync(join(w.dir, 'etc')).find((n) => n.startsWith('alertmanager.yml.bak-'))!;
    expect(readFileSync(join(w.dir, 'etc', backup), 'utf8')).toBe(before);
    expect(existsSync(`/tmp/chom-console-${summary.runId}`)).toBe(false);
    expect(JSON.stringify(events)).not.toContain('pwned');
    expect(ofType(events, 'command-finished').some((e) => e.command.startsWith('amtool check-config'))).toBe(
      true,
    );
  });

  it('a config that fails validation changes nothing live', async () => {
    const w = world('invalid', 'no-port', 1);
    const before = readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8');
    const { summary, events } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates: scriptedGates(),
    });
    expect(summary.outcome).toBe('failed');
    const failure = ofType(events, 'step-finished').find((e) => e.outcome === 'failed')!.failure!;
    expect(failure.message).toContain('failed validation; nothing live was changed');
    expect(failure.stderrTail.join('\n')).toContain('missing port in address');
    expect(readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8')).toBe(before);
    expect(readdirSync(join(w.dir, 'etc')).sort()).toEqual(['alertmanager.yml']);
  });

  it('restores the previous files when the reload did not take effect', async () => {
    const w = world('not-applied', 'smtp.example.org:587', 0);
    const before = readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8');
    const { summary, events } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates: scriptedGates(),
    });
    expect(summary.outcome).toBe('failed');
    const failure = ofType(events, 'step-finished').find((e) => e.outcome === 'failed')!.failure!;
    expect(failure.message).toContain('the previous files were restored');
    expect(failure.stderrTail.join('\n')).toContain(`${metric} is 0 after the reload`);
    expect(readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8')).toBe(before);
    expect(existsSync(join(w.dir, 'etc', 'smtp_password'))).toBe(false);
  });

  it('installs with the password ": #": the secret guard looks at the values set, not the template\'s CSS', async () => {
    const w = world('colon-hash', 'smtp.example.org:587', 1);
    const gates = scriptedGates();
    gates.form = async () => ({ values: { password: ': #' }, by: 'tester' });
    const { summary } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates,
    });
    expect(summary.message).toBeNull();
    expect(readFileSync(join(w.dir, 'etc', 'smtp_password'), 'utf8')).toBe(': #');
    expect(readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8')).toContain('color: #dc2626');
  });

  it('refuses a set value that holds the password, naming its key, before staging anything', async () => {
    const w = world('secret-in-value', 'smtp.example.org:587', 1);
    const before = readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8');
    const gates = scriptedGates();
    gates.form = async () => ({ values: { password: 'example.org' }, by: 'tester' });
    const { summary, events } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates,
    });
    expect(summary.outcome).toBe('failed');
    const failure = ofType(events, 'step-finished').find((e) => e.outcome === 'failed')!.failure!;
    expect(failure.message).toMatch(/the value for global\.smtp_from in alertmanager\.yml contains a secret/);
    expect(readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8')).toBe(before);
  });
});

/** Form answers with a chosen password (each deploy may rotate it). */
function withPassword(password: string) {
  return { ...scriptedGates(), form: async () => ({ values: { password }, by: 'tester' }) };
}

const backupsOf = (dir: string, name: string) =>
  readdirSync(join(dir, 'etc'))
    .filter((n) => n.startsWith(`${name}.bak-`))
    .sort();

describe('backups belong to the deploy; the password is never staged', () => {
  it('sends the password only on stdin into its final file: nothing staged, no copy in /tmp', async () => {
    const w = world('stdin-only', 'smtp.example.org:587', 1);
    const sent: Sent[] = [];
    const transports = new Map([['mentat', new RecordingTransport(w.transports.get('mentat')!, sent)]]);
    const { summary } = await runCollect({
      profile: w.profile,
      transports,
      runtimeVars: w.runtimeVars,
      gates: scriptedGates(),
    });
    expect(summary.outcome).toBe('ok');
    const uploads = sent.filter((s) => s.kind === 'upload').map((s) => s.text);
    expect(uploads).toEqual([`/tmp/chom-console-${summary.runId}/alertmanager.yml`]);
    expect(sent.map((s) => s.text).join('\n')).not.toContain('pwned');
    expect(readFileSync(join(w.dir, 'etc', 'smtp_password'), 'utf8')).toBe(hostile);
  });

  it("a resumed step reuses the first run's backups: no second set, and a failure restores the real before-state", async () => {
    const w = world('resume', 'smtp.example.org:587', 1);
    const home = stateDir();
    const before = readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8');
    const first = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates: withPassword('first-secret'),
      stateDir: home,
    });
    expect(first.summary.outcome).toBe('ok');
    // As if the console had been killed after the files went live and before the step was journaled as done.
    const killed: RunEvent[] = readJournal(first.summary.journalPath!).filter(
      (e) => !(e.type === 'step-finished' && e.stepId === 'am') && e.type !== 'run-finished',
    );
    // The resumed run's reload is not confirmed: the step fails and must restore the files of before the deploy.
    writeFileSync(join(w.dir, 'metrics'), `${metric} 0\n`);
    const resumed = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates: withPassword('second-secret'),
      stateDir: home,
      resume: resumeState(killed),
    });
    expect(resumed.summary.outcome).toBe('failed');
    expect(backupsOf(w.dir, 'alertmanager.yml')).toEqual([`alertmanager.yml.bak-${first.summary.runId}`]);
    expect(readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8')).toBe(before);
    // the password file did not exist before the deploy: gone again, and never backed up
    expect(existsSync(join(w.dir, 'etc', 'smtp_password'))).toBe(false);
    expect(backupsOf(w.dir, 'smtp_password')).toEqual([]);
    rmSync(home, { recursive: true, force: true });
  });

  it('keeps the backups of the last N deploys (N = releases kept); a password copy is 0600', async () => {
    const w = world('rotate', 'smtp.example.org:587', 1);
    const home = stateDir();
    const runs: string[] = [];
    for (let deploy = 1; deploy <= 7; deploy += 1) {
      const { summary } = await runCollect({
        profile: w.profile,
        transports: w.transports,
        runtimeVars: w.runtimeVars,
        gates: withPassword(`secret-${deploy}`),
        stateDir: home,
      });
      expect(summary.outcome).toBe('ok');
      runs.push(summary.runId);
    }
    // the tiny profile has no `release: cleanup`: the seed's 5
    expect(backupsOf(w.dir, 'alertmanager.yml')).toEqual(
      runs.slice(2).map((r) => `alertmanager.yml.bak-${r}`),
    );
    // deploy 1 created the password file; deploys 2..7 backed up the one before theirs, the newest 5 stay
    const copies = backupsOf(w.dir, 'smtp_password');
    expect(copies).toEqual(runs.slice(2).map((r) => `smtp_password.bak-${r}`));
    for (const copy of copies) expect(statSync(join(w.dir, 'etc', copy)).mode & 0o777).toBe(0o600);
    expect(copies.map((c) => readFileSync(join(w.dir, 'etc', c), 'utf8'))).toEqual([
      'secret-2',
      'secret-3',
      'secret-4',
      'secret-5',
      'secret-6',
    ]);
    rmSync(home, { recursive: true, force: true });
  });

  it("removes the staging directories earlier runs left on the host (a killed run's)", async () => {
    const w = world('staging', 'smtp.example.org:587', 1);
    const home = stateDir();
    const killed = '20200101T000000000Z-dead01';
    mkdirSync(journalDir(home), { recursive: true });
    writeFileSync(join(journalDir(home), `${killed}.jsonl`), '');
    mkdirSync(`/tmp/chom-console-${killed}`, { recursive: true, mode: 0o700 });
    writeFileSync(`/tmp/chom-console-${killed}/alertmanager.yml`, 'left behind');
    const { summary } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates: scriptedGates(),
      stateDir: home,
    });
    expect(summary.outcome).toBe('ok');
    expect(existsSync(`/tmp/chom-console-${killed}`)).toBe(false);
    rmSync(home, { recursive: true, force: true });
  });
});

/** The mentat transport of `w`, whose connection drops once the confirmation read was sent (it still runs). */
function droppingAfterConfirm(w: ReturnType<typeof world>, then: 'connection-lost' | 'unreachable') {
  const inner: Transport = w.transports.get('mentat')!;
  let dropped = false;
  const transport: Transport = {
    host: 'mentat',
    connect: () => inner.connect(),
    async exec(request) {
      if (dropped) throw new TransportError(then, 'mentat: connection lost while running a command');
      const result = await inner.exec(request);
      if (!request.command.includes(metric)) return result;
      dropped = true;
      throw new TransportError('connection-lost', 'mentat: connection lost while running a command');
    },
    upload: (request) => inner.upload(request),
    download: (path, signal) => inner.download(path, signal),
    status: () => inner.status(),
    close: () => inner.close(),
  };
  return new Map([['mentat', transport]]);
}

describe('what a config step whose connection dropped left live', () => {
  it('installed, then the connection dropped and the restore never came back: both files may be the new ones', async () => {
    const w = world('dropped-unknown', 'smtp.example.org:587', 1);
    const before = readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8');
    const { summary } = await runCollect({
      profile: w.profile,
      transports: droppingAfterConfirm(w, 'connection-lost'),
      runtimeVars: w.runtimeVars,
      gates: scriptedGates(),
    });
    expect(summary.outcome).toBe('failed');
    // the install ran: the new content is live, the restore never reached the files
    expect(readFileSync(join(w.dir, 'etc', 'alertmanager.yml'), 'utf8')).not.toBe(before);
    expect(summary.configured).toEqual([
      {
        kind: 'unknown',
        stepId: 'am',
        host: 'mentat',
        files: [join(w.dir, 'etc', 'smtp_password'), join(w.dir, 'etc', 'alertmanager.yml')],
        reason: 'the connection dropped during am, and the restore did not come back',
      },
    ]);
    const recovery = deployRecovery(summary, { profile: null });
    expect(recovery.live).toEqual([
      'mentat: not switched by this run; unknown: the connection dropped during am, and the restore did not come back; smtp_password and alertmanager.yml may be the new ones',
    ]);
    expect(recovery.commands.map((c) => c.command)).toEqual([
      `chom-console deploy --resume ${summary.runId}`,
      'chom-console rollback --target observability',
    ]);
  });

  it('installed, then the host refused the restore: the new files are live and said so', async () => {
    const w = world('dropped-changed', 'smtp.example.org:587', 1);
    const { summary } = await runCollect({
      profile: w.profile,
      transports: droppingAfterConfirm(w, 'unreachable'),
      runtimeVars: w.runtimeVars,
      gates: scriptedGates(),
    });
    expect(readFileSync(join(w.dir, 'etc', 'smtp_password'), 'utf8')).toBe(hostile);
    expect(deployRecovery(summary, { profile: null }).live).toEqual([
      'mentat: not switched by this run; live configs changed by am',
    ]);
  });

  it('a reload that did not take effect and a restore that came back ok leave nothing changed', async () => {
    const w = world('restored-ok', 'smtp.example.org:587', 0);
    const { summary } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      runtimeVars: w.runtimeVars,
      gates: scriptedGates(),
    });
    expect(summary.outcome).toBe('failed');
    expect(summary.configured).toEqual([]);
    expect(deployRecovery(summary, { profile: null }).commands.map((c) => c.command)).toEqual([
      `chom-console deploy --resume ${summary.runId}`,
    ]);
  });
});
