// The value pre-flight (issue 12, item 8) on the production profile's own entry, the real bb283db
// alertmanager.yml and the real amtool (fed on stdin, as on mentat). Values that passed the form and broke
// after landsraad had changed are refused here with evidence; ordinary and hostile-but-valid ones pass.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostPort } from '../../source/engine/actions/config-render.js';
import { preflightRefusal, runPreflight, type PreflightIo } from '../../source/engine/run/preflight.js';
import { Redactor } from '../../source/engine/run/redaction.js';
import { RunScope } from '../../source/engine/run/run-scope.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { chomConfig } from '../helpers/fixtures.js';

const repo = mkdtempSync(join(tmpdir(), 'preflight-repo-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
mkdirSync(join(repo, 'deploy/config/mentat'), { recursive: true });
copyFileSync(chomConfig('bb283db', 'alertmanager.yml'), join(repo, 'deploy/config/mentat/alertmanager.yml'));

const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production profile does not load');
const profile = loaded.profile;

const ordinary = {
  host: 'smtp.example.org',
  port: '587',
  username: 'alerts',
  password: 'hunter2-long',
  encryption: 'tls',
  from_address: 'alerts@chom.arewel.com',
  from_name: 'CHOM',
  alert_to: 'ops@example.org',
};

/** Runs the pre-flight with `values`; the validator is the real amtool reading the rendered file on stdin. */
async function preflight(values: Partial<typeof ordinary>) {
  const entered = { ...ordinary, ...values };
  const scope = new RunScope(profile, {});
  scope.setForm('smtp', entered);
  const snapshot = scope.snapshot();
  const redactor = new Redactor();
  redactor.add(entered.password);
  const validated: string[] = [];
  const io: PreflightIo = {
    readLocal: async (path) => readFileSync(path, 'utf8'),
    exec: async (host, command, stdin) => {
      validated.push(`${host}: ${command}`);
      // the command as rendered, run by bash as on mentat (obs_bin = /usr/bin here)
      const run = spawnSync('bash', ['-c', command], { input: stdin, encoding: 'utf8' });
      return { code: run.status ?? 255, output: run.stdout + run.stderr };
    },
    holdsSecret: (text) => redactor.redact(text) !== text,
  };
  const result = await runPreflight(
    profile,
    { ...snapshot, vars: { ...snapshot.vars, repo, obs_bin: '/usr/bin' } },
    io,
  );
  const refused = result.checks.filter((check) => check.status === 'refused');
  return { result, refused, validated, text: refused.map((c) => `${c.title}: ${c.evidence}`).join('\n') };
}

describe('the value pre-flight of the production profile', () => {
  it('passes ordinary values, with amtool run on mentat from stdin and every address checked', async () => {
    const { result, validated } = await preflight({});
    expect(result.ok, JSON.stringify(result.checks, null, 1)).toBe(true);
    expect(validated).toEqual(["mentat: cat | '/usr/bin'/amtool check-config /dev/stdin"]);
    expect(result.checks.map((c) => c.id)).toEqual([
      'values:smtp',
      'stored:smtp_api.data.port',
      'render:configure-alertmanager',
      'address:configure-alertmanager:global.smtp_smarthost',
      'address:configure-alertmanager:global.smtp_from',
      'address:configure-alertmanager:receivers[1].email_configs[0].to',
      'address:configure-alertmanager:receivers[2].email_configs[0].to',
      'validate:configure-alertmanager',
    ]);
    expect(result.checks.at(-1)!.evidence).toMatch(/SUCCESS/);
  });

  it('accepts the password ": #" (the old guard matched the template\'s CSS "color: #dc2626")', async () => {
    const { result } = await preflight({ password: ': #' });
    expect(result.ok, JSON.stringify(result.checks)).toBe(true);
  });

  it('refuses a value that holds the password, naming the key (not the template text)', async () => {
    const { result, text } = await preflight({ password: 'alerts-secret', username: 'alerts-secret' });
    expect(result.ok).toBe(false);
    expect(text).toMatch(/global\.smtp_auth_username contains a secret/);
    expect(text).not.toContain('alerts-secret');
  });

  it('brackets an IPv6 host ("::1" renders [::1]:587, which amtool accepts) but refuses it: Alertmanager cannot dial it', async () => {
    expect(hostPort('::1:587')).toBe('[::1]:587');
    expect(hostPort('[::1]:587')).toBe('[::1]:587');
    expect(hostPort('smtp.example.org:587')).toBe('smtp.example.org:587');
    expect(hostPort('2001:db8::25:2525')).toBe('[2001:db8::25]:2525');
    const { result, refused } = await preflight({ host: '::1' });
    expect(result.ok).toBe(false);
    expect(result.checks.find((c) => c.id === 'validate:configure-alertmanager')?.status).toBe('ok');
    expect(refused.map((c) => [c.id, c.evidence])).toEqual([
      [
        'address:configure-alertmanager:global.smtp_smarthost',
        expect.stringMatching(
          /the SMTP host ::1 is an IPv6 address: Alertmanager dials it as ::1:587 \("too many colons"\)/,
        ),
      ],
    ]);
  });

  it('refuses the port "0587" (CHOM stores an integer: it would read back as 587)', async () => {
    const { result, text } = await preflight({ port: '0587' });
    expect(result.ok).toBe(false);
    expect(text).toMatch(/write 587 without leading zeros/);
  });

  it.each([
    ['a,b@x.org', /one address only/],
    ['{{.Receiver}}@sandbox.test', /Alertmanager expands them as a template/],
    ['{{ template "x" }}@sandbox.test', /Alertmanager expands them as a template/],
    ['ops@sandbox.test}}', /Alertmanager expands them as a template/],
    ['"a b"@sandbox.test', /quoted local part/],
    ['ops@sandbox', /not a valid mail domain/],
    ['ops;rm@sandbox.test', /one address only/],
  ])('refuses alert_to %s before anything changes', async (alertTo, reason) => {
    const { result, text } = await preflight({ alert_to: alertTo });
    expect(result.ok).toBe(false);
    expect(text).toMatch(reason);
    expect(preflightRefusal(result)).toMatch(/Nothing was changed on any host/);
  });

  it('refuses a template in the from address too (Alertmanager expands smtp_from)', async () => {
    const { text } = await preflight({ from_address: '{{.Receiver}}@sandbox.test' });
    expect(text).toMatch(/smtp\.from_address: contains "\{\{" or "\}\}"/);
  });

  it("reports amtool's own refusal with its output as evidence", async () => {
    const scope = new RunScope(profile, {});
    scope.setForm('smtp', ordinary);
    const snapshot = scope.snapshot();
    const result = await runPreflight(
      profile,
      { ...snapshot, vars: { ...snapshot.vars, repo, obs_bin: '/usr/bin' } },
      {
        readLocal: async () => 'global: {smtp_from: 1\nroute: [',
        exec: async () => ({ code: 0, output: '' }),
        holdsSecret: () => false,
      },
    );
    expect(result.ok).toBe(false);
    expect(result.checks.find((c) => c.id === 'render:configure-alertmanager')).toMatchObject({
      status: 'refused',
    });
  });
});
