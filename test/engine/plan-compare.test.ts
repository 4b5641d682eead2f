// The plan's comparisons against a "host" that is a local bash in a temp directory: the real read-only
// commands (cat, cmp with the secret on stdin, the .env key reader) run for real. Configs rendered as the
// run would render them vs live (the secret file included), the .env keys (never values), a form's live
// values vs the ones to store (names only). The stored values are hostile throughout.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePlan, type CompareIo } from '../../source/engine/plan/plan-compare.js';
import { emptyScope } from '../../source/profile/scope.js';
import { profileSchema } from '../../source/profile/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-compare-'));
const password = `p'a"s$(touch ${dir}/pwned)&|;\nß ✓`;
const stored = { host: 'smtp.example.org', username: `u"$(id)'ü`, password };
const template =
  'global:\n  smtp_smarthost: x\n  smtp_auth_username: x\nroute: { receiver: a }\nreceivers: [{ name: a }]\n';

mkdirSync(join(dir, 'etc'), { recursive: true });
writeFileSync(join(dir, 'template.yml'), template);
writeFileSync(join(dir, 'api.json'), JSON.stringify({ data: stored }));
writeFileSync(join(dir, 'env'), `APP_KEY=base64:secret-value\nexport DB_HOST="db"\n# comment\nONLY_LIVE=1\n`);

const profile = profileSchema.parse({
  name: 't',
  hosts: { app: { address: '203.0.113.1', roles: ['app'] }, obs: { address: '203.0.113.2' } },
  vars: { base: dir, app_base: dir },
  forms: {
    smtp: {
      title: 'SMTP',
      fields: [
        { id: 'host', label: 'Host', type: 'hostname' },
        { id: 'username', label: 'User', type: 'string' },
        { id: 'password', label: 'Password', type: 'secret' },
      ],
      live: {
        stored: {
          host: 'obs',
          run: { command: 'cat -- {{base}}/api.json' },
          fields: { host: 'data.host', username: 'data.username', password: 'data.password' },
        },
      },
    },
  },
  phases: [
    {
      id: 'p',
      title: 'P',
      steps: [
        {
          id: 'stage',
          title: 'S',
          host: 'obs',
          upload: { source: '{{base}}/template.yml', to: '/hub/t.yml' },
        },
        { id: 'form', title: 'F', host: 'console', form: 'smtp' },
        {
          id: 'render',
          title: 'R',
          host: 'obs',
          when: { skip_if: { config: 'identical' } },
          config: {
            template: '/hub/t.yml',
            target: '{{base}}/etc/am.yml',
            set: {
              'global.smtp_smarthost': '{{smtp_api.data.host}}:25',
              'global.smtp_auth_username': '{{smtp.username}}',
            },
            secret_files: [{ path: '{{base}}/etc/pw', content: '{{smtp_api.data.password}}' }],
            validate: 'true',
            reload: { none: true },
          },
        },
      ],
    },
  ],
  preflight: [
    {
      config: 'render',
      template: '{{base}}/template.yml',
      validate: 'true',
      facts: { 'smtp_api.data.host': '{{smtp.host}}', 'smtp_api.data.password': '{{smtp.password}}' },
    },
  ],
});

/** A host that is this machine's bash: the scripts the engine builds run for real. */
function io(formValues?: Record<string, string>): CompareIo & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    exec: async (_host, script, stdin) => {
      seen.push(script);
      const run = spawnSync('bash', ['-c', script], { input: stdin ?? '', encoding: 'utf8' });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    readLocal: async (path) => readFileSync(path, 'utf8'),
    envExampleKeys: async () => ['APP_KEY', 'DB_HOST', 'MAIL_HOST'],
    scope: () => emptyScope({ vars: profile.vars, secrets: ['smtp.password', 'smtp_api.data.password'] }),
    formValues: () => formValues,
  };
}
const target = { known: true as const, value: 'abc1234' };
const render = (values: Record<string, string>) =>
  template
    .replace('smtp_smarthost: x', `smtp_smarthost: ${values.host}:25`)
    .replace('smtp_auth_username: x', `smtp_auth_username: ${JSON.stringify(values.username)}`);

describe('plan comparisons (read-only, values never carried)', () => {
  it('nothing to change: config and secret file identical, stored settings unchanged', async () => {
    const { configs } = await comparePlan(profile, io(), target, dir);
    const first = configs.known ? configs.value[0]! : null;
    // the live config as the first deploy left it: render it through the engine once, then write it live
    writeFileSync(join(dir, 'etc/pw'), password);
    expect(first?.identical).toBe(false);
    const rendered = first!.files[0]!.diff.filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) =>
      l.slice(1),
    );
    writeFileSync(join(dir, 'etc/am.yml'), `${rendered.join('\n')}\n`);
    const again = await comparePlan(profile, io(), target, dir);
    expect(again.configs).toEqual({
      known: true,
      value: [
        {
          step: 'render',
          host: 'obs',
          identical: true,
          files: [
            { path: `${dir}/etc/am.yml`, secret: false, identical: true, diff: [] },
            { path: `${dir}/etc/pw`, secret: true, identical: true, diff: [] },
          ],
        },
      ],
    });
    expect(again.formSources['smtp.stored']).toEqual({
      known: true,
      value: { identical: true, differing: [] },
    });
    expect(render(stored)).toContain('smtp.example.org:25');
  });

  it('a new password alone: the secret file differs (never shown), the stored settings differ in password only', async () => {
    const fresh = io({ ...stored, password: 'n€w$(id)' });
    const read = await comparePlan(profile, fresh, target, dir);
    const fact = read.configs.known ? read.configs.value[0]! : null;
    expect(fact?.identical).toBe(false);
    expect(fact?.files.map((f) => [f.secret, f.identical, f.diff])).toEqual([
      [false, true, []],
      [true, false, ['(secret file: content differs; not shown)']],
    ]);
    expect(read.formSources['smtp.stored']).toEqual({
      known: true,
      value: { identical: false, differing: ['password'] },
    });
    const everything = JSON.stringify(read) + fresh.seen.join('\n');
    for (const secret of [password, 'n€w$(id)', 'ß ✓']) expect(everything).not.toContain(secret);
    expect(() => readFileSync(join(dir, 'pwned'))).toThrow();
  });

  it('.env keys: names only, both directions; never a value', async () => {
    mkdirSync(join(dir, 'shared'), { recursive: true });
    writeFileSync(join(dir, 'shared/.env'), readFileSync(join(dir, 'env')));
    const { envKeys } = await comparePlan(profile, io(), target, dir);
    expect(envKeys).toEqual({ known: true, value: { missingLive: ['MAIL_HOST'], onlyLive: ['ONLY_LIVE'] } });
    expect(JSON.stringify(envKeys)).not.toContain('secret-value');
  });

  it('a live source that cannot be read leaves the comparison unknown, saying why', async () => {
    const broken = { ...io(), exec: async () => ({ code: 1, stdout: '', stderr: 'curl: (22) 404' }) };
    const read = await comparePlan(profile, broken, target, dir);
    expect(read.formSources['smtp.stored']).toEqual({ known: false, why: 'smtp.stored on obs: exit 1' });
  });
});
